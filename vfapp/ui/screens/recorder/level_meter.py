"""The sound-level meter: a bar from -60 dB (nothing heard) to 0 dB (as loud as it gets),
with a falling peak mark, polled from the core LevelMeter a few times a second."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from vfapp.capture.level_meter import FLOOR_DB

BOTTOM_DB = -60.0
LOUD_DB = -6.0  # above this the bar turns amber: close to clipping
FALL_DB_PER_UPDATE = 1.5

TRACK = QColor("#3a3f45")
GOOD = QColor("#2e9d5b")
LOUD = QColor("#d99a00")
PEAK = QColor("#f1f3f4")


def fraction(db: float) -> float:
    return min(1.0, max(0.0, (db - BOTTOM_DB) / -BOTTOM_DB))


class LevelMeterWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Sound level"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._db = FLOOR_DB
        self._peak_db = FLOOR_DB
        self._active = False

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(200, 14)

    @property
    def db(self) -> float:
        return self._db

    def set_level(self, db: float | None) -> None:
        """The latest level, or None when there is no microphone (the bar greys out)."""
        self._active = db is not None
        self._db = FLOOR_DB if db is None else db
        self._peak_db = max(self._db, self._peak_db - FALL_DB_PER_UPDATE)
        if self._active:
            self.setAccessibleDescription(self.tr("{db:.0f} dB").format(db=self._db))
        else:
            self.setAccessibleDescription(self.tr("No microphone"))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TRACK)
        painter.drawRoundedRect(track, 4, 4)
        if self._active:
            bar = QRectF(track)
            bar.setWidth(track.width() * fraction(self._db))
            painter.setBrush(LOUD if self._db > LOUD_DB else GOOD)
            painter.drawRoundedRect(bar, 4, 4)
            x = track.left() + track.width() * fraction(self._peak_db)
            painter.setBrush(PEAK)
            painter.drawRect(QRectF(max(track.left(), x - 2), track.top(), 2, track.height()))
        painter.end()
