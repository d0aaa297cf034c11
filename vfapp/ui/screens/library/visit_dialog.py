"""Add a visit or change one: the day, what was filmed (play, feeding, bath time, other) and
where (home, children's centre, clinic, other)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from vfapp.domain.models import VisitActivity, VisitPlace
from vfapp.governance.library_view import VisitRow
from vfapp.ui.screens.library.words import activity_words, place_words
from vfapp.ui.widgets.forms import message_line


@dataclass(frozen=True)
class VisitChoice:
    visited_on: date
    activity: VisitActivity
    place: VisitPlace


class VisitDialog(QDialog):
    """Like FamilyDialog: `submitted`, then `done_ok` or `show_problem` from the screen."""

    submitted = Signal(object)  # VisitChoice

    def __init__(self, parent: QWidget, case_code: str, visit: VisitRow | None, today: date):
        super().__init__(parent)
        self.visit = visit
        title = self.tr("New visit for {code}") if visit is None else self.tr("Change visit")
        self.setWindowTitle(title.format(code=case_code))
        self.setMinimumWidth(420)
        self.visited_on = QDateEdit(QDate(visit.visited_on if visit else today))
        self.visited_on.setCalendarPopup(True)
        self.visited_on.setDisplayFormat("d MMM yyyy")
        self.visited_on.setMaximumDate(QDate(today))
        self.visited_on.setAccessibleName(self.tr("Day of the visit"))
        self.activity = QComboBox()
        self.activity.setAccessibleName(self.tr("What was filmed"))
        for activity in VisitActivity:
            self.activity.addItem(activity_words(activity), activity)
        self.place = QComboBox()
        self.place.setAccessibleName(self.tr("Where"))
        for place in VisitPlace:
            self.place.addItem(place_words(place), place)
        if visit is not None:
            self.activity.setCurrentIndex(self.activity.findData(visit.activity))
            self.place.setCurrentIndex(self.place.findData(visit.place))
        self.message = message_line()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Add visit") if visit is None else self.tr("Save"))
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Day"), self.visited_on)
        form.addRow(self.tr("Activity"), self.activity)
        form.addRow(self.tr("Place"), self.place)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.visited_on.setFocus()

    def choice(self) -> VisitChoice:
        return VisitChoice(
            visited_on=self.visited_on.date().toPython(),  # type: ignore[arg-type]
            activity=VisitActivity(self.activity.currentData()),
            place=VisitPlace(self.place.currentData()),
        )

    def _submit(self) -> None:
        self.save_button.setEnabled(False)
        self.message.setText("")
        self.submitted.emit(self.choice())

    def show_problem(self, text: str) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(text)

    def done_ok(self) -> None:
        self.accept()
