"""Unlock: who you are and your password; a plain message when it is wrong; "Forgot your
password?" leads to the recovery key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vfapp.governance.actor import Actor, sign_in
from vfapp.ui.screens.recovery import RecoveryPanel
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.forms import (
    centred_page,
    enlarge,
    message_line,
    paragraph,
    password_field,
    title,
)
from vfapp.vault.info import describe_vault
from vfapp.vault.lifecycle import unlock_vault


def open_and_sign_in(shell: Shell, user: str | None, password: str) -> Actor:
    """On the worker: unlock, then sign in (locking again if the sign-in is refused)."""
    vault = unlock_vault(shell.services.vault_folder, password, user=user)
    try:
        return sign_in(vault, shell.services.clock)
    except BaseException:
        vault.lock()
        raise


class UnlockScreen(QWidget):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        self._pages = QStackedWidget()
        self._pages.addWidget(self._unlock_page())
        self.recovery = RecoveryPanel(shell, back=self._back_from_recovery)
        self._pages.addWidget(self.recovery)
        enlarge(self._pages, 1.15)
        QVBoxLayout(self).addWidget(centred_page(self._pages, 640))

    def enter(self, locked_because: str | None = None) -> None:
        self._pages.setCurrentIndex(0)
        users = describe_vault(self._shell.services.vault_folder).users
        self.user.clear()
        self.user.addItems(list(users))
        self.user.setVisible(len(users) > 1)
        self.user_label.setVisible(len(users) > 1)
        minutes = self._shell.services.settings.idle_lock_minutes
        self.message.setText(self._reason(locked_because, minutes))
        self.password.clear()
        self.password.setEnabled(True)
        self.button.setEnabled(True)
        self.password.setFocus()

    def _reason(self, locked_because: str | None, minutes: float) -> str:
        """Why the app is locked, in words ('' when it was not locked for a reason)."""
        if locked_because == "idle":
            return self.tr("Attune locked itself after {minutes:g} minutes without use.").format(
                minutes=minutes
            )
        if locked_because == "asked":
            return self.tr("Attune is locked.")
        if locked_because == "recording ended":
            return self.tr("The recording has ended and Attune is locked.")
        return ""

    def _unlock_page(self) -> QWidget:
        page = QWidget()
        self.user = QComboBox()
        self.user.setAccessibleName(self.tr("Who you are"))
        self.password = password_field(self.tr("Password"))
        self.password.returnPressed.connect(self._unlock)
        self.button = QPushButton(self.tr("Unlock"))
        self.button.setDefault(True)
        self.button.clicked.connect(self._unlock)
        self.forgot = QPushButton(self.tr("Forgot your password?"))
        self.forgot.setFlat(True)
        self.forgot.clicked.connect(self._to_recovery)
        self.message = message_line()
        form = QFormLayout()
        form.addRow(self.tr("You are"), self.user)
        self.user_label = form.labelForField(self.user)
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(page)
        layout.addWidget(title(self.tr("Unlock Attune")))
        layout.addWidget(paragraph(self.tr("Your films and notes are encrypted on this laptop.")))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.forgot, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _unlock(self) -> None:
        password = self.password.text()
        if not password:
            self.message.setText(self.tr("Please type your password."))
            return
        user = self.user.currentText() if self.user.count() > 1 else None
        self.button.setEnabled(False)
        self.password.setEnabled(False)
        self.message.setText(self.tr("Unlocking..."))
        self._shell.background.run(
            lambda: open_and_sign_in(self._shell, user, password), self._opened, self._refused
        )

    def _opened(self, actor: Actor) -> None:
        self.password.clear()
        self.message.clear()
        self._shell.signed_in(actor)

    def _refused(self, message: str) -> None:
        self.message.setText(message)
        self.button.setEnabled(True)
        self.password.setEnabled(True)
        self.password.selectAll()
        self.password.setFocus()

    def _to_recovery(self) -> None:
        self.recovery.enter([self.user.itemText(i) for i in range(self.user.count())])
        self._pages.setCurrentIndex(1)

    def _back_from_recovery(self) -> None:
        self._pages.setCurrentIndex(0)
        self.password.setFocus()
