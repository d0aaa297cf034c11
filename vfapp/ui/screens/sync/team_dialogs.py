"""Creating a team (the admin, with the recovery key shown once) and joining one with an
invite file and the passphrase told apart."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vfapp.sync.context import open_store
from vfapp.sync.models import StoreConfig
from vfapp.sync.team import create_team, join_team
from vfapp.ui.screens.sync.choosers import PathField
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.forms import button, message_line, paragraph, password_field, title
from vfapp.vault import sync_state


def _buttons(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for widget in widgets:
        row.addWidget(widget)
    return row


class CreateTeamDialog(QDialog):
    """Emits `created()` once the team exists (the key is then on screen until dismissed)."""

    created = Signal()

    def __init__(self, shell: Shell, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Create a team"))
        self.setMinimumWidth(620)
        self._shell = shell
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Name of the team"))
        self.folder = PathField(self.tr("The team folder"), "folder")
        self.message = message_line()
        self.make = button(self.tr("Create the team"))
        self.make.setDefault(True)
        cancel = button(self.tr("Cancel"))
        self.key = QLabel()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(self.font().pointSizeF() * 1.5)
        mono.setWeight(QFont.Weight.DemiBold)
        self.key.setFont(mono)
        self.key.setWordWrap(True)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setAccessibleName(self.tr("The team's recovery key"))
        self.written = QCheckBox(self.tr("I have printed or written down the recovery key"))
        self.finish = button(self.tr("Done"))
        self.finish.setEnabled(False)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._ask_page(cancel))
        self.pages.addWidget(self._key_page())
        QVBoxLayout(self).addWidget(self.pages)
        self.make.clicked.connect(self._create)
        cancel.clicked.connect(self.reject)
        self.written.toggled.connect(self.finish.setEnabled)
        self.finish.clicked.connect(self.accept)

    def _ask_page(self, cancel: QWidget) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        form.addRow(self.tr("Name of the team"), self.name)
        form.addRow(self.tr("Team folder"), self.folder)
        layout = QVBoxLayout(page)
        layout.addWidget(title(self.tr("Create a team")))
        layout.addWidget(paragraph(self.tr(
            "The team folder is a shared folder every laptop of the team can reach (for "
            "example on the NHS network drive). Only locked, encrypted pieces are kept there: "
            "it never holds names, notes or films anyone could read.")))  # fmt: skip
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(_buttons(cancel, self.make))
        return page

    def _key_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(title(self.tr("The team's recovery key")))
        layout.addWidget(paragraph(self.tr(
            "Print this key or write it down now, and keep it somewhere safe, apart from this "
            "laptop (a locked drawer at the base, say). If this laptop is ever lost, the key "
            "lets the team carry on. It is shown only this once.")))  # fmt: skip
        layout.addWidget(self.key)
        layout.addWidget(self.written)
        layout.addLayout(_buttons(self.finish))
        return page

    def _create(self) -> None:
        name, folder = self.name.text().strip(), self.folder.text()
        if not name:
            self.message.setText(self.tr("Give the team a name, such as your service's."))
            return
        if not folder or not Path(folder).is_dir():
            self.message.setText(self.tr("Choose the shared folder the team will use."))
            return
        self.message.clear()
        self.make.setEnabled(False)
        actor = self._shell.actor()
        store = StoreConfig(kind="folder", path=folder)
        self._shell.background.run(
            lambda: create_team(actor, name, store), self._made, self._problem
        )

    def _made(self, made: object) -> None:
        self.key.setText(str(getattr(made, "recovery_key", "")))
        self.pages.setCurrentIndex(1)
        self.written.setFocus()
        self.created.emit()

    def _problem(self, message: str) -> None:
        self.make.setEnabled(True)
        self.message.setText(message)

    def reject(self) -> None:
        if self.pages.currentIndex() == 1 and not self.written.isChecked():
            self.written.setFocus()  # the key must not vanish before it is kept
            return
        super().reject()


class JoinTeamDialog(QDialog):
    """Emits `joined(team name)` once this laptop has asked to join."""

    joined = Signal(str)

    def __init__(self, shell: Shell, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Join a team"))
        self.setMinimumWidth(640)
        self._shell = shell
        self.invite = PathField(self.tr("The invite file"), "invite")
        self.passphrase = password_field(self.tr("The invite's passphrase"))
        self.folder = PathField(self.tr("The team folder on this laptop"), "folder")
        self.message = message_line()
        self.join = button(self.tr("Ask to join"))
        self.join.setDefault(True)
        cancel = button(self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("Invite file"), self.invite)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.tr("Team folder (if asked)"), self.folder)
        layout = QVBoxLayout(self)
        layout.addWidget(title(self.tr("Join a team with an invite")))
        layout.addWidget(paragraph(self.tr(
            "Your team's admin gives you an invite file and tells you its passphrase "
            "separately. Choose the team folder only if it is in a different place on this "
            "laptop than on the admin's.")))  # fmt: skip
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(_buttons(cancel, self.join))
        self.join.clicked.connect(self._join)
        cancel.clicked.connect(self.reject)

    def _join(self) -> None:
        invite, passphrase, folder = self.invite.text(), self.passphrase.text(), self.folder.text()
        if not invite or not Path(invite).is_file():
            self.message.setText(self.tr("Choose the invite file your admin gave you."))
            return
        if not passphrase.strip():
            self.message.setText(self.tr("Type the passphrase your admin told you."))
            return
        if folder and not Path(folder).is_dir():
            self.message.setText(self.tr("That team folder cannot be found on this laptop."))
            return
        self.message.clear()
        self.join.setEnabled(False)
        actor = self._shell.actor()
        here = StoreConfig(kind="folder", path=folder) if folder else None

        def job() -> str:
            store = open_store(here) if here else None
            payload = join_team(actor, Path(invite).read_bytes(), passphrase, store)
            if here is not None:
                with actor.vault.write() as batch:
                    sync_state.set_mark(batch.db, "store_here", here.model_dump_json())
            return payload.descriptor.team_name

        self._shell.background.run(job, self._joined, self._problem)

    def _joined(self, team: str) -> None:
        self.joined.emit(team)
        self.accept()

    def _problem(self, message: str) -> None:
        self.join.setEnabled(True)
        self.message.setText(message)
