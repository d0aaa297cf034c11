"""The screen lock while a recording runs: the picture is hidden, the recording goes on, and
only the signed-in user's password brings the screen back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from vfapp.governance.session_guard import GuardChange
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.forms import (
    centred_page,
    enlarge,
    message_line,
    paragraph,
    password_field,
    title,
)


class LockScreen(QWidget):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        box = QWidget()
        self.who = paragraph("")
        self.password = password_field(self.tr("Password"))
        self.password.returnPressed.connect(self._resume)
        self.button = QPushButton(self.tr("Unlock"))
        self.button.setDefault(True)
        self.button.clicked.connect(self._resume)
        self.message = message_line()
        layout = QVBoxLayout(box)
        layout.addWidget(title(self.tr("Attune is locked")))
        layout.addWidget(
            paragraph(
                self.tr("The recording is still running. Its picture is hidden until you unlock.")
            )
        )
        layout.addWidget(self.who)
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        enlarge(box, 1.15)
        QVBoxLayout(self).addWidget(centred_page(box, 600))

    def enter(self) -> None:
        actor = self._shell.session.actor
        name = actor.user.name if actor is not None else ""
        self.who.setText(
            self.tr("Signed in: {name}. Type your password to carry on.").format(name=name)
        )
        self.password.clear()
        self.message.clear()
        self.button.setEnabled(True)
        self.password.setFocus()

    def _resume(self) -> None:
        guard = self._shell.session.guard
        if guard is None:
            return
        password = self.password.text()
        self.button.setEnabled(False)

        def resume() -> GuardChange:
            return guard.resume(password)

        self._shell.background.run(resume, self._resumed, self._refused)

    def _resumed(self, change: GuardChange) -> None:
        self.password.clear()
        self._shell.session.apply(change)

    def _refused(self, message: str) -> None:
        self.message.setText(message)
        self.button.setEnabled(True)
        self.password.selectAll()
        self.password.setFocus()
