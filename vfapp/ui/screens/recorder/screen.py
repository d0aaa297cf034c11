"""The recording screen (being built)."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from vfapp.ui.shell import Shell


class RecorderScreen(QWidget):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        QVBoxLayout(self).addWidget(QLabel(self.tr("Recording")))

    def enter(self, family_id: UUID) -> None:
        """Open the camera preview for filming this family."""

    def leave(self) -> None:
        """Stop the preview (and any recording, keeping what was filmed)."""

    def hide_preview(self, hidden: bool) -> None:
        """Behind the lock screen the recording goes on but its picture is hidden."""
