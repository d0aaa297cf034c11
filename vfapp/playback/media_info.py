"""What a film is: duration, real frame rate, frame count, size, rotation, sound."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from vfapp.playback.frame_index import FrameIndex


class AudioInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    codec: str
    sample_rate: int
    channels: int


class MediaInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    duration_s: float
    fps: float  # the median rate; see `variable_rate`
    variable_rate: bool
    frame_count: int
    width: int
    height: int
    rotation: int  # clockwise turn applied to show the film upright
    video_codec: str
    audio: AudioInfo | None
    damaged_from_s: float | None = None  # plays up to here; the rest could not be read

    @property
    def upright_size(self) -> tuple[int, int]:
        """Width and height as shown, after rotation."""
        return (
            (self.height, self.width) if self.rotation in (90, 270) else (self.width, self.height)
        )


def describe(container: Any, index: FrameIndex, rotation: int, damaged: bool) -> MediaInfo:
    video = container.streams.video[0]
    audio = container.streams.audio[0] if container.streams.audio else None
    return MediaInfo(
        duration_s=index.duration_s,
        fps=index.fps,
        variable_rate=index.variable_rate,
        frame_count=index.frame_count,
        width=video.codec_context.width,
        height=video.codec_context.height,
        rotation=rotation,
        video_codec=video.codec_context.name,
        audio=AudioInfo(
            codec=audio.codec_context.name,
            sample_rate=audio.codec_context.sample_rate,
            channels=audio.codec_context.channels,
        )
        if audio is not None
        else None,
        damaged_from_s=index.duration_s if damaged else None,
    )
