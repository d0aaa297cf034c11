"""A short plain fragmented MP4 with a comment in it: what a leak would look like."""

from __future__ import annotations

from typing import BinaryIO

import av
import numpy as np
from pydantic import BaseModel, ConfigDict

FRAGMENTED_MP4 = {"movflags": "frag_keyframe+empty_moov+default_base_moof"}


class ClipFacts(BaseModel):
    model_config = ConfigDict(frozen=True)

    frames: int
    fps: int
    width: int
    height: int


def _scene(index: int, fps: int, width: int, height: int) -> np.ndarray:
    """A textured background, a bar sweeping across, and a white flash once a second."""
    y, x = np.mgrid[0:height, 0:width]
    frame = np.empty((height, width, 3), np.uint8)
    frame[..., 0] = (x * 255 // width + index * 3) % 256
    frame[..., 1] = (y * 255 // height) % 256
    frame[..., 2] = ((x // 16 + y // 16) % 2) * 90 + 40
    left = (index * 9) % max(1, width - 24)
    frame[:, left : left + 24] = (250, 200, 40)
    if index % fps == 0:
        frame[: height // 8, : width // 8] = 255
    return frame


def encode_demo_clip(
    sink: BinaryIO,
    *,
    seconds: float = 3.0,
    fps: int = 15,
    width: int = 320,
    height: int = 240,
    comment: str | None = None,
) -> ClipFacts:
    """Write an H.264 fragmented MP4 of a moving scene into `sink` (which need not seek)."""
    frames = max(1, round(seconds * fps))
    with av.open(sink, "w", format="mp4", options=FRAGMENTED_MP4) as container:
        if comment:
            container.metadata["comment"] = comment
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"g": str(fps), "crf": "26", "preset": "veryfast"}
        for index in range(frames):
            frame = av.VideoFrame.from_ndarray(_scene(index, fps, width, height), format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return ClipFacts(frames=frames, fps=fps, width=width, height=height)
