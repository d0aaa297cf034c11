"""The timeline under the film: ruler, pictures and tag lanes, with a playhead, a selection
band and zoom from the whole film down to single frames. It knows nothing of the vault: the
workspace hands it lanes, items and pictures, and listens to its signals."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFocusEvent,
    QFontMetricsF,
    QImage,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from vfapp.ui.widgets.timeline import painting, words
from vfapp.ui.widgets.timeline.base import TimelineBase
from vfapp.ui.widgets.timeline.colours import Colours
from vfapp.ui.widgets.timeline.item_painter import ItemPainter
from vfapp.ui.widgets.timeline.layout import GUTTER
from vfapp.ui.widgets.timeline.model import ItemIndex, TimelineItem, TimelineLane
from vfapp.ui.widgets.timeline.viewport import ZOOM_STEP


class Timeline(TimelineBase):
    """Signals (declared in TimelineBase): seek_requested(ms), range_selected(start, end),
    item_clicked(UUID), zoom_changed(magnification)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Timeline"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # every pixel is painted
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._small = painting.small_font(self.font())
        self._item_painter = ItemPainter()
        self._describe()

    # -- data from the workspace ----------------------------------------------------------
    def set_film(self, duration_ms: int, frame_ms: float) -> None:
        """A new film (or none, with 0): the whole of it in view."""
        self._view.set_film(duration_ms, frame_ms)
        self._playhead_ms = min(self._playhead_ms, max(0, duration_ms))
        self._view_changed()

    def set_lanes(self, lanes: Sequence[TimelineLane]) -> None:
        self._lanes = tuple(lanes)
        self._relayout()
        self.updateGeometry()
        self._changed()

    def set_items(self, items: Sequence[TimelineItem]) -> None:
        """Items whose lane is not among the lanes are not shown."""
        self._items = ItemIndex(items)
        if self._selected not in self._items.by_id:
            self._selected = None
        self._changed()

    def set_thumbnails(self, pictures: Sequence[tuple[float, QImage]]) -> None:
        """Keyframe pictures as (time in seconds, image), evenly spaced through the film."""
        self._thumbs.set_pictures(pictures)
        self._changed()

    def set_playhead(self, ms: int) -> None:
        """Cheap enough for every frame of playback: repaints only the playhead's old and new
        strips, unless it has run out of view and the view turns the page. Ignored while the
        person drags the playhead (it follows the mouse then)."""
        ms = min(max(0, ms), self._view.duration_ms)
        if ms == self._playhead_ms or self._scrubbing:
            return
        self._move_playhead(ms)
        if self.follow_playhead and not self._busy and self._view.follow(ms):
            self._view_changed()

    def set_selection(self, start_ms: int | None, end_ms: int | None) -> None:
        """The band across the timeline; None (or an empty range) for none."""
        if start_ms is None or end_ms is None or end_ms <= start_ms:
            self._selection = None
        else:
            self._selection = (start_ms, end_ms)
        self.update()

    def select_item(self, tag_id: UUID | None) -> None:
        self._selected = tag_id if tag_id in self._items.by_id else None
        self._changed()

    # -- what is shown --------------------------------------------------------------------
    @property
    def visible_range_ms(self) -> tuple[int, int]:
        view = self._view
        return round(view.start_ms), round(min(view.end_ms, view.length_ms))

    @property
    def playhead_ms(self) -> int:
        return self._playhead_ms

    @property
    def selection(self) -> tuple[int, int] | None:
        return self._selection

    @property
    def selected_item(self) -> UUID | None:
        return self._selected

    @property
    def magnification(self) -> float:
        """1.0 with the whole film in the width."""
        return self._view.magnification

    @property
    def at_frame_level(self) -> bool:
        return self._view.at_frame_level

    def x_for(self, ms: float) -> float:
        """Where a time is drawn, in widget coordinates (it may be out of view)."""
        return self._scale().x_of(ms)

    def time_at(self, x: float) -> float:
        """The time (ms, not snapped) under a widget x coordinate."""
        return self._scale().ms_at(x)

    def item_at(self, pos: QPointF) -> UUID | None:
        """The tag under a point (for a context menu, say), or None."""
        item = self._item_at(pos.x(), pos.y())
        return None if item is None else item.id

    # -- zoom -----------------------------------------------------------------------------
    def zoom_in(self) -> None:
        self._zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(1 / ZOOM_STEP)

    def zoom_to_fit(self) -> None:
        self._view.fit()
        self._view_changed()

    def zoom_to_frames(self) -> None:
        """The single-frame level (a frame about 12 px wide), around the playhead."""
        shown = self._view.shows(self._playhead_ms)
        self._view.zoom_to(self._view.max_px_per_ms, self._playhead_ms)
        if not shown:
            self._view.centre_on(self._playhead_ms)
        self._view_changed()

    def zoom_at(self, factor: float, anchor_ms: float) -> None:
        """Zoom by `factor`, keeping the time `anchor_ms` where it is on screen."""
        self._view.zoom(factor, anchor_ms)
        self._view_changed()

    # -- Qt -------------------------------------------------------------------------------
    def _bands_height(self) -> float:
        line = QFontMetricsF(self.font()).height()
        return line * 3.4 + 10 + self._scroll.sizeHint().height()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        line = QFontMetricsF(self.font()).height()
        lanes = max(1, len(self._lanes)) * round(line * 1.8)
        return QSize(900, round(self._bands_height()) + lanes)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        line = QFontMetricsF(self.font()).height()
        lanes = len(self._lanes) * round(line + 4)
        return QSize(GUTTER + 200, round(self._bands_height()) + lanes)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        self._relayout()
        self._view_changed()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt's name)
        super().focusOutEvent(event)
        self.update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._colours = Colours.from_palette(self.palette())
            self._small = painting.small_font(self.font())
            self._relayout()
            self._changed()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        clip = QRectF(event.rect())
        ratio = self.devicePixelRatioF()
        if self._backdrop is None or self._backdrop.devicePixelRatio() != ratio:
            self._backdrop = self._paint_backdrop(ratio)
        painter = QPainter(self)
        source = QRectF(
            clip.x() * ratio, clip.y() * ratio, clip.width() * ratio, clip.height() * ratio
        )
        painter.drawPixmap(clip, self._backdrop, source)
        if self._view.duration_ms > 0:
            self._paint_overlay(painter)
        if self.hasFocus():
            painting.paint_focus(painter, QRectF(self.rect()), self._colours)
        painter.end()

    def _paint_backdrop(self, ratio: float) -> QPixmap:
        layout, scale, colours = self._layout, self._scale(), self._colours
        backdrop = QPixmap(
            max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio))
        )
        backdrop.setDevicePixelRatio(ratio)
        painter = QPainter(backdrop)
        whole = QRectF(self.rect())
        film = self._view.duration_ms > 0
        film_end = scale.x_of(scale.duration_ms) + 1 if film else layout.width
        painting.paint_bands(painter, layout, colours, film_end, self.height())
        painter.setFont(self._small)
        if not film:
            painter.setPen(colours.quiet_text)
            painter.drawText(
                QRectF(GUTTER, 0, layout.width - GUTTER, layout.bottom),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("No film open"),
            )
        else:
            painting.paint_ruler(painter, layout, scale, colours, whole)
            painter.save()
            painter.setClipRect(layout.thumbs())
            self._thumbs.paint(painter, layout.thumbs(), scale, layout.thumbs())
            painter.restore()
            content = QRectF(GUTTER, 0, layout.width - GUTTER, self.height())
            painter.save()
            painter.setClipRect(content)
            painting.paint_frame_grid(painter, layout, scale, colours, content)
            found = self._placements(content)
            self._item_painter.paint(painter, found, self._selected, colours, content)
            painter.restore()
        painter.setFont(self.font())
        painting.paint_titles(painter, layout, self._lanes, colours)
        painter.end()
        return backdrop

    def _paint_overlay(self, painter: QPainter) -> None:
        """What changes as the film plays or the mouse drags: the corner time, the selection
        band and the playhead."""
        layout, scale, colours = self._layout, self._scale(), self._colours
        height = self.height()
        frame = scale.frame_of_ms(self._playhead_ms) if scale.frame_level else None
        painter.setFont(self._small)
        corner = words.corner(self._playhead_ms, scale.duration_ms, frame)
        painting.paint_corner(painter, layout, corner, colours)
        if self._selection is not None:
            painter.save()
            painter.setClipRect(QRectF(GUTTER, 0, layout.width - GUTTER, height))
            painting.paint_selection(painter, layout, scale, self._selection, colours, height)
            painter.restore()
        if frame is not None:
            left = scale.x_of(frame * scale.frame_ms)
            painting.paint_frame_cell(painter, layout, left, scale.px_per_frame, colours, height)
        painting.paint_playhead(painter, layout, scale.x_of(self._playhead_ms), colours, height)
