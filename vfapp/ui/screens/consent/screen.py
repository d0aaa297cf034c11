"""The consent form (being built)."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from vfapp.ui.shell import Shell


class ConsentScreen(QWidget):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        QVBoxLayout(self).addWidget(QLabel(self.tr("Consent")))

    def enter(self, family_id: UUID) -> None:
        """Show the family's consent, ready to record a change."""
