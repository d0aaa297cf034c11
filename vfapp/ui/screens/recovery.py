"""Forgot the password: the recovery key and a new password for an existing user."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfapp.governance.actor import Actor, sign_in
from vfapp.governance.people import reset_password_with_recovery_key
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.forms import message_line, paragraph, password_field, title
from vfapp.vault.keys import check_new_password
from vfapp.vault.lifecycle import SecretKind, unlock_vault


class RecoveryPanel(QWidget):
    def __init__(self, shell: Shell, *, back: Callable[[], None]) -> None:
        super().__init__()
        self._shell = shell
        self.user = QComboBox()
        self.user.setAccessibleName(self.tr("Whose password to reset"))
        self.key = QLineEdit()
        self.key.setAccessibleName(self.tr("Recovery key"))
        self.key.setPlaceholderText("XXXX-XXXX-...")
        self.password = password_field(self.tr("New password"))
        self.again = password_field(self.tr("New password again"))
        self.again.returnPressed.connect(self._reset)
        self.message = message_line()
        self.button = QPushButton(self.tr("Set the new password and unlock"))
        self.button.setDefault(True)
        self.button.clicked.connect(self._reset)
        cancel = QPushButton(self.tr("Back"))
        cancel.clicked.connect(back)
        form = QFormLayout()
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Recovery key"), self.key)
        form.addRow(self.tr("New password"), self.password)
        form.addRow(self.tr("New password again"), self.again)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addWidget(title(self.tr("Reset a password")))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Type the recovery key you wrote down when the vault was made (upper or "
                    "lower case, with or without dashes), then choose a new password."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.setAlignment(buttons, Qt.AlignmentFlag.AlignRight)

    def enter(self, users: list[str]) -> None:
        self.user.clear()
        self.user.addItems(users)
        for field in (self.key, self.password, self.again):
            field.clear()
        self.message.clear()
        self.button.setEnabled(True)
        self.key.setFocus()

    def _reset(self) -> None:
        key, password, user = self.key.text(), self.password.text(), self.user.currentText()
        if password != self.again.text():
            self.message.setText(self.tr("The two new passwords are not the same."))
            return
        self.button.setEnabled(False)
        self.message.setText(self.tr("Checking the recovery key..."))
        folder, clock = self._shell.services.vault_folder, self._shell.services.clock

        def reset() -> Actor:
            check_new_password(password)
            vault = unlock_vault(folder, key, kind=SecretKind.RECOVERY_KEY)
            with vault:
                reset_password_with_recovery_key(vault, user, password)
            opened = unlock_vault(folder, password, user=user)
            try:
                return sign_in(opened, clock)
            except BaseException:
                opened.lock()
                raise

        self._shell.background.run(reset, self._done, self._refused)

    def _done(self, actor: Actor) -> None:
        for field in (self.key, self.password, self.again):
            field.clear()
        self._shell.signed_in(actor)

    def _refused(self, message: str) -> None:
        self.message.setText(message)
        self.button.setEnabled(True)
