"""Painting the timeline's bands, ruler, lane titles, selection band and playhead."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from vfapp.ui.widgets.timeline.colours import Colours, with_alpha
from vfapp.ui.widgets.timeline.layout import GUTTER, Layout
from vfapp.ui.widgets.timeline.model import TimelineLane
from vfapp.ui.widgets.timeline.scale import TimeScale

HANDLE_HALF = 6.0  # half the playhead handle's width
GRAB_PX = 5.0  # how near the playhead line a press grabs it
SWATCH = 4.0  # the lane colour bar at the left of each title
FRAME_CELL_PX = 8.0  # frames at least this wide get a grid, and the playhead's frame a tint


def small_font(font: QFont) -> QFont:
    smaller = QFont(font)
    smaller.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
    return smaller


def paint_bands(
    painter: QPainter, layout: Layout, colours: Colours, film_end_x: float, height: int
) -> None:
    """Backgrounds: gutter and ruler as panels, lanes striped, and past the film's end dimmed."""
    width = layout.width
    painter.fillRect(QRectF(0, 0, width, height), colours.lanes)
    painter.fillRect(QRectF(0, 0, GUTTER, height), colours.panel)
    painter.fillRect(QRectF(0, 0, width, layout.ruler_h), colours.panel)
    for index in range(layout.lane_count):
        if index % 2:
            painter.fillRect(layout.lane(index), colours.lanes_alternate)
    if film_end_x < width:
        painter.fillRect(
            QRectF(film_end_x, layout.ruler_h, width - film_end_x, height), colours.panel
        )
    painter.setPen(QPen(colours.line, 1))
    edges = [layout.ruler_h, layout.lanes_top]
    edges += [layout.lanes_top + n * layout.lane_h for n in range(1, layout.lane_count + 1)]
    for y in edges:
        painter.drawLine(QPointF(0, y - 0.5), QPointF(width, y - 0.5))
    painter.drawLine(QPointF(GUTTER - 0.5, 0), QPointF(GUTTER - 0.5, height))


def paint_titles(
    painter: QPainter, layout: Layout, lanes: Sequence[TimelineLane], colours: Colours
) -> None:
    metrics = QFontMetricsF(painter.font())
    for index, lane in enumerate(lanes):
        box = layout.title(index)
        painter.fillRect(
            QRectF(box.left() + 4, box.top() + 3, SWATCH, box.height() - 7), lane.colour
        )
        text_box = box.adjusted(SWATCH + 10, 0, -6, 0)
        title = metrics.elidedText(lane.title, Qt.TextElideMode.ElideRight, text_box.width())
        painter.setPen(colours.text)
        painter.drawText(
            text_box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title
        )


def paint_corner(painter: QPainter, layout: Layout, text: str, colours: Colours) -> None:
    """The playhead's time in the gutter's top cell, above the lane titles."""
    box = QRectF(8, 0, GUTTER - 14, layout.ruler_h)
    painter.setPen(colours.text)
    metrics = QFontMetricsF(painter.font())
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, box.width())
    painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)


def paint_ruler(
    painter: QPainter, layout: Layout, scale: TimeScale, colours: Colours, clip: QRectF
) -> None:
    metrics = QFontMetricsF(painter.font())
    widest = metrics.horizontalAdvance("0:00:00.0")
    # Labels start right of their tick: look a label's width further left than the clip.
    start = scale.ms_at(max(float(GUTTER), clip.left() - widest - 8))
    end = scale.ms_at(clip.right() + 2)
    bottom = float(layout.ruler_h)
    painter.save()
    painter.setClipRect(layout.ruler().intersected(clip))
    for tick in scale.ticks(start, end, metrics.horizontalAdvance):
        x = round(tick.x) + 0.5
        if tick.major:
            painter.setPen(QPen(colours.tick, 1))
            painter.drawLine(QPointF(x, 3), QPointF(x, bottom))
            label_box = QRectF(x + 4, 0, metrics.horizontalAdvance(tick.label) + 2, bottom - 3)
            if x >= GUTTER and label_box.right() <= layout.width:  # only whole labels
                painter.setPen(colours.text)
                painter.drawText(label_box, Qt.AlignmentFlag.AlignVCenter, tick.label)
        else:
            painter.setPen(QPen(with_alpha(colours.tick, 150), 1))
            painter.drawLine(QPointF(x, bottom - 5), QPointF(x, bottom))
    painter.restore()


