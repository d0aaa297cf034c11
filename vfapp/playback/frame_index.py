"""Every frame's presentation time and keyframe flag: a time maps to an exact frame and back.

Time 0 is the film's first picture (as for markers). Built once by reading the packets (no
decoding), then cached in the vault.
"""

from __future__ import annotations

import math
import struct
import zlib
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from vfapp.domain.errors import InvalidInput

FORMAT = 1
_HEADER = struct.Struct("<IqqI")  # frame count, time base numerator, denominator, reserved


class FrameIndex:
    def __init__(
        self,
        pts: npt.NDArray[np.int64],
        dts: npt.NDArray[np.int64],
        keyframe: npt.NDArray[np.bool_],
        time_base: Fraction,
    ) -> None:
        if pts.size == 0:
            raise ValueError("a film needs at least one frame")
        self.pts = pts  # presentation timestamps in `time_base`, ascending
        self.dts = dts  # each frame's decode timestamp: what the demuxer seeks by
        self.keyframe = keyframe
        self.time_base = time_base
        # Seconds from the first picture, one per frame.
        self.times: npt.NDArray[np.float64] = (pts - pts[0]).astype(np.float64) * float(time_base)
        self._keyframes = np.flatnonzero(keyframe)

    @property
    def frame_count(self) -> int:
        return int(self.pts.size)

    @property
    def frame_duration_s(self) -> float:
        """The typical gap between frames (the median, robust to a variable rate)."""
        return float(np.median(np.diff(self.times))) if self.frame_count > 1 else 1 / 30

    @property
    def duration_s(self) -> float:
        return float(self.times[-1]) + self.frame_duration_s

    @property
    def fps(self) -> float:
        return 1 / self.frame_duration_s

    @property
    def variable_rate(self) -> bool:
        """True when frame gaps wander more than 5% (a webcam in a dim room, a phone)."""
        if self.frame_count < 3:
            return False
        gaps = np.diff(self.times)
        return bool(np.std(gaps) > 0.05 * np.mean(gaps))

    def time_of(self, frame: int) -> float:
        return float(self.times[self.clamp(frame)])

    def end_of(self, frame: int) -> float:
        """When `frame` leaves the screen: the next frame's time (the typical gap for the last)."""
        frame = self.clamp(frame)
        if frame + 1 < self.frame_count:
            return float(self.times[frame + 1])
        return float(self.times[frame]) + self.frame_duration_s

    def frame_at_time(self, seconds: float) -> int:
        """The frame on screen at `seconds`: the last one that has started by then."""
        found = int(np.searchsorted(self.times, seconds + 1e-9, side="right")) - 1
        return self.clamp(found)

    def keyframe_at_or_before(self, frame: int) -> int:
        keys = self._keyframes
        position = int(np.searchsorted(keys, self.clamp(frame), side="right")) - 1
        return int(keys[position]) if position >= 0 else 0

    def clamp(self, frame: int) -> int:
        return min(max(frame, 0), self.frame_count - 1)

    def frame_of_pts(self) -> dict[int, int]:
        return {int(p): i for i, p in enumerate(self.pts)}

    def to_bytes(self) -> bytes:
        header = _HEADER.pack(
            self.frame_count, self.time_base.numerator, self.time_base.denominator, 0
        )
        body = (
            self.pts.astype("<i8").tobytes()
            + self.dts.astype("<i8").tobytes()
            + np.packbits(self.keyframe).tobytes()
        )
        return zlib.compress(header + body, 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> FrameIndex:
        raw = zlib.decompress(data)
        count, numerator, denominator, _ = _HEADER.unpack_from(raw)
        start = _HEADER.size
        pts = np.frombuffer(raw, "<i8", count, start).astype(np.int64)
        dts = np.frombuffer(raw, "<i8", count, start + 8 * count).astype(np.int64)
        flags = np.unpackbits(np.frombuffer(raw, np.uint8, offset=start + 16 * count))
        return cls(pts, dts, flags[:count].astype(bool), Fraction(numerator, denominator))


@dataclass(frozen=True)
class Span:
    """A range snapped to whole frames, from its first frame's time to the end of its last:
    pictures and sound both play exactly this, so a loop has one period for both."""

    first: int
    last: int
    start_s: float
    end_s: float

    @property
    def period_s(self) -> float:
        return self.end_s - self.start_s


def snap_range(index: FrameIndex, start_s: float, end_s: float | None) -> Span:
    """The frames a range covers; a range that covers none is refused in words."""
    if math.isnan(start_s) or math.isinf(start_s) or (end_s is not None and math.isnan(end_s)):
        raise InvalidInput("range", "must be given in seconds")
    length = index.duration_s
    if start_s < 0:
        raise InvalidInput("start", f"({start_s:.2f} s) cannot be before the film begins")
    if start_s >= length:
        raise InvalidInput(
            "start", f"({start_s:.2f} s) is after the end of the film, which lasts {length:.2f} s"
        )
    if end_s is not None and end_s <= start_s:
        raise InvalidInput("end", f"({end_s:.2f} s) must come after the start ({start_s:.2f} s)")
    first = index.frame_at_time(start_s)
    last = index.frame_count - 1 if end_s is None else index.frame_at_time(end_s - 1e-6)
    last = max(first, last)
    return Span(first, last, index.time_of(first), index.end_of(last))


def build_frame_index(container: Any) -> FrameIndex:
    """Read every video packet of an open PyAV input container (no decoding)."""
    stream = container.streams.video[0]
    entries: list[tuple[int, int, bool]] = []
    for packet in container.demux(stream):
        if packet.pts is None and packet.dts is None:
            continue  # the demuxer's end-of-stream marker
        pts = packet.pts if packet.pts is not None else packet.dts
        dts = packet.dts if packet.dts is not None else pts
        entries.append((int(pts), int(dts), bool(packet.is_keyframe)))
    entries.sort()
    keyframe = np.array([k for _, _, k in entries], bool)
    if keyframe.size:
        keyframe[0] = True  # decoding always starts somewhere: the first frame is a way in
    return FrameIndex(
        np.array([p for p, _, _ in entries], np.int64),
        np.array([d for _, d, _ in entries], np.int64),
        keyframe,
        Fraction(stream.time_base),
    )
