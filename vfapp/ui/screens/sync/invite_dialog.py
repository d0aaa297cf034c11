"""The admin invites someone: their name and role, an invite file saved where the admin
chooses, and the one-time passphrase to tell them separately; and new words for a note."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vfapp.domain.governance import Role
from vfapp.sync.team import make_invite
from vfapp.ui.screens.sync import choosers
from vfapp.ui.screens.sync.words import role_name
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.forms import button, message_line, paragraph, title


class InviteDialog(QDialog):
    def __init__(self, shell: Shell, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Invite someone to the team"))
        self.setMinimumWidth(620)
        self._shell = shell
        self.person = QLineEdit()
        self.person.setAccessibleName(self.tr("Name of the person"))
        self.role = QComboBox()
        self.role.setAccessibleName(self.tr("Their role"))
        for role in Role:
            self.role.addItem(role_name(role.value), role.value)
        self.message = message_line()
        self.save = button(self.tr("Save the invite…"), self.tr("Save the invite file"))
        self.save.setDefault(True)
        cancel = button(self.tr("Cancel"))
        self.told = paragraph("")
        self.passphrase = QLabel()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(self.font().pointSizeF() * 1.5)
        mono.setWeight(QFont.Weight.DemiBold)
        self.passphrase.setFont(mono)
        self.passphrase.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passphrase.setAccessibleName(self.tr("The invite's passphrase"))
        self.finish = button(self.tr("Done"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._ask_page(cancel))
        self.pages.addWidget(self._told_page())
        QVBoxLayout(self).addWidget(self.pages)
        self.save.clicked.connect(self._save)
        cancel.clicked.connect(self.reject)
        self.finish.clicked.connect(self.accept)

    def _ask_page(self, cancel: QWidget) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        form.addRow(self.tr("Name of the person"), self.person)
        form.addRow(self.tr("Their role"), self.role)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self.save)
        layout = QVBoxLayout(page)
        layout.addWidget(title(self.tr("Invite someone")))
        layout.addWidget(paragraph(self.tr(
            "The invite is a small file for the person's laptop. It opens only with a "
            "passphrase shown to you next, which you tell them separately.")))  # fmt: skip
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(row)
        return page

    def _told_page(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.finish)
        layout = QVBoxLayout(page)
        layout.addWidget(title(self.tr("Tell them the passphrase")))
        layout.addWidget(self.told)
        layout.addWidget(self.passphrase)
        layout.addLayout(row)
        return page

    def _save(self) -> None:
        person, role = self.person.text().strip(), str(self.role.currentData())
        if not person:
            self.message.setText(self.tr("Write the name of the person the invite is for."))
            return
        suggested = "".join(c if c.isalnum() else "-" for c in person) + choosers.INVITE_SUFFIX
        target = choosers.choose_invite_target(self, self.tr("Save the invite"), suggested)
        if not target:
            return
        self.message.clear()
        self.save.setEnabled(False)
        actor = self._shell.actor()

        def job() -> str:
            invite = make_invite(actor, role, person)
            Path(target).write_bytes(invite.file_bytes)
            return invite.passphrase

        self._shell.background.run(job, lambda p: self._made(person, target, p), self._problem)

    def _made(self, person: str, target: str, passphrase: str) -> None:
        self.told.setText(self.tr(
            "The invite is saved as {f}. Give that file to {p} (on a memory stick, or by "
            "secure email), then tell them this passphrase by phone or in person, never in "
            "the same message as the file. It is shown only this once.").format(
                f=target, p=person))  # fmt: skip
        self.passphrase.setText(passphrase)
        self.pages.setCurrentIndex(1)
        self.finish.setFocus()

    def _problem(self, message: str) -> None:
        self.save.setEnabled(True)
        self.message.setText(message)


def _tr(text: str) -> str:
    return QCoreApplication.translate("NewWords", text)


def ask_new_words(parent: QWidget, what: str, current: str) -> str | None:
    """The words to keep instead of every version (None if the person changed their mind)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(_tr("Write new words"))
    dialog.setMinimumWidth(520)
    words = QPlainTextEdit(current)
    words.setAccessibleName(_tr("New words for {w}").format(w=what))
    words.setTabChangesFocus(True)
    keep = button(_tr("Keep these words"))
    cancel = button(_tr("Cancel"))
    keep.clicked.connect(dialog.accept)
    cancel.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(cancel)
    row.addWidget(keep)
    layout = QVBoxLayout(dialog)
    layout.addWidget(paragraph(_tr("The words for {w}, instead of both versions:").format(
        w=what)))  # fmt: skip
    layout.addWidget(words)
    layout.addLayout(row)
    chosen = dialog.exec() == QDialog.DialogCode.Accepted
    text = words.toPlainText().strip()
    dialog.deleteLater()
    return text if chosen else None
