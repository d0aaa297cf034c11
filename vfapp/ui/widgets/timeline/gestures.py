"""What a press on the timeline turns into: a click (seek, or pick a tag), a drag that selects a
range, or scrubbing with the playhead. Pure state; the widget feeds it positions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from vfapp.ui.widgets.timeline.model import TimelineItem
from vfapp.ui.widgets.timeline.scale import TimeScale

DRAG_PX = 4.0  # a press that moves less than this is a click


class Kind(Enum):
    IDLE = auto()
    PRESSED = auto()  # on the ground or on an item: a click unless it moves
    SELECTING = auto()
    SCRUBBING = auto()


@dataclass(frozen=True)
class Gesture:
    kind: Kind = Kind.IDLE
    x: float = 0.0  # where the press was
    y: float = 0.0
    ms: float = 0.0  # the time under the press
    item: TimelineItem | None = None  # pressed on this tag
    frame: int = -1  # while scrubbing: the last frame asked for
    offset: float = 0.0  # while scrubbing: how far right of the playhead it was grabbed

    def moved_far(self, x: float, y: float) -> bool:
        return abs(x - self.x) + abs(y - self.y) >= DRAG_PX


def clamp_ms(scale: TimeScale, ms: float) -> float:
    return min(max(ms, 0.0), max(0.0, scale.duration_ms - 1e-3))


def seek_target(scale: TimeScale, ms: float) -> tuple[int, int]:
    """The frame containing `ms` and the whole-ms time it starts at."""
    frame = scale.frame_at(clamp_ms(scale, ms))
    return frame, scale.frame_ms_of(frame)


def snapped_range(scale: TimeScale, a_ms: float, b_ms: float) -> tuple[int, int]:
    """The whole frames between two times: from the first one's start to the start of the
    frame after the last, so the range always covers at least one frame."""
    first = scale.frame_at(clamp_ms(scale, min(a_ms, b_ms)))
    last = scale.frame_at(clamp_ms(scale, max(a_ms, b_ms)))
    start = scale.frame_ms_of(first)
    end = min(scale.frame_ms_of(last + 1), scale.duration_ms)
    return start, max(end, start + 1)
