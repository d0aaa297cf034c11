"""Recording time left on the disk before a recording has started (and so has no bitrate of
its own yet): free space over a typical bitrate for the chosen picture size."""

from __future__ import annotations

from vfapp.capture.disk import DiskPolicy
from vfapp.capture.frames import VideoMode

# A living room at 720p30 through libx264 (CRF ~23, veryfast) plus AAC: about 2.5 Mbit/s.
TYPICAL_720P30_BYTES_PER_S = 320_000


def typical_bytes_per_second(mode: VideoMode) -> float:
    pixels = mode.width * mode.height * mode.fps
    return TYPICAL_720P30_BYTES_PER_S * pixels / (1280 * 720 * 30)


def estimated_minutes_left(
    free_bytes: int, mode: VideoMode, policy: DiskPolicy | None = None
) -> float | None:
    return (policy or DiskPolicy()).minutes_left(free_bytes, typical_bytes_per_second(mode))
