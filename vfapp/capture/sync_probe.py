"""Measure A/V sync on a synthetic recording: each flash in the picture against its beep."""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

import av
import numpy as np
from pydantic import BaseModel, ConfigDict

from vfapp.capture.frames import VideoMode
from vfapp.capture.synthetic import flash_patch

Media = Path | BinaryIO | io.RawIOBase
_FLASH_LUMA = 200  # the flash patch is pure white; the scene never averages this bright
_BEEP_LEVEL = 0.15  # beeps peak at 0.5; room noise stays near 0.005
_QUIET_BEFORE_S = 0.5


class SyncReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    flashes_s: tuple[float, ...]
    beeps_s: tuple[float, ...]
    offsets_ms: tuple[float, ...]  # beep minus flash, for each flash that has a beep

    @property
    def max_abs_offset_ms(self) -> float:
        return max((abs(o) for o in self.offsets_ms), default=float("nan"))


def measure_av_sync(media: Media) -> SyncReport:
    with av.open(media, "r") as container:
        video = container.streams.video[0]
        mode = VideoMode(width=video.width, height=video.height, fps=30)
        rows, cols = flash_patch(mode)
        flashes: list[float] = []
        bright_before = False
        for frame in container.decode(video=0):
            luma = frame.to_ndarray(format="gray")[rows, cols].mean()
            bright = luma > _FLASH_LUMA
            if bright and not bright_before and frame.time is not None:
                flashes.append(float(frame.time))
            bright_before = bright
    beeps = _beep_onsets(media)
    offsets: list[float] = []
    for flash in flashes:
        nearest = min(beeps, key=lambda beep: abs(beep - flash), default=None)
        if nearest is not None and abs(nearest - flash) < 0.5:
            offsets.append((nearest - flash) * 1000)
    return SyncReport(flashes_s=tuple(flashes), beeps_s=tuple(beeps), offsets_ms=tuple(offsets))


def _beep_onsets(media: Media) -> list[float]:
    if not isinstance(media, Path):
        media.seek(0)
    with av.open(media, "r") as container:
        if not container.streams.audio:
            return []
        onsets: list[float] = []
        last = -float("inf")
        # Each frame at its own time, as a player does: counting samples from the first
        # frame would hide a jump in the timestamps (and with it a real offset).
        for frame in container.decode(audio=0):
            level = np.abs(frame.to_ndarray().astype(np.float32).mean(axis=0))
            start = float(frame.time or 0.0)
            for index in np.flatnonzero(level > _BEEP_LEVEL):
                at = start + float(index) / frame.sample_rate
                if at - last > _QUIET_BEFORE_S:
                    onsets.append(at)
                last = at
    return onsets
