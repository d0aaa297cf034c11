"""Where tagged moments lie on screen, found by bisecting only the stretch being painted, and
which one is under the mouse."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

from vfapp.ui.widgets.timeline.layout import GUTTER, Layout
from vfapp.ui.widgets.timeline.model import Spacing, SubRow, TimelineItem, TimelineLane
from vfapp.ui.widgets.timeline.scale import TimeScale

POINT_HALF = 5.5  # px: half a point's diamond (odd widths keep its line crisp)
LEAST_RANGE = 3.0  # px: the shortest a range is drawn
GAP = 2.0  # px between neighbours in a sub-row
LABEL_ROOM = 30.0  # px: less room than this and a label is left out
LABEL_MOST = 220.0  # px: a point's label never runs further than this


STACK_STEP = 2**0.5  # items are stacked afresh only when the zoom passes a power of this


def spacing(scale: TimeScale) -> Spacing:
    """Sizes in ms for stacking, at the zoom rounded down to a power of STACK_STEP: a little
    roomier than needed, and the same for every zoom in between (no restacking)."""
    level = math.floor(math.log(scale.px_per_ms) / math.log(STACK_STEP) + 1e-9)
    per_px = 1 / STACK_STEP**level
    return Spacing(POINT_HALF * per_px, LEAST_RANGE * per_px, GAP * per_px)


@dataclass(frozen=True, slots=True)
class Placed:
    """An item with where it is drawn, and how far its label may run."""

    item: TimelineItem
    box: QRectF  # a range's bar, or a point's diamond bounds
    room_right: float  # x where the next item of the sub-row starts


def placements(
    layout: Layout,
    scale: TimeScale,
    lanes: Sequence[TimelineLane],
    stacked: Mapping[str, list[SubRow]],
    clip: QRectF,
) -> list[Placed]:
    # A point's label runs right of it: look that far left of the stretch being painted.
    start = scale.ms_at(clip.left() - POINT_HALF - LABEL_MOST - 8)
    end = scale.ms_at(clip.right() + POINT_HALF + 1)
    found = []
    for index, lane in enumerate(lanes):
        rows = stacked.get(lane.key, [])
        lane_box = layout.lane(index)
        if not rows or lane_box.bottom() < clip.top() or lane_box.top() > clip.bottom():
            continue
        used = rows_in_view(rows, scale)
        for number, row in enumerate(rows[:used]):
            top, height = layout.sub_row(index, number, used)
            for item, next_start in row.touching(start, end):
                box = _box(item, scale, top, height)
                room = min(scale.x_of(next_start), box.right() + LABEL_MOST + 8)
                found.append(Placed(item, box, room))
    return found


def rows_in_view(rows: Sequence[SubRow], scale: TimeScale) -> int:
    """How many sub-rows the items in view need: where nothing overlaps in view, items
    keep the lane's full height however crowded other parts of the film are."""
    pad = (POINT_HALF + 1) / scale.px_per_ms
    start, end = scale.start_ms - pad, scale.end_ms + pad
    for number in range(len(rows) - 1, 0, -1):
        if next(rows[number].touching(start, end), None) is not None:
            return number + 1
    return 1


def _box(item: TimelineItem, scale: TimeScale, top: float, height: float) -> QRectF:
    left = scale.x_of(item.start_ms)
    height = max(2.0, height - 1)  # a pixel between sub-rows
    if item.end_ms is None:
        return QRectF(left - POINT_HALF, top, 2 * POINT_HALF, height)
    width = max(scale.x_of(item.end_ms) - left, LEAST_RANGE)
    return QRectF(left, top, width, height)


def item_at(found: Sequence[Placed], x: float, y: float) -> TimelineItem | None:
    """The item under a point: a range the point is in (the shortest), else the nearest
    point's diamond within reach."""
    if x < GUTTER:
        return None
    best: tuple[float, TimelineItem] | None = None
    for placed in found:
        box = placed.box.adjusted(-1, -1, 1, 1)
        if not box.contains(QPointF(x, y)):
            continue
        distance = abs(box.center().x() - x) if placed.item.is_point else box.width()
        if best is None or distance < best[0]:
            best = (distance, placed.item)
    return best[1] if best else None
