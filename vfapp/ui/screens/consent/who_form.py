"""Who gives (or withdraws) consent, and how: name, relationship, a signed form or said
aloud (then the practitioner attests), an optional last day, an optional note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from vfapp.domain.governance import ConsentMethod, Relationship
from vfapp.governance.consent import MAX_NAME, MAX_NOTE
from vfapp.ui.screens.consent.words import method_words, relationship_words


@dataclass(frozen=True)
class Who:
    name: str
    relationship: Relationship
    method: ConsentMethod
    expires_on: date | None
    note: str | None


class WhoForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME)
        self.name.setAccessibleName(self.tr("Name of the person giving or withdrawing consent"))
        self.relationship = QComboBox()
        self.relationship.setAccessibleName(self.tr("Their relationship to the baby"))
        for relationship in Relationship:
            self.relationship.addItem(relationship_words(relationship), relationship)
        self.method = QComboBox()
        self.method.setAccessibleName(self.tr("How consent was given"))
        for method in ConsentMethod:
            self.method.addItem(method_words(method), method)
        self.attest = QLabel()
        self.attest.setWordWrap(True)
        self.method.currentIndexChanged.connect(self._method_changed)
        self.ends = QCheckBox(self.tr("Ends on a set day"))
        self.ends.setAccessibleName(self.tr("The consent ends on a set day"))
        self.ends_on = QDateEdit()
        self.ends_on.setCalendarPopup(True)
        self.ends_on.setDisplayFormat("d MMMM yyyy")
        self.ends_on.setAccessibleName(self.tr("Last day of the consent"))
        self.ends_on.setEnabled(False)
        self.ends.toggled.connect(self.ends_on.setEnabled)
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_NOTE)
        self.note.setAccessibleName(self.tr("Note (optional)"))
        ends_row = QHBoxLayout()
        ends_row.setContentsMargins(0, 0, 0, 0)
        ends_row.addWidget(self.ends)
        ends_row.addWidget(self.ends_on, 1)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Who they are"), self.relationship)
        form.addRow(self.tr("How"), self.method)
        form.addRow("", self.attest)
        form.addRow(self.tr("Ends"), ends_row)
        form.addRow(self.tr("Note"), self.note)
        self._user = ""

    def reset(self, today: date, user: str) -> None:
        self._user = user
        self.name.clear()
        self.note.clear()
        self.relationship.setCurrentIndex(0)
        self.method.setCurrentIndex(0)
        self.ends.setChecked(False)
        self.ends_on.setMinimumDate(QDate(today))
        self.ends_on.setDate(QDate(today.replace(year=today.year + 1, day=min(today.day, 28))))
        self._method_changed()

    def who(self) -> Who:
        return Who(
            name=" ".join(self.name.text().split()),
            relationship=Relationship(self.relationship.currentData()),
            method=ConsentMethod(self.method.currentData()),
            expires_on=self.ends_on.date().toPython() if self.ends.isChecked() else None,  # type: ignore[arg-type]
            note=self.note.text().strip() or None,
        )

    def _method_changed(self) -> None:
        verbal = self.method.currentData() == ConsentMethod.VERBAL
        self.attest.setVisible(verbal)
        self.attest.setText(
            self.tr("By saving, you ({user}) confirm that you heard it said.").format(
                user=self._user
            )
        )
