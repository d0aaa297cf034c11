"""Pieces the calm, large-text forms share: a title, a paragraph, a password field with a
strength hint, and a message line."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfapp.vault.keys import MIN_PASSWORD_CHARS


def _tr(text: str) -> str:
    return QCoreApplication.translate("Forms", text)


def button(text: str, accessible: str | None = None) -> QPushButton:
    """A push button with a name for screen readers that Enter elsewhere never presses
    (Enter in a table or a tree must not press a dialog's button)."""
    made = QPushButton(text)
    made.setAccessibleName(accessible or text)
    made.setAutoDefault(False)
    return made


def title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def paragraph(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def password_field(accessible_name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    return field


def strength_hint(password: str) -> str:
    """A plain hint, not a score: long passphrases are what keep a lost laptop safe."""
    if not password:
        return ""
    if len(password) < MIN_PASSWORD_CHARS:
        return _tr("Too short: use at least {n} characters.").format(n=MIN_PASSWORD_CHARS)
    words = len(password.split())
    kinds = sum(
        any(test(c) for c in password)
        for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    if len(password) >= 20 or (words >= 4 and len(password) >= 16):
        return _tr("Strong: a long passphrase like this is hard to guess.")
    if len(password) >= 14 and kinds >= 2:
        return _tr("Good. Longer is even better: four or more words you will remember.")
    return _tr("Acceptable, but easy to guess: try four or more unrelated words.")


def message_line(parent: QWidget | None = None) -> QLabel:
    """Where a screen says what went wrong, in words; read out by screen readers."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setObjectName("message")
    label.setStyleSheet(f"QLabel#message {{ color: {alert_colour()}; font-weight: 600; }}")
    label.setAccessibleName(_tr("Message"))
    return label


def centred_page(page: QWidget, width: int) -> QWidget:
    """`page` at a comfortable reading width, in the middle of the screen, never squashed:
    its labels wrap at that width and the page is as tall as they need."""
    page.setFixedWidth(width)
    holder = QWidget()
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(page)
    row.addStretch(1)
    column = QVBoxLayout(holder)
    column.addStretch(1)
    column.addLayout(row)
    column.addStretch(2)
    return holder


def enlarge(widget: QWidget, factor: float) -> None:
    """A larger font for a whole form (children inherit it)."""
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    widget.setFont(font)


def alert_colour() -> str:
    """Red that reads well on the theme in use: dark red on light, light red on dark."""
    app = QApplication.instance()
    dark = isinstance(app, QApplication) and app.palette().window().color().lightness() < 128
    return "#f28b82" if dark else "#b3261e"
