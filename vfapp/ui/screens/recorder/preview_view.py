"""The live picture: frames cross from the camera thread to the GUI thread one at a time
(only the newest is kept; a busy screen drops frames, never queues them), are wrapped as a
QImage without copying, and are painted scaled to fit with their shape kept."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from vfapp.capture.frames import CapturedFrame
from vfapp.ui.widgets.picture import fitted

BACKDROP = QColor("#1b1f24")
WORDS = QColor("#e8eaed")


class FrameRelay(QObject):
    """`offer(frame)` from any thread; `arrived` reaches the GUI thread at most once per
    frame shown, however fast frames come: the slot `take()`s the newest."""

    arrived = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._latest: CapturedFrame | None = None
        self.dropped = 0  # replaced before the screen took them: the cost of a busy screen

    def offer(self, frame: CapturedFrame) -> None:
        with self._lock:
            waiting = self._latest is not None
            if waiting:
                self.dropped += 1
            self._latest = frame
        if not waiting:
            self.arrived.emit()  # queued: the receiver lives on the GUI thread

    def take(self) -> CapturedFrame | None:
        with self._lock:
            frame, self._latest = self._latest, None
            return frame


def to_qimage(frame: CapturedFrame) -> QImage:
    """BGR as OpenCV delivers it, wrapped without a copy (the frame is kept alive with it)."""
    image = frame.image
    height, width = image.shape[:2]
    return QImage(image.data, width, height, image.strides[0], QImage.Format.Format_BGR888)


class PreviewView(QWidget):
    """Paints the newest frame; says in words when there is no picture or it is hidden."""

    def __init__(self, relay: FrameRelay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self.setAccessibleName(self.tr("Camera picture"))
        self._relay = relay
        self._frame: CapturedFrame | None = None
        self._image: QImage | None = None
        self._hidden = False
        self._words = self.tr("Starting the camera...")
        self.frames_shown = 0
        relay.arrived.connect(self._show_newest)

    @property
    def picture_hidden(self) -> bool:
        return self._hidden

    @property
    def has_picture(self) -> bool:
        return self._image is not None and not self._hidden

    def set_hidden(self, hidden: bool) -> None:
        self._hidden = hidden
        if hidden:
            self._frame = self._image = None
        self.update()

    def show_words(self, words: str) -> None:
        """No picture (the camera is starting, or could not be opened): say so instead."""
        self._words = words
        self._frame = self._image = None
        self.update()

    @Slot()
    def _show_newest(self) -> None:
        frame = self._relay.take()
        if frame is None or self._hidden:
            return
        self._frame, self._image = frame, to_qimage(frame)
        self.frames_shown += 1
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKDROP)
        if self._image is not None and not self._hidden:
            target = fitted(self._image.size(), self.rect())
            # Smooth scaling of a 720p frame to this size costs a few milliseconds.
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self._image)
        else:
            words = self.tr("Picture hidden while Attune is locked.") if self._hidden else None
            painter.setPen(WORDS)
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            painter.setFont(font)
            painter.drawText(
                self.rect().adjusted(24, 24, -24, -24),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                words or self._words,
            )
        painter.end()
