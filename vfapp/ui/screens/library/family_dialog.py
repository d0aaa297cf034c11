"""Add a family or change one: case code (fixed once made), an optional display name, and
whether the team's involvement has ended (closed, on a day) or goes on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vfapp.governance.library_view import FamilyRow
from vfapp.ui.widgets.forms import message_line, paragraph


@dataclass(frozen=True)
class FamilyChoice:
    case_code: str
    display_name: str | None
    closed_on: date | None


class FamilyDialog(QDialog):
    """Says what was chosen through `submitted`; stays open until the screen calls `done_ok`
    (saved) or `show_problem` (refused, in words)."""

    submitted = Signal(object)  # FamilyChoice

    def __init__(self, parent: QWidget, family: FamilyRow | None, today: date) -> None:
        super().__init__(parent)
        self.family = family
        self.setWindowTitle(self.tr("New family") if family is None else self.tr("Change family"))
        self.setMinimumWidth(480)
        self.case_code = QLineEdit(family.case_code if family else "")
        self.case_code.setAccessibleName(self.tr("Case code"))
        self.case_code.setMaxLength(32)
        self.case_code.setReadOnly(family is not None)
        self.display_name = QLineEdit((family.display_name or "") if family else "")
        self.display_name.setAccessibleName(self.tr("Name shown in the list (optional)"))
        self.display_name.setMaxLength(80)
        self.closed = QCheckBox(self.tr("The team's work with this family has ended"))
        self.closed.setAccessibleName(self.tr("Family closed"))
        self.closed_on = QDateEdit()
        self.closed_on.setCalendarPopup(True)
        self.closed_on.setDisplayFormat("d MMM yyyy")
        self.closed_on.setAccessibleName(self.tr("Day the work ended"))
        self.closed_on.setMaximumDate(QDate(today))
        closed_day = family.closed_on if family and family.closed_on else today
        self.closed_on.setDate(QDate(closed_day))
        self.closed.setChecked(bool(family and family.closed))
        self.closed_on.setEnabled(self.closed.isChecked())
        self.closed.toggled.connect(self.closed_on.setEnabled)
        self.message = message_line()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Add family") if family is None else self.tr("Save"))
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Case code"), self.case_code)
        form.addRow(self.tr("Name (optional)"), self.display_name)
        if family is not None:
            form.addRow("", self.closed)
            form.addRow(self.tr("Ended on"), self.closed_on)
        layout = QVBoxLayout(self)
        hint = (
            self.tr(
                "The case code is the family's reference in your team's records, for example "
                "PIP-0042. It cannot be changed later. The name is only shown on this laptop."
            )
            if family is None
            else self.tr(
                "Films are kept for a time after the work with a family ends, then deleted."
            )
        )
        layout.addWidget(paragraph(hint))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.case_code if family is None else self.display_name).setFocus()

    def choice(self) -> FamilyChoice:
        name = " ".join(self.display_name.text().split()) or None
        closed = self.closed.isChecked() and self.family is not None
        return FamilyChoice(
            case_code=self.case_code.text().strip(),
            display_name=name,
            closed_on=self.closed_on.date().toPython() if closed else None,  # type: ignore[arg-type]
        )

    def _submit(self) -> None:
        choice = self.choice()
        if not choice.case_code:
            self.show_problem(self.tr("Please type the family's case code."))
            self.case_code.setFocus()
            return
        self.save_button.setEnabled(False)
        self.message.setText("")
        self.submitted.emit(choice)

    def show_problem(self, text: str) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(text)

    def done_ok(self) -> None:
        self.accept()
