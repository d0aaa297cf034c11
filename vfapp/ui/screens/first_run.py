"""First run: (a welcome first, when asked for) make the vault and its first user, then show
the recovery key once."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vfapp.governance.actor import Actor, sign_in
from vfapp.ui.screens.first_run_welcome import WelcomePage
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.forms import (
    centred_page,
    enlarge,
    message_line,
    paragraph,
    password_field,
    strength_hint,
    title,
)
from vfapp.vault.lifecycle import create_vault


@dataclass(frozen=True)
class _Made:
    actor: Actor
    recovery_key: str


class FirstRunScreen(QWidget):
    demo_requested = Signal()  # "Try it first with the demo camera" on the welcome

    def __init__(self, shell: Shell, *, welcome: bool = False) -> None:
        super().__init__()
        self._shell = shell
        self._made: _Made | None = None
        self._pages = QStackedWidget()
        self.details = self._details_page()
        self.recovery = self._recovery_page()
        self.welcome: WelcomePage | None = WelcomePage() if welcome else None
        for page in (self.welcome, self.details, self.recovery):
            if page is not None:
                self._pages.addWidget(page)
        if self.welcome is not None:
            self.welcome.set_up.connect(self.set_up)
            self.welcome.try_demo.connect(self.demo_requested)
        enlarge(self._pages, 1.15)
        QVBoxLayout(self).addWidget(centred_page(self._pages, 680))

    def enter(self) -> None:
        """The welcome when there is one, else straight to making the vault."""
        if self.welcome is None:
            self.set_up()
            return
        self._pages.setCurrentWidget(self.welcome)
        self.welcome.enter()

    def set_up(self) -> None:
        self._pages.setCurrentWidget(self.details)
        self.name.setFocus()

    @property
    def showing_welcome(self) -> bool:
        return self.welcome is not None and self._pages.currentWidget() is self.welcome

    # -- page 1: who you are and a password ------------------------------------------------
    def _details_page(self) -> QWidget:
        page = QWidget()
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Your name"))
        self.password = password_field(self.tr("Password"))
        self.again = password_field(self.tr("Password again"))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.password.textChanged.connect(lambda text: self.hint.setText(strength_hint(text)))
        self.message = message_line()
        self.create_button = QPushButton(self.tr("Create the vault"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._create)
        self.again.returnPressed.connect(self._create)
        form = QFormLayout()
        form.addRow(self.tr("Your name"), self.name)
        form.addRow(self.tr("Role"), QLabel(self.tr("Admin: the first user adds colleagues")))
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.hint)
        form.addRow(self.tr("Password again"), self.again)
        layout = QVBoxLayout(page)
        layout.addWidget(title(self.tr("Welcome to Attune")))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Attune keeps every film, name and note in an encrypted vault on this "
                    "laptop. Choose a password only you know: without it, or the recovery key "
                    "you will be shown next, nobody can open the vault, not even us."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _create(self) -> None:
        name, password = " ".join(self.name.text().split()), self.password.text()
        if not name:
            self._say(self.tr("Please type your name."), self.name)
            return
        if password != self.again.text():
            self._say(self.tr("The two passwords are not the same; please type them again."))
            self.again.clear()
            self.again.setFocus()
            return
        self.create_button.setEnabled(False)
        self.message.setText(self.tr("Creating your vault; this takes a few seconds..."))
        folder = self._shell.services.vault_folder

        def make() -> _Made:
            created = create_vault(folder, password, user=name)
            return _Made(actor=sign_in(created.vault), recovery_key=created.recovery_key)

        self._shell.background.run(make, self._made_vault, self._failed)

    def _failed(self, message: str) -> None:
        self.create_button.setEnabled(True)
        self._say(message, self.password)

    def _say(self, text: str, focus: QWidget | None = None) -> None:
        self.message.setText(text)
        if focus is not None:
            focus.setFocus()

    def _made_vault(self, made: _Made) -> None:
        self._made = made
        self.password.clear()
        self.again.clear()
        self.key.setText(made.recovery_key)
        self.written.setChecked(False)
        self._pages.setCurrentWidget(self.recovery)
        self.written.setFocus()

    # -- page 2: the recovery key, once ------------------------------------------------------
    def _recovery_page(self) -> QWidget:
        page = QWidget()
        self.key = QLabel()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        self.key.setFont(font)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setAccessibleName(self.tr("Recovery key"))
        self.key.setWordWrap(True)
        self.written = QCheckBox(self.tr("I have written this down and will keep it safe"))
        self.go_on = QPushButton(self.tr("Continue"))
        self.go_on.setEnabled(False)
        self.written.toggled.connect(self.go_on.setEnabled)
        self.go_on.clicked.connect(self._continue)
        layout = QVBoxLayout(page)
        layout.addWidget(title(self.tr("Your recovery key")))
        layout.addWidget(
            paragraph(
                self.tr(
                    "If the password is ever forgotten, this key opens the vault. It is shown "
                    "only now. Write it on paper and keep it somewhere safe, away from this "
                    "laptop (for example in your team's locked cabinet)."
                )
            )
        )
        layout.addWidget(self.key)
        layout.addWidget(self.written)
        layout.addWidget(self.go_on, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _continue(self) -> None:
        if self._made is None or not self.written.isChecked():
            return
        made, self._made = self._made, None
        self.key.clear()  # gone from the screen for good
        self._shell.signed_in(made.actor)
