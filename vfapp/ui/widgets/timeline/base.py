"""The timeline's state, and what it does with the mouse, the wheel and the few keys it owns;
the public calls and the painting are in widget.py."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import (
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QScrollBar, QToolTip, QWidget

from vfapp.ui.widgets.timeline import items as item_view
from vfapp.ui.widgets.timeline import painting, words
from vfapp.ui.widgets.timeline.colours import Colours
from vfapp.ui.widgets.timeline.gestures import Gesture, Kind, seek_target, snapped_range
from vfapp.ui.widgets.timeline.layout import GUTTER, Layout
from vfapp.ui.widgets.timeline.model import ItemIndex, TimelineItem, TimelineLane
from vfapp.ui.widgets.timeline.scale import TimeScale
from vfapp.ui.widgets.timeline.thumbnails import ThumbnailStrip
from vfapp.ui.widgets.timeline.viewport import ZOOM_STEP, Viewport

NOTCH = 120  # a wheel's angle delta for one notch
WHEEL_SCROLL = 0.125  # of the width, per notch


class TimelineBase(QWidget):
    seek_requested = Signal(int)  # ms: a click on empty ground, or the playhead dragged
    range_selected = Signal(int, int)  # ms start, end: a drag on empty ground, whole frames
    item_clicked = Signal(object)  # the UUID of the tag clicked (it is selected too)
    zoom_changed = Signal(float)  # magnification: 1.0 is the whole film in the width

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.follow_playhead = True  # scroll to keep the playhead in view as it moves
        self._view = Viewport()
        self._lanes: tuple[TimelineLane, ...] = ()
        self._items = ItemIndex()
        self._thumbs = ThumbnailStrip()
        self._playhead_ms = 0
        self._selection: tuple[int, int] | None = None
        self._selected: UUID | None = None
        self._gesture = Gesture()
        # Everything but the playhead, the selection band and the corner time, painted once
        # and copied from: a playhead moving on its own costs two narrow copies.
        self._backdrop: QPixmap | None = None
        self._told_magnification = self._view.magnification
        self._scroll = QScrollBar(Qt.Orientation.Horizontal, self)
        self._scroll.setAccessibleName(self.tr("Scroll the timeline"))
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the timeline itself has the keys
        self._scroll.valueChanged.connect(self._scrolled)
        self._scroll.hide()
        self._colours = Colours.from_palette(self.palette())
        self._relayout()

    # -- keeping things in step -----------------------------------------------------------
    def _scale(self) -> TimeScale:
        return self._view.scale(GUTTER)

    def _relayout(self) -> None:
        """Bands, scroll bar and the view's width for the widget's size, font and lanes."""
        bar = self._scroll.sizeHint().height()
        metrics = QFontMetricsF(self.font())
        self._layout = Layout.compute(self.width(), self.height() - bar, len(self._lanes), metrics)
        self._scroll.setGeometry(GUTTER, self.height() - bar, self.width() - GUTTER, bar)
        self._view.set_width(self._layout.content_width)

    def _view_changed(self) -> None:
        view = self._view
        self._scroll.blockSignals(True)
        self._scroll.setRange(0, max(0, round(view.length_ms - view.visible_ms)))
        self._scroll.setPageStep(max(1, round(view.visible_ms)))
        self._scroll.setSingleStep(max(1, round(view.visible_ms / 20)))
        self._scroll.setValue(round(view.start_ms))
        self._scroll.blockSignals(False)
        self._scroll.setVisible(view.zoomed)
        self._changed()
        if self._told_magnification != view.magnification:
            self._told_magnification = view.magnification
            self.zoom_changed.emit(view.magnification)

    def _scrolled(self, value: int) -> None:
        if self._view.scroll_to(value):
            self._changed()

    def _changed(self) -> None:
        """Something under the playhead changed: paint the backdrop afresh."""
        self._backdrop = None
        self._describe()
        self.update()

    def _move_playhead(self, ms: int) -> None:
        """Repaint only the strips the playhead leaves and enters, and the corner time."""
        scale, height = self._scale(), self.height()
        for x in (scale.x_of(self._playhead_ms), scale.x_of(ms)):
            damage = painting.playhead_damage(x, scale.px_per_frame, height)
            self.update(damage.toAlignedRect())
        self._playhead_ms = ms
        self.update(0, 0, GUTTER, self._layout.ruler_h)
        self._describe()

    def _describe(self) -> None:
        view = self._view
        text = words.description(
            duration_ms=view.duration_ms,
            playhead_ms=self._playhead_ms,
            tags=len(self._items),
            shown=(view.start_ms, min(view.end_ms, view.length_ms)),
            zoomed=view.zoomed,
            selected=self._items.by_id.get(self._selected) if self._selected else None,
        )
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)

    def _placements(self, clip: QRectF) -> list[item_view.Placed]:
        scale = self._scale()
        stacked = self._items.stack(item_view.spacing(scale), self._layout.max_sub_rows)
        return item_view.placements(self._layout, scale, self._lanes, stacked, clip)

    def _item_at(self, x: float, y: float) -> TimelineItem | None:
        if self._layout.lane_at(y) is None:
            return None
        near = QRectF(x - 8, y - 1, 16, 2)
        return item_view.item_at(self._placements(near), x, y)

    def _on_playhead(self, x: float, y: float) -> bool:
        playhead_x = self._scale().x_of(self._playhead_ms)
        if self._layout.in_ruler(y):
            return abs(x - playhead_x) <= painting.HANDLE_HALF + 1
        return abs(x - playhead_x) <= painting.GRAB_PX and y < self._layout.lanes_bottom

    def _zoom(self, factor: float) -> None:
        """Around the playhead when it is in view, else around the middle."""
        view = self._view
        anchor = float(self._playhead_ms)
        if not view.shows(anchor):
            anchor = view.start_ms + view.visible_ms / 2
        self._view.zoom(factor, anchor)
        self._view_changed()

    @property
    def _scrubbing(self) -> bool:
        return self._gesture.kind is Kind.SCRUBBING

    @property
    def _busy(self) -> bool:
        """A drag is under way: the view must not move under the mouse."""
        return self._gesture.kind is not Kind.IDLE

    # -- mouse ----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        x, y = event.position().x(), event.position().y()
        if (
            event.button() != Qt.MouseButton.LeftButton
            or self._view.duration_ms <= 0
            or not self._layout.in_content(x, y)
        ):
            event.ignore()
            return
        scale = self._scale()
        ms = scale.ms_at(x)
        if self._on_playhead(x, y):
            # Grabbed where it is: it moves only when the mouse does, by as much.
            frame = scale.frame_of_ms(self._playhead_ms)
            offset = x - scale.x_of(self._playhead_ms)
            self._gesture = Gesture(Kind.SCRUBBING, x, y, ms, frame=frame, offset=offset)
            self.setCursor(Qt.CursorShape.SizeHorCursor)
        elif self._layout.in_ruler(y):
            self._gesture = Gesture(Kind.SCRUBBING, x, y, ms)
            self.setCursor(Qt.CursorShape.SizeHorCursor)
            self._scrub_to(x)
        else:
            self._gesture = Gesture(Kind.PRESSED, x, y, ms, item=self._item_at(x, y))
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        x, y = event.position().x(), event.position().y()
        gesture = self._gesture
        if gesture.kind is Kind.SCRUBBING:
            self._scrub_to(x)
        elif gesture.kind is Kind.PRESSED and gesture.moved_far(x, y):
            self._gesture = Gesture(Kind.SELECTING, gesture.x, gesture.y, gesture.ms)
            self.setCursor(Qt.CursorShape.IBeamCursor)
            self._select_to(x)
        elif gesture.kind is Kind.SELECTING:
            self._select_to(x)
        else:
            self._hover(x, y)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        gesture, self._gesture = self._gesture, Gesture()
        x = event.position().x()
        if gesture.kind is Kind.PRESSED and gesture.item is not None:
            self._selected = gesture.item.id
            self._changed()
            self.item_clicked.emit(gesture.item.id)
        elif gesture.kind is Kind.PRESSED:
            self.seek_requested.emit(seek_target(self._scale(), gesture.ms)[1])
        elif gesture.kind is Kind.SELECTING:
            self._select_to(x, gesture.ms)
            if self._selection is not None:
                self.range_selected.emit(*self._selection)
        self._hover(x, event.position().y())

    def _scrub_to(self, x: float) -> None:
        # Dragged past an edge while zoomed in: bring that stretch into view.
        if x < GUTTER or x > self.width():
            self._view.scroll_by(x - GUTTER if x < GUTTER else x - self.width())
            self._view_changed()
        scale = self._scale()
        frame, ms = seek_target(scale, scale.ms_at(x - self._gesture.offset))
        if frame == self._gesture.frame:
            return
        self._gesture = replace(self._gesture, frame=frame)
        self._move_playhead(ms)
        self.seek_requested.emit(ms)

    def _select_to(self, x: float, from_ms: float | None = None) -> None:
        anchor = self._gesture.ms if from_ms is None else from_ms
        self._selection = snapped_range(self._scale(), anchor, self._scale().ms_at(x))
        self.update()

    def _hover(self, x: float, y: float) -> None:
        if self._view.duration_ms > 0 and self._layout.in_content(x, y):
            if self._on_playhead(x, y):
                self.setCursor(Qt.CursorShape.SizeHorCursor)
                return
            if self._item_at(x, y) is not None:
                self.setCursor(Qt.CursorShape.PointingHandCursor)
                return
        self.unsetCursor()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt's name)
        angle = event.angleDelta()
        delta = angle.x() if abs(angle.x()) > abs(angle.y()) else angle.y()
        if self._view.duration_ms <= 0 or delta == 0:
            event.ignore()
        elif event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            x = event.position().x()
            anchor = self._scale().ms_at(max(float(GUTTER), x))
            self._view.zoom(ZOOM_STEP ** (delta / NOTCH), anchor)
            self._view_changed()
        elif self._view.zoomed:
            self._view.scroll_by(-delta / NOTCH * self._view.width * WHEEL_SCROLL)
            self._view_changed()
        else:
            event.ignore()  # nothing to scroll: let the screen scroll instead

    # -- keys and tooltips ----------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Only zoom keys: every other key (Space, J/K/L, arrows, digits, letters) is left
        for the workspace's shortcuts."""
        key = event.key()
        mods = event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        )
        plain = mods == Qt.KeyboardModifier.NoModifier
        if plain and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self._zoom(ZOOM_STEP)
        elif plain and key == Qt.Key.Key_Minus:
            self._zoom(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_0 and mods == Qt.KeyboardModifier.ControlModifier:
            self._view.fit()
            self._view_changed()
        else:
            event.ignore()
            return
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._tooltip(event)
            return True
        return super().event(event)

    def _tooltip(self, event: QHelpEvent) -> None:
        x, y = float(event.pos().x()), float(event.pos().y())
        item = self._item_at(x, y)
        lane = self._layout.lane_at(y)
        if item is not None:
            text = words.tooltip(item, self._view.duration_ms)
        elif x < GUTTER and lane is not None and lane < len(self._lanes):
            text = self._lanes[lane].title
        else:
            QToolTip.hideText()
            event.ignore()
            return
        QToolTip.showText(event.globalPos(), text, self)
