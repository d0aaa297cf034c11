"""Time to pixels and back, snapping to whole frames, and ruler ticks whose labels never overlap."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

FRAME_LEVEL_PX = 6.0  # from this many pixels a frame, the ruler counts frames
LABEL_GAP_PX = 14.0  # clear space between one ruler label and the next
MINOR_GAP_PX = 5.0  # minor ticks closer than this are left out

# Major tick steps in ms, and how many parts each may be split into by minor ticks (best first).
TIME_STEPS: tuple[tuple[int, tuple[int, ...]], ...] = (
    (100, (2,)),
    (200, (2,)),
    (500, (5,)),
    (1_000, (10, 5, 2)),
    (2_000, (4, 2)),
    (5_000, (5,)),
    (10_000, (10, 5, 2)),
    (15_000, (3,)),
    (30_000, (6, 3)),
    (60_000, (6, 4, 2)),
    (120_000, (4, 2)),
    (300_000, (5,)),
    (600_000, (10, 2)),
    (900_000, (3,)),
    (1_800_000, (6, 3)),
    (3_600_000, (6, 4, 2)),
    (7_200_000, (4, 2)),
)
FRAME_STEPS: tuple[tuple[int, tuple[int, ...]], ...] = (
    (1, ()),
    (2, (2,)),
    (5, (5,)),
    (10, (10, 2)),
    (20, (20, 4)),
    (50, (10, 5)),
    (100, (10, 2)),
)


def clock(ms: float, *, tenths: bool = False, hours: bool = False) -> str:
    """m:ss (h:mm:ss when `hours`), with tenths of a second when asked: 1:23.4"""
    ms = max(0.0, ms)
    whole = int(ms // 100 + 1e-6) if tenths else int(ms // 1000 + 1e-6) * 10
    seconds, tenth = divmod(whole, 10)
    minutes, seconds = divmod(seconds, 60)
    if hours:
        hour, minutes = divmod(minutes, 60)
        text = f"{hour}:{minutes:02d}:{seconds:02d}"
    else:
        text = f"{minutes}:{seconds:02d}"
    return f"{text}.{tenth}" if tenths else text


def _first(
    steps: tuple[tuple[int, tuple[int, ...]], ...], fits: Callable[[int], bool]
) -> tuple[int, tuple[int, ...]]:
    """The finest step whose labels fit, or the coarsest there is."""
    return next((entry for entry in steps if fits(entry[0])), steps[-1])


@dataclass(frozen=True)
class Tick:
    x: float
    major: bool
    label: str = ""


@dataclass(frozen=True)
class TimeScale:
    """Where time lies across the content area: `left` is the x of `start_ms`."""

    left: float
    width: float
    start_ms: float
    px_per_ms: float
    frame_ms: float
    duration_ms: int

    @property
    def end_ms(self) -> float:
        return self.start_ms + self.width / self.px_per_ms

    @property
    def px_per_frame(self) -> float:
        return self.px_per_ms * self.frame_ms

    @property
    def frame_level(self) -> bool:
        return self.px_per_frame >= FRAME_LEVEL_PX

    @property
    def last_frame(self) -> int:
        return max(0, math.ceil(self.duration_ms / self.frame_ms - 1e-6) - 1)

    def x_of(self, ms: float) -> float:
        return self.left + (ms - self.start_ms) * self.px_per_ms

    def ms_at(self, x: float) -> float:
        return self.start_ms + (x - self.left) / self.px_per_ms

    def frame_at(self, ms: float) -> int:
        """The frame on screen at a (fractional) time."""
        return min(self.last_frame, max(0, math.floor(ms / self.frame_ms + 1e-9)))

    def frame_of_ms(self, ms: int) -> int:
        """The frame on screen at a whole-ms time (times are frame times rounded to ms)."""
        return self.frame_at(ms + 0.5)

    def frame_ms_of(self, frame: int) -> int:
        """When `frame` comes on screen, rounded to a whole ms as the film deck does."""
        return round(frame * self.frame_ms)

    def ticks(self, start_ms: float, end_ms: float, measure: Callable[[str], float]) -> list[Tick]:
        """Ruler ticks between two times; `measure` gives a label's width in pixels."""
        if self.frame_level:
            return self._frame_ticks(start_ms, end_ms, measure)
        hours = self.duration_ms >= 3_600_000

        def fits(step: int) -> bool:
            widest = clock(self.duration_ms, tenths=step < 1_000, hours=hours)
            return step * self.px_per_ms >= measure(widest) + LABEL_GAP_PX

        step, parts = _first(TIME_STEPS, fits)
        tenths = step < 1_000
        minor = self._minor(step, parts, self.px_per_ms)
        return self._marks(
            start_ms,
            end_ms,
            step / minor,
            minor,
            lambda count: clock(count * step / minor, tenths=tenths, hours=hours),
        )

    def _frame_ticks(
        self, start_ms: float, end_ms: float, measure: Callable[[str], float]
    ) -> list[Tick]:
        widest = measure(str(self.last_frame + 1))
        step, parts = _first(
            FRAME_STEPS, lambda frames: frames * self.px_per_frame >= widest + LABEL_GAP_PX
        )
        minor = self._minor(step, parts, self.px_per_frame)
        # Frames are numbered from 1 for people: the tick labelled 10 starts the tenth frame.
        return self._marks(
            start_ms,
            end_ms,
            step * self.frame_ms / minor,
            minor,
            lambda count: str(count * step // minor),
            offset_ms=self.frame_ms,
        )

    @staticmethod
    def _minor(step: float, parts: tuple[int, ...], px_per_unit: float) -> int:
        return next((n for n in parts if step / n * px_per_unit >= MINOR_GAP_PX), 1)

    def _marks(
        self,
        start_ms: float,
        end_ms: float,
        every_ms: float,
        minor: int,
        label: Callable[[int], str],
        offset_ms: float = 0.0,
    ) -> list[Tick]:
        first = max(0, math.floor((start_ms + offset_ms) / every_ms))
        last = math.ceil((min(end_ms, self.duration_ms) + offset_ms) / every_ms)
        ticks = []
        for count in range(first, last + 1):
            ms = count * every_ms - offset_ms
            if ms < -1e-6:
                continue
            if ms > self.duration_ms + 1e-6:
                break
            major = count % minor == 0
            ticks.append(Tick(self.x_of(ms), major, label(count) if major else ""))
        return ticks
