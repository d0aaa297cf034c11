"""The transport under the picture: tag jumps, frame steps, play/pause, the time and frame,
speed and loop. It only asks; the workspace decides (keys and buttons do the same thing)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QWidget,
)

from vfapp.ui.screens.workspace.words import clock_words

SPEEDS = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
SHUTTLE_FORWARD = (1.0, 1.5, 2.0)  # L pressed again and again
SHUTTLE_BACK = (1.0, 2.0, 4.0)  # J: frames stepped back per frame's time


def next_shuttle(speeds: tuple[float, ...], current: float | None) -> float:
    """The next shuttle speed: the first at a fresh press, then faster up to the last."""
    if current is None or current not in speeds:
        return speeds[0]
    return speeds[min(speeds.index(current) + 1, len(speeds) - 1)]


class TransportBar(QWidget):
    previous_tag = Signal()
    step_back = Signal()
    play_pause = Signal()
    step_forward = Signal()
    next_tag = Signal()
    speed_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        icons = QStyle.StandardPixmap
        self.previous = self._button(
            icons.SP_MediaSkipBackward, self.tr("Previous tag (Ctrl+Left)"), self.previous_tag
        )
        self.back = self._button(
            icons.SP_MediaSeekBackward, self.tr("One frame back (Left)"), self.step_back
        )
        self.play = self._button(
            icons.SP_MediaPlay, self.tr("Play or pause (Space or K)"), self.play_pause
        )
        self.play.setMinimumWidth(72)
        self.forward = self._button(
            icons.SP_MediaSeekForward, self.tr("One frame on (Right)"), self.step_forward
        )
        self.next = self._button(
            icons.SP_MediaSkipForward, self.tr("Next tag (Ctrl+Right)"), self.next_tag
        )
        self.time = QLabel("0:00.00 / 0:00.00")
        self.time.setAccessibleName(self.tr("Time in the film"))
        self.time.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.time.font()
        font.setFamily("monospace")
        font.setStyleHint(font.StyleHint.Monospace)
        self.time.setFont(font)
        self.speed = QComboBox()
        self.speed.setAccessibleName(self.tr("Playing speed"))
        self.speed.setToolTip(self.tr("Playing speed; J and L shuttle"))
        for speed in SPEEDS:
            self.speed.addItem(self.tr("{speed:g}x").format(speed=speed), speed)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(self._speed_chosen)
        self.playing = False
        self.loop = QCheckBox(self.tr("L&oop the selection"))
        self.loop.setAccessibleName(self.tr("Loop the selection"))
        self.loop.setToolTip(self.tr("Play the selected range again and again (Alt+O)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        for widget in (self.previous, self.back, self.play, self.forward, self.next):
            layout.addWidget(widget)
        layout.addSpacing(12)
        layout.addWidget(self.time, 1)
        layout.addWidget(QLabel(self.tr("Speed")))
        layout.addWidget(self.speed)
        layout.addWidget(self.loop)

    def _button(self, icon: QStyle.StandardPixmap, tip: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(self.style().standardIcon(icon), "")
        button.setIconSize(QSize(20, 20))
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click must not steal the keys
        button.clicked.connect(signal.emit)
        return button

    def _speed_chosen(self, _index: int) -> None:
        self.speed_changed.emit(self.chosen_speed)

    @property
    def chosen_speed(self) -> float:
        return float(self.speed.currentData())

    def set_speed(self, speed: float) -> None:
        nearest = min(SPEEDS, key=lambda s: abs(s - speed))
        self.speed.setCurrentIndex(SPEEDS.index(nearest))

    def show_playing(self, playing: bool, words: str | None = None) -> None:
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        )
        self.play.setIcon(self.style().standardIcon(icon))
        self.playing = playing
        self.play.setAccessibleDescription(words or (self.tr("Playing") if playing else ""))

    def show_time(self, ms: int, duration_ms: int, frame: int, frames: int) -> None:
        self.time.setText(
            self.tr("{now} / {length}   frame {frame} of {frames}").format(
                now=clock_words(ms, exact=True),
                length=clock_words(duration_ms, exact=True),
                frame=frame + 1,
                frames=frames,
            )
        )
