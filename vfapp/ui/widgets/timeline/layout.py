"""Where each band of the timeline lies: ruler, picture strip, lanes, and the title gutter."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF

GUTTER = 140  # lane titles
RIGHT_MARGIN = 8  # the end of the film is not flush against the edge
MIN_SUB_ROW = 5  # px: a lane holds as many sub-rows of overlapping items as fit this high


@dataclass(frozen=True)
class Layout:
    width: int
    ruler_h: int
    thumbs_top: int
    thumbs_h: int
    lanes_top: int
    lane_h: int
    lane_count: int
    bottom: int  # where the bands end (the scroll bar, if any, is below)

    @classmethod
    def compute(cls, width: int, height: int, lane_count: int, metrics: QFontMetricsF) -> Layout:
        """Bands for a widget of this size; `height` excludes the scroll bar."""
        line = metrics.height()
        ruler_h = round(line + 10)
        thumbs_h = round(line * 2.4)
        lanes_top = ruler_h + thumbs_h
        room = max(0, height - lanes_top)
        least, most = round(line + 4), round(line * 2.2)
        lane_h = min(most, max(least, room // lane_count)) if lane_count else 0
        return cls(
            width=width,
            ruler_h=ruler_h,
            thumbs_top=ruler_h,
            thumbs_h=thumbs_h,
            lanes_top=lanes_top,
            lane_h=lane_h,
            lane_count=lane_count,
            bottom=max(height, lanes_top),
        )

    @property
    def content_left(self) -> int:
        return GUTTER

    @property
    def content_width(self) -> int:
        return max(1, self.width - GUTTER - RIGHT_MARGIN)

    @property
    def lanes_bottom(self) -> int:
        return self.lanes_top + self.lane_h * self.lane_count

    @property
    def max_sub_rows(self) -> int:
        return max(1, (self.lane_h - 4) // MIN_SUB_ROW)

    def ruler(self) -> QRectF:
        return QRectF(GUTTER, 0, self.width - GUTTER, self.ruler_h)

    def thumbs(self) -> QRectF:
        return QRectF(GUTTER, self.thumbs_top, self.width - GUTTER, self.thumbs_h)

    def lane(self, index: int) -> QRectF:
        """The content part of a lane (right of the gutter)."""
        top = self.lanes_top + index * self.lane_h
        return QRectF(GUTTER, top, self.width - GUTTER, self.lane_h)

    def title(self, index: int) -> QRectF:
        return QRectF(0, self.lanes_top + index * self.lane_h, GUTTER, self.lane_h)

    def sub_row(self, index: int, row: int, rows: int) -> tuple[float, float]:
        """Top and height of sub-row `row` of `rows` in lane `index`, inside a small margin."""
        inner_top = self.lanes_top + index * self.lane_h + 2
        inner_h = (self.lane_h - 4) / max(1, rows)
        return inner_top + row * inner_h, inner_h

    def lane_at(self, y: float) -> int | None:
        if self.lane_h <= 0 or not self.lanes_top <= y < self.lanes_bottom:
            return None
        return int((y - self.lanes_top) // self.lane_h)

    def in_ruler(self, y: float) -> bool:
        return 0 <= y < self.ruler_h

    def in_content(self, x: float, y: float) -> bool:
        return x >= GUTTER and 0 <= y < self.bottom
