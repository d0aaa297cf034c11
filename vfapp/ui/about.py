"""About Attune: the name, version, purpose and licence, where the vault is, and the Qt,
PySide6 and Python it runs on."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

import vfapp
from vfapp.ui.widgets.forms import paragraph, title

ICON = Path(vfapp.__file__).resolve().parent / "resources" / "icons" / "attune.svg"


def app_icon() -> QIcon | None:
    """Attune's icon, when the resources hold one."""
    return QIcon(str(ICON)) if ICON.is_file() else None


class AboutDialog(QDialog):
    def __init__(self, vault_folder: Path, *, demo: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Attune"))
        self.setMinimumWidth(520)
        self.version = QLabel(self.tr("Version {version}").format(version=vfapp.__version__))
        self.version.setAccessibleName(self.version.text())
        where = (
            self.tr("This demo's vault is encrypted and will be deleted when the demo ends:")
            if demo
            else self.tr("Your vault is encrypted; it is kept in this folder on this laptop:")
        )
        self.vault = QLabel(str(vault_folder))
        self.vault.setWordWrap(True)
        self.vault.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.vault.setAccessibleName(self.tr("Vault folder"))
        self.versions = QLabel(
            self.tr("Qt {qt}, PySide6 {pyside}, Python {python}").format(
                qt=qVersion(), pyside=QtCore.__version__, python=platform.python_version()
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        heading = QHBoxLayout()
        icon = app_icon()
        if icon is not None:
            picture = QLabel()
            picture.setPixmap(icon.pixmap(64, 64))
            picture.setAccessibleName(self.tr("Attune's icon"))
            heading.addWidget(picture)
        names = QVBoxLayout()
        names.addWidget(title(self.tr("Attune")))
        names.addWidget(self.version)
        heading.addLayout(names, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(
            paragraph(
                self.tr(
                    "Films parent and baby at play, for watching back and reflecting "
                    "together, and keeps it all safe."
                )
            )
        )
        layout.addWidget(paragraph(self.tr("Free software: GPL-3.0-or-later.")))
        layout.addWidget(paragraph(where))
        layout.addWidget(self.vault)
        layout.addWidget(self.versions)
        layout.addWidget(buttons)
