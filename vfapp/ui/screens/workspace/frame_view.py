"""The film's picture: the newest decoded frame, scaled to fit with its shape kept (rotation is
already applied by the engine), and words instead when there is no picture to show."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from vfapp.ui.screens.workspace.film_deck import FilmDeck, Picture
from vfapp.ui.widgets.picture import fitted

BACKDROP = QColor("#15181c")
WORDS = QColor("#e8eaed")

# (picture painted, seconds from when it was asked for until it was painted)
PaintWatcher = Callable[[Picture, float], None]


class FrameView(QWidget):
    shown = Signal(object)  # the Picture just taken to be painted

    def __init__(self, deck: FilmDeck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self.setAccessibleName(self.tr("Film picture"))
        self._deck = deck
        self._picture: Picture | None = None
        self._fresh = False  # a picture arrived and is not painted yet
        self._words = self.tr("Opening the film...")
        self.backdrop = BACKDROP
        self.watchers: list[PaintWatcher] = []
        deck.picture_ready.connect(self._take)

    @property
    def picture(self) -> Picture | None:
        return self._picture

    def show_words(self, words: str) -> None:
        self._words, self._picture = words, None
        self.update()

    def clear(self) -> None:
        self.show_words(self.tr("Opening the film..."))

    @Slot()
    def _take(self) -> None:
        picture = self._deck.take()
        if picture is None:
            return
        self._picture, self._fresh = picture, True
        self.setAccessibleDescription(self.tr("Frame %n", "", picture.number + 1))
        self.repaint()  # at once, not at the next idle moment: stepping must feel instant
        self.shown.emit(picture)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.backdrop)
        picture = self._picture
        if picture is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(fitted(picture.image.size(), self.rect()), picture.image)
        else:
            painter.setPen(WORDS)
            painter.drawText(
                self.rect().adjusted(24, 24, -24, -24),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self._words,
            )
        painter.end()
        if picture is not None and self._fresh:
            self._fresh = False
            took = time.perf_counter() - picture.asked_at
            for watcher in self.watchers:
                watcher(picture, took)
