"""What the timeline shows (lanes and tagged moments) and how one lane's items are stacked."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

COLOUR = r"^#[0-9a-fA-F]{6}$"
KEPT_STACKINGS = 8  # zoom levels whose stacking is kept, for zooming back and forth


class TimelineLane(BaseModel):
    """One row of the timeline: a principle of the codebook, or the uncoded markers."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    colour: str = Field(pattern=COLOUR)


class TimelineItem(BaseModel):
    """A tagged moment: a point (`end_ms` None) or a range, in the lane named by its key."""

    model_config = ConfigDict(frozen=True)

    id: UUID
    lane: str
    start_ms: int = Field(ge=0)
    end_ms: int | None = None
    colour: str = Field(pattern=COLOUR)
    label: str
    uncoded: bool = False

    @model_validator(mode="after")
    def _runs_forwards(self) -> TimelineItem:
        if self.end_ms is not None and self.end_ms < self.start_ms:
            raise ValueError("a range must not end before it starts")
        return self

    @property
    def is_point(self) -> bool:
        return self.end_ms is None

    @property
    def last_ms(self) -> int:
        return self.start_ms if self.end_ms is None else self.end_ms


@dataclass(frozen=True)
class Reach:
    """How far an item reaches on screen, in ms, at the zoom it was stacked for: a point's
    diamond and a very short range are wider than their times."""

    start: float
    end: float


@dataclass
class SubRow:
    """Items that share one sub-row of a lane, sorted by where they start on screen.
    `reach` is the running maximum of their ends, so a bisect finds the first one that can
    touch a time even when a long range hides behind shorter ones."""

    items: list[TimelineItem] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)
    ends: list[float] = field(default_factory=list)
    reach: list[float] = field(default_factory=list)

    def add(self, item: TimelineItem, extent: Reach) -> None:
        self.items.append(item)
        self.starts.append(extent.start)
        self.ends.append(extent.end)
        self.reach.append(max(extent.end, self.reach[-1]) if self.reach else extent.end)

    @property
    def end(self) -> float:
        return self.reach[-1] if self.reach else float("-inf")

    def touching(self, start_ms: float, end_ms: float) -> Iterator[tuple[TimelineItem, float]]:
        """Items drawn anywhere between the two times (in ms), each with where the next one
        in this sub-row starts (the room a point's label has)."""
        first = bisect_left(self.reach, start_ms)
        last = bisect_right(self.starts, end_ms)
        for position in range(first, last):
            if self.ends[position] >= start_ms:
                after = position + 1
                yield (
                    self.items[position],
                    (self.starts[after] if after < len(self.starts) else float("inf")),
                )


@dataclass(frozen=True)
class Spacing:
    """On-screen sizes turned into ms at one zoom."""

    point_half: float  # half a point's diamond
    least_range: float  # a range is never drawn shorter
    gap: float  # between neighbours in one sub-row


def extent(item: TimelineItem, spacing: Spacing) -> Reach:
    if item.end_ms is None:
        return Reach(item.start_ms - spacing.point_half, item.start_ms + spacing.point_half)
    return Reach(item.start_ms, max(item.end_ms, item.start_ms + spacing.least_range))


class ItemIndex:
    """The items grouped by lane and sorted once; `stack` lays each lane out in sub-rows for
    a zoom, so that items that would cover each other on screen sit one above the other."""

    def __init__(self, items: Sequence[TimelineItem] = ()) -> None:
        self.by_id = {item.id: item for item in items}
        self.by_lane: dict[str, list[TimelineItem]] = {}
        for item in sorted(items, key=lambda i: (i.start_ms, -i.last_ms)):
            self.by_lane.setdefault(item.lane, []).append(item)
        self._stacked: dict[tuple[Spacing, int], dict[str, list[SubRow]]] = {}

    def __len__(self) -> int:
        return len(self.by_id)

    def stack(self, spacing: Spacing, max_rows: int) -> dict[str, list[SubRow]]:
        """Sub-rows per lane; at most `max_rows` each (past that, an item shares the sub-row
        that frees up first, so it is drawn over a neighbour but still drawn)."""
        wanted = (spacing, max_rows)
        stacked = self._stacked.get(wanted)
        if stacked is None:
            if len(self._stacked) >= KEPT_STACKINGS:
                del self._stacked[next(iter(self._stacked))]
            stacked = {
                lane: _stack_lane(items, spacing, max(1, max_rows))
                for lane, items in self.by_lane.items()
            }
            self._stacked[wanted] = stacked
        return stacked


def _stack_lane(items: list[TimelineItem], spacing: Spacing, max_rows: int) -> list[SubRow]:
    placed = sorted(((extent(item, spacing), item) for item in items), key=lambda p: p[0].start)
    rows: list[SubRow] = []
    for reach, item in placed:
        row = next((r for r in rows if r.end + spacing.gap <= reach.start), None)
        if row is None and len(rows) < max_rows:
            row = SubRow()
            rows.append(row)
        if row is None:
            row = min(rows, key=lambda r: r.end)
        row.add(item, reach)
    return rows
