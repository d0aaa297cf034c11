"""The calm welcome before the first vault: the vault, the recovery key and consent in plain
words, then set up a vault or try Attune first with the demo camera."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from vfapp.ui.widgets.forms import button, paragraph, title


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


class WelcomePage(QWidget):
    """What Attune keeps and how, before anything is made; two ways on."""

    set_up = Signal()
    try_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.explanations: list[QLabel] = []
        layout = QVBoxLayout(self)
        layout.addWidget(title(self.tr("Welcome to Attune")))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Attune films parent and baby at play on this laptop, so you can watch "
                    "the film back together. Three things are worth knowing first."
                )
            )
        )
        for heading, text in (
            (
                self.tr("The vault"),
                self.tr(
                    "Everything you film and write stays on this laptop in a locked, "
                    "encrypted vault. Only your password opens it."
                ),
            ),
            (
                self.tr("The recovery key"),
                self.tr(
                    "When you make the vault you get a recovery key: print it or write it "
                    "down and keep it somewhere safe \N{EM DASH} it is the only way back in if "
                    "the password is forgotten."
                ),
            ),
            (
                self.tr("Consent"),
                self.tr(
                    "Attune only films a family once their consent to filming is recorded, "
                    "and it keeps to what each family agreed."
                ),
            ),
        ):
            explanation = paragraph(text)
            explanation.setAccessibleName(f"{heading}: {text}")
            self.explanations.append(explanation)
            layout.addSpacing(6)
            layout.addWidget(_heading(heading))
            layout.addWidget(explanation)
        layout.addSpacing(12)
        self.set_up_button = button(self.tr("Set up my vault"))
        self.set_up_button.setDefault(True)
        self.set_up_button.setAutoDefault(True)
        self.demo_button = button(
            self.tr("Try it first with the demo camera"),
            self.tr("Try Attune first with the demo camera; nothing is kept"),
        )
        self.demo_button.setAutoDefault(True)  # Enter presses the button with the focus
        self.set_up_button.clicked.connect(self.set_up)
        self.demo_button.clicked.connect(self.try_demo)
        row = QHBoxLayout()
        row.addWidget(self.demo_button)
        row.addStretch(1)
        row.addWidget(self.set_up_button)
        layout.addLayout(row)
        self.setTabOrder(self.set_up_button, self.demo_button)

    def enter(self) -> None:
        self.set_up_button.setFocus(Qt.FocusReason.OtherFocusReason)
