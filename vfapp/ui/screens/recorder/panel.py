"""The column beside the picture: the big Record/Stop button, the time, the sound level, the
space left, the device pickers and the markers."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vfapp.ui.screens.recorder.device_picker import DevicePicker
from vfapp.ui.screens.recorder.level_meter import LevelMeterWidget
from vfapp.ui.screens.recorder.marker_list import MarkerListWidget
from vfapp.ui.widgets.forms import alert_colour

PANEL_WIDTH = 360
RECORD_STYLE = (
    "QPushButton#record { background: #b3261e; color: white; border-radius: 10px;"
    " padding: 14px; font-weight: 600; }"
    "QPushButton#record:focus { border: 3px solid #1a73e8; }"
    'QPushButton#record[busy="true"] { background: #8a8f96; }'
    'QPushButton#record[recording="true"] { background: #3c4043; }'
)


def tr(text: str) -> str:
    return QCoreApplication.translate("RecorderPanel", text)


def elapsed_words(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def duration_words(minutes: float | None) -> str:
    if minutes is None:
        return tr("Space left on this laptop: not known yet")
    if minutes >= 120:
        return tr("Space left on this laptop: about {h:.0f} hours of film").format(h=minutes / 60)
    return tr("Space left on this laptop: about {m:.0f} minutes of film").format(m=minutes)


class RecorderPanel(QWidget):
    def __init__(
        self, devices: DevicePicker, meter: LevelMeterWidget, markers: MarkerListWidget
    ) -> None:
        super().__init__()
        self.setFixedWidth(PANEL_WIDTH)
        self.record_button = QPushButton()
        self.record_button.setObjectName("record")
        self.record_button.setStyleSheet(RECORD_STYLE)
        font = self.record_button.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.record_button.setFont(font)
        self.record_button.setMinimumHeight(64)
        self.state = QLabel()
        self.state.setAccessibleName(self.tr("Recording state"))
        self.elapsed = QLabel(elapsed_words(0))
        self.elapsed.setAccessibleName(self.tr("Time recorded"))
        big = self.elapsed.font()
        big.setPointSizeF(big.pointSizeF() * 2.2)
        big.setWeight(QFont.Weight.DemiBold)
        big.setStyleHint(QFont.StyleHint.Monospace)
        self.elapsed.setFont(big)
        self.space = QLabel(duration_words(None))
        self.space.setWordWrap(True)
        self.drops = QLabel()
        self.drops.setWordWrap(True)
        sound = QFormLayout()
        sound.setContentsMargins(0, 0, 0, 0)
        sound.addRow(self.tr("Sound"), meter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.addWidget(self.record_button)
        layout.addWidget(self.state)
        layout.addWidget(self.elapsed)
        layout.addLayout(sound)
        layout.addWidget(self.space)
        layout.addWidget(self.drops)
        layout.addWidget(devices)
        layout.addWidget(markers, 1)

    def show_state(self, *, recording: bool, busy: bool) -> None:
        button = self.record_button
        if busy:
            button.setText(self.tr("One moment..."))
            self.state.setText(self.tr("Saving or starting: please wait."))
        elif recording:
            button.setText(self.tr("Stop recording"))
            self.state.setText(self.tr("\u25cf Recording"))
            self.state.setStyleSheet(f"color: {alert_colour()}; font-weight: 600;")
        else:
            button.setText(self.tr("Record"))
            self.state.setText(self.tr("Not recording"))
            self.state.setStyleSheet("")
        # Never disabled: the focus would leave it, and with it the keyboard's place.
        button.setProperty("recording", "true" if recording else "false")
        button.setProperty("busy", "true" if busy else "false")
        button.setAccessibleName(button.text() + self.tr(" (Ctrl+R)"))
        button.style().unpolish(button)
        button.style().polish(button)
        if not recording and not busy:
            self.drops.clear()

    def dropped(self, frames: int) -> None:
        if frames:
            self.drops.setText(
                self.tr("{n} frames could not be kept: the laptop is busy.").format(n=frames)
            )
        else:
            self.drops.clear()
