"""The recording screen's banners, stacked above the picture (never over it): filming
consent, the camera, the sound, the disk. Each says what happened and what to do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from vfapp.capture.stats import AudioState, RecordingStats
from vfapp.ui.widgets.banner import Banner, BannerLevel

SILENCE_WARN_S = 10.0


class RecorderWarnings(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.consent = Banner()
        self.camera = Banner()
        self.sound = Banner()
        self.disk = Banner()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for banner in (self.consent, self.camera, self.sound, self.disk):
            layout.addWidget(banner)
        self._sound_reason: str | None = None

    def clear(self) -> None:
        for banner in (self.consent, self.camera, self.sound, self.disk):
            banner.hide()
        self._sound_reason = None

    def no_consent(self, message: str, open_form: Callable[[], object]) -> None:
        self.consent.show_message(
            message + " " + self.tr("Recording has not started."),
            BannerLevel.PROBLEM,
            action=self.tr("Open the consent form"),
            on_action=open_form,
        )

    def camera_problem(
        self, message: str, *, continue_part: Callable[[], object] | None = None
    ) -> None:
        self.camera.show_message(
            message,
            BannerLevel.PROBLEM,
            action=self.tr("Continue as a new part") if continue_part else None,
            on_action=continue_part,
        )

    def update_sound(self, stats: RecordingStats | None, silent_s: float | None) -> None:
        """Microphone lost or missing beats silence; silence for 10 s beats nothing."""
        reason, text, level = None, "", BannerLevel.WARNING
        if stats is not None and stats.audio is AudioState.LOST:
            reason = "lost"
            text = self.tr(
                "The microphone stopped ({why}). The recording goes on without sound."
            ).format(why=stats.audio_message or self.tr("no sound arrived"))
        elif stats is not None and stats.audio is AudioState.NONE and silent_s is not None:
            reason = "none"
            text = self.tr("No microphone could be used: recording the picture only. {why}").format(
                why=stats.audio_message or ""
            )
        elif silent_s is not None and silent_s >= SILENCE_WARN_S:
            reason = "silent"
            text = self.tr(
                "No sound for {s:.0f} seconds. Check the microphone is not muted or covered."
            ).format(s=SILENCE_WARN_S)
        if reason == self._sound_reason:
            return
        self._sound_reason = reason
        if reason is None:
            self.sound.hide()
        else:
            self.sound.show_message(text.strip(), level)

    def update_disk(self, stats: RecordingStats | None) -> None:
        if stats is None or not stats.disk_warning:
            self.disk.hide()
            return
        minutes = stats.minutes_left or 0
        text = self.tr(
            "The disk is nearly full: about {m:.0f} minutes of recording left. The recording "
            "stops and is saved before the disk runs out."
        ).format(m=minutes)
        if self.disk.isHidden() or self.disk.text != text:
            self.disk.show_message(text, BannerLevel.WARNING)
