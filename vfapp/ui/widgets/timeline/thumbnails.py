"""The picture strip: keyframe pictures at their times, thinned out when they would crowd, and
the nearest earlier picture repeated to fill the gap when zoomed in past them."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap

from vfapp.ui.widgets.timeline.scale import TimeScale

KEPT_PICTURES = 400  # scaled pictures kept ready: a few screens' worth


class ThumbnailStrip:
    def __init__(self) -> None:
        self._times: list[float] = []  # ms, ascending
        self._images: list[QImage] = []
        self._scaled: dict[int, QPixmap] = {}
        self._scaled_for: tuple[float, float] = (0.0, 0.0)  # (height, device pixel ratio)

    def __len__(self) -> int:
        return len(self._images)

    def set_pictures(self, pictures: Sequence[tuple[float, QImage]]) -> None:
        usable = sorted(
            ((time_s * 1000, image) for time_s, image in pictures if not image.isNull()),
            key=lambda pair: pair[0],
        )
        self._times = [ms for ms, _ in usable]
        self._images = [image for _, image in usable]
        self._scaled.clear()

    def paint(self, painter: QPainter, row: QRectF, scale: TimeScale, clip: QRectF) -> None:
        if not self._images:
            return
        height = row.height() - 2
        first = self._images[0]
        width = max(8.0, height * first.width() / max(1, first.height()))
        dpr = painter.device().devicePixelRatioF()
        if (height, dpr) != self._scaled_for:
            self._scaled.clear()
            self._scaled_for = (height, dpr)
        left = max(clip.left(), scale.x_of(0))
        right = min(clip.right(), scale.x_of(scale.duration_ms))
        if right <= left:
            return
        every = self._thinning(width, scale)
        index = bisect_right(self._times, scale.ms_at(left)) - 1
        index = max(0, index - index % every)
        top = row.top() + 1
        while index < len(self._images):
            begin = scale.x_of(self._times[index]) if index else scale.x_of(0)
            if begin > right:
                break
            after = index + every
            end = scale.x_of(self._times[after]) if after < len(self._times) else right
            self._repeat(painter, index, begin, min(end, right), top, width, height, left)
            index = after

    def _thinning(self, width: float, scale: TimeScale) -> int:
        """Show every n-th picture so each has its full width."""
        if len(self._times) < 2:
            return 1
        gap_px = (self._times[-1] - self._times[0]) / (len(self._times) - 1) * scale.px_per_ms
        return max(1, math.ceil(width / max(gap_px, 1e-6) - 1e-6))

    def _repeat(
        self,
        painter: QPainter,
        index: int,
        begin: float,
        end: float,
        top: float,
        width: float,
        height: float,
        left: float,
    ) -> None:
        pixmap = self._pixmap(index, width, height)
        x = begin
        if x + width < left:  # skip whole copies left of what is being painted
            x += math.floor((left - x) / width) * width
        while x < end:
            shown = min(width, end - x)
            if x + width >= end:
                shown -= 1  # a hairline before the next picture, as on film
            if shown <= 0:
                break
            source = QRectF(0, 0, pixmap.width() * shown / width, pixmap.height())
            painter.drawPixmap(QRectF(x, top, shown, height), pixmap, source)
            x += width

    def _pixmap(self, index: int, width: float, height: float) -> QPixmap:
        pixmap = self._scaled.get(index)
        if pixmap is None:
            if len(self._scaled) >= KEPT_PICTURES:
                self._scaled.clear()  # scrolled through a long film: start afresh
            ratio = self._scaled_for[1]
            image = self._images[index].scaled(
                max(1, round(width * ratio)),
                max(1, round(height * ratio)),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            self._scaled[index] = pixmap
        return pixmap