def paint_frame_grid(
    painter: QPainter, layout: Layout, scale: TimeScale, colours: Colours, clip: QRectF
) -> None:
    """At the single-frame level, a faint line where each frame starts, down the lanes."""
    if scale.px_per_frame < FRAME_CELL_PX:
        return
    first = scale.frame_at(scale.ms_at(max(float(GUTTER), clip.left())))
    last = scale.frame_at(scale.ms_at(clip.right()))
    painter.setPen(QPen(with_alpha(colours.line, 110), 1))
    top, bottom = float(layout.thumbs_top + layout.thumbs_h), float(layout.lanes_bottom)
    for frame in range(first, last + 2):
        x = round(scale.x_of(frame * scale.frame_ms)) + 0.5
        if x >= GUTTER:
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))


def paint_selection(
    painter: QPainter,
    layout: Layout,
    scale: TimeScale,
    span: tuple[int, int],
    colours: Colours,
    height: int,
) -> None:
    start_ms, end_ms = span
    left = max(float(GUTTER), scale.x_of(start_ms))
    right = min(float(layout.width), scale.x_of(end_ms))
    if right < left:
        return
    right = max(right, left + 1)
    painter.fillRect(QRectF(left, 0, right - left, height), colours.selection)
    painter.setPen(QPen(colours.highlight, 1))
    for x in (left, right):
        if GUTTER <= x <= layout.width:
            painter.drawLine(QPointF(x, 0), QPointF(x, height))


def handle_shape(layout: Layout, x: float) -> QPolygonF:
    """The playhead's handle in the ruler: a tab with a point at the bottom."""
    top, tip = 2.0, float(layout.ruler_h)
    shoulder = tip - HANDLE_HALF
    return QPolygonF(
        [
            QPointF(x - HANDLE_HALF, top),
            QPointF(x + HANDLE_HALF, top),
            QPointF(x + HANDLE_HALF, shoulder),
            QPointF(x, tip),
            QPointF(x - HANDLE_HALF, shoulder),
        ]
    )


def paint_playhead(
    painter: QPainter, layout: Layout, x: float, colours: Colours, height: int
) -> None:
    if x < GUTTER - 0.5 or x > layout.width:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # A thin halo of the background keeps the line clear across tags of any colour.
    painter.setPen(QPen(with_alpha(colours.lanes, 170), 4))
    painter.drawLine(QPointF(x, layout.ruler_h), QPointF(x, height))
    painter.setPen(QPen(colours.playhead, 2))
    painter.drawLine(QPointF(x, layout.ruler_h), QPointF(x, height))
    painter.setPen(QPen(with_alpha(colours.lanes, 200), 1))
    painter.setBrush(colours.playhead)
    painter.drawPolygon(handle_shape(layout, x))
    painter.restore()


def paint_frame_cell(
    painter: QPainter, layout: Layout, left: float, width: float, colours: Colours, height: int
) -> None:
    """At the single-frame level, the frame on screen is tinted from its start to its end."""
    if width < FRAME_CELL_PX:
        return
    tint = with_alpha(colours.playhead, 60 if colours.dark else 40)
    painter.fillRect(QRectF(left, layout.ruler_h, width, height - layout.ruler_h), tint)


def playhead_damage(x: float, frame_px: float, height: int) -> QRectF:
    """What a playhead at `x` covers (its handle, and the frame tint right of it): the only
    part to repaint when it moves."""
    right = max(HANDLE_HALF, frame_px if frame_px >= FRAME_CELL_PX else 0.0) + 3
    return QRectF(x - HANDLE_HALF - 3, 0, HANDLE_HALF + 3 + right, height)


def paint_focus(painter: QPainter, rect: QRectF, colours: Colours) -> None:
    """A ring round the whole timeline while it has the keyboard."""
    painter.setPen(QPen(colours.highlight, 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect.adjusted(1, 1, -1, -1))
