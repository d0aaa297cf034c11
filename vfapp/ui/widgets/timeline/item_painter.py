"""Drawing tagged moments: ranges as rounded bars with their label inside, points as a diamond
on a thin line with the label beside it, uncoded markers grey and dashed, the selected one
outlined. A point's drawing is made once per colour and size and then stamped."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPixmap, QPolygonF

from vfapp.ui.widgets.timeline.colours import Colours, text_on
from vfapp.ui.widgets.timeline.items import LABEL_MOST, LABEL_ROOM, POINT_HALF, Placed
from vfapp.ui.widgets.timeline.model import TimelineItem

TINY = 4.0  # px: a bar narrower than this is a plain block: no corners, border or label


class ItemPainter:
    def __init__(self) -> None:
        self._stamps: dict[tuple[str, bool, int, float], QPixmap] = {}
        self._colours: dict[str, tuple[QColor, QColor, QColor]] = {}  # fill, edge, text
        self._made_for: Colours | None = None
        self._view = QRectF()

    def paint(
        self,
        painter: QPainter,
        found: Sequence[Placed],
        selected: UUID | None,
        colours: Colours,
        view: QRectF,
    ) -> None:
        """`view` is the content area: labels stay inside it."""
        self._view = view
        if colours != self._made_for:
            self._stamps.clear()
            self._colours.clear()
            self._made_for = colours
        metrics = QFontMetricsF(painter.font())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        chosen = None
        for placed in found:
            if placed.item.id == selected:
                chosen = placed  # drawn last, so its outline is on top
            else:
                self._item(painter, placed, colours, metrics)
        if chosen is not None:
            self._item(painter, chosen, colours, metrics)
            painter.setPen(QPen(colours.outline, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(chosen.box.adjusted(-2, -1, 2, 1), 3, 3)
        painter.restore()

    def _item(
        self, painter: QPainter, placed: Placed, colours: Colours, metrics: QFontMetricsF
    ) -> None:
        item, box = placed.item, placed.box
        fill, edge, text = self._shades(item, colours)
        if item.end_ms is None:
            corner = QPointF(round(box.left()), round(box.top()))
            painter.drawPixmap(corner, self._stamp(item, box, painter, colours))
            room = min(placed.room_right - 3, box.right() + 3 + LABEL_MOST, self._view.right() - 2)
            room -= box.right() + 3
            if room >= LABEL_ROOM and box.center().x() >= self._view.left():
                label_box = QRectF(box.right() + 3, box.top(), room, box.height())
                _label(painter, label_box, item.label, colours.text, metrics)
        elif box.width() < TINY:
            painter.fillRect(box, fill)
        else:
            style = Qt.PenStyle.DashLine if item.uncoded else Qt.PenStyle.SolidLine
            painter.setPen(QPen(edge, 1, style))
            painter.setBrush(fill)
            radius = min(3.0, box.height() / 3, box.width() / 3)
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
            # A bar that starts left of the view keeps its label in view.
            inside = box.adjusted(5, 0, -4, 0).intersected(self._view.adjusted(5, 0, -4, 0))
            if inside.width() >= LABEL_ROOM:
                _label(painter, inside, item.label, text, metrics)

    def _shades(self, item: TimelineItem, colours: Colours) -> tuple[QColor, QColor, QColor]:
        if item.uncoded:
            return colours.uncoded_fill, colours.uncoded_edge, colours.text
        shades = self._colours.get(item.colour)
        if shades is None:
            fill = QColor(item.colour)
            shades = (fill, fill.darker(135), text_on(fill))
            self._colours[item.colour] = shades
        return shades

    def _stamp(
        self, item: TimelineItem, box: QRectF, painter: QPainter, colours: Colours
    ) -> QPixmap:
        ratio = painter.device().devicePixelRatioF()
        key = (item.colour, item.uncoded, round(box.height()), ratio)
        stamp = self._stamps.get(key)
        if stamp is None:
            fill, edge, _ = self._shades(item, colours)
            stamp = _point_stamp(box.width(), round(box.height()), fill, edge, item.uncoded, ratio)
            self._stamps[key] = stamp
        return stamp


def _point_stamp(
    width: float, height: int, fill: QColor, edge: QColor, dashed: bool, ratio: float
) -> QPixmap:
    """A point: a thin line the sub-row's height with a diamond in its middle."""
    stamp = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
    stamp.setDevicePixelRatio(ratio)
    stamp.fill(Qt.GlobalColor.transparent)
    painter = QPainter(stamp)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    centre = QPointF(width / 2, height / 2)
    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    painter.setPen(QPen(edge if dashed else fill, 1, style))
    painter.drawLine(QPointF(centre.x(), 0), QPointF(centre.x(), height))
    half = min(POINT_HALF, height / 2) - 0.5
    diamond = QPolygonF(
        [
            QPointF(centre.x(), centre.y() - half),
            QPointF(centre.x() + half, centre.y()),
            QPointF(centre.x(), centre.y() + half),
            QPointF(centre.x() - half, centre.y()),
        ]
    )
    painter.setPen(QPen(edge, 1))
    painter.setBrush(fill)
    painter.drawPolygon(diamond)
    painter.end()
    return stamp


def _label(
    painter: QPainter, box: QRectF, text: str, colour: QColor, metrics: QFontMetricsF
) -> None:
    """The label, elided, when there is room for a few letters at full height."""
    if box.width() < LABEL_ROOM or box.height() < metrics.height() - 3 or not text:
        return
    width = min(box.width(), LABEL_MOST)
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    if shown in ("", "…"):
        return
    painter.setPen(colour)
    flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
    painter.drawText(QRectF(box.left(), box.top(), width, box.height()), flags, shown)
