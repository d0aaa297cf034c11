"""The right-hand side of the library: the chosen family, its buttons (record, consent,
change), its visits and the films of the chosen visit."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfapp.governance.library_view import FamilyRow, RecordingRow, VisitRow
from vfapp.ui.screens.library.visit_models import RecordingTableModel, VisitTableModel
from vfapp.ui.screens.library.words import badge_words, day_words
from vfapp.ui.widgets.forms import button, paragraph

TABLE_STYLE = "QTableView:focus { border: 2px solid palette(highlight); }"


def table(name: str) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab moves on to the next control
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setHighlightSections(False)
    view.setStyleSheet(TABLE_STYLE)
    return view


class FamilyPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.status = paragraph("")
        self.status.setAccessibleName(self.tr("Family status and consent"))
        self.record = button(self.tr("Record a visit"), self.tr("Record a visit with this family"))
        self.consent = button(self.tr("Consent"), self.tr("See or record this family's consent"))
        self.change_family = button(self.tr("Change family"), self.tr("Change this family"))
        self.new_visit = button(self.tr("New visit"), self.tr("Add a visit"))
        self.change_visit = button(self.tr("Change visit"), self.tr("Change the chosen visit"))
        self.visits_model = VisitTableModel(self)
        self.visits = table(self.tr("Visits"))
        self.visits.setModel(self.visits_model)
        self.films_model = RecordingTableModel(self)
        self.films = table(self.tr("Films of the chosen visit"))
        self.films.setModel(self.films_model)
        for view in (self.visits, self.films):
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.visits_note = QLabel()
        self.films_label = QLabel()
        self.films_label.setWordWrap(True)
        self.review = button(
            self.tr("Review film"), self.tr("Open the chosen film to review and code it (Enter)")
        )
        self.review.setEnabled(False)
        actions = QHBoxLayout()
        for widget in (self.record, self.consent, self.change_family):
            actions.addWidget(widget)
        actions.addStretch(1)
        visit_row = QHBoxLayout()
        visits_label = QLabel(self.tr("Visits"))
        visits_label.setFont(_bold(visits_label.font()))
        visit_row.addWidget(visits_label)
        visit_row.addWidget(self.visits_note, 1)
        visit_row.addWidget(self.new_visit)
        visit_row.addWidget(self.change_visit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        layout.addSpacing(8)
        layout.addLayout(visit_row)
        layout.addWidget(self.visits, 3)
        films_row = QHBoxLayout()
        films_row.addWidget(self.films_label, 1)
        films_row.addWidget(self.review)
        layout.addLayout(films_row)
        layout.addWidget(self.films, 2)
        self.show_family(None)

    def show_family(self, family: FamilyRow | None) -> None:
        for widget in (self.record, self.consent, self.change_family, self.new_visit):
            widget.setEnabled(family is not None)
        if family is None:
            self.heading.setText(self.tr("No family chosen"))
            self.status.setText(
                self.tr("Choose a family on the left, or add one with New family (Ctrl+N).")
            )
            self.show_visits([])
            return
        name = f" · {family.display_name}" if family.display_name else ""
        self.heading.setText(f"{family.case_code}{name}")
        state = (
            self.tr("Open")
            if family.closed_on is None
            else self.tr("Closed on {day}").format(day=day_words(family.closed_on))
        )
        tiers = family.tiers_in_force
        consent = (
            self.tr("Consent in force: {tiers}.").format(
                tiers=", ".join(badge_words(t) for t in tiers)
            )
            if tiers
            else self.tr("No consent recorded yet: record it before filming.")
        )
        self.status.setText(f"{state}. {consent}")
        self.record.setEnabled(not family.closed)

    def show_visits(self, rows: list[VisitRow]) -> None:
        self.visits_model.set_rows(rows)
        self.visits_note.setText(self.tr("(none yet)") if not rows else "")
        self.change_visit.setEnabled(bool(rows))
        if rows:
            self.visits.selectRow(0)
        else:
            self.show_films(None)

    def chosen_visit(self) -> VisitRow | None:
        index = self.visits.currentIndex()
        if not index.isValid():
            return None
        return self.visits_model.rows[index.row()]

    def chosen_film(self) -> RecordingRow | None:
        index = self.films.currentIndex()
        return self.films_model.rows[index.row()] if index.isValid() else None

    def show_films(self, visit: VisitRow | None) -> None:
        self.films_model.set_rows(visit.recordings if visit else ())
        if visit is not None and visit.recordings:
            self.films.selectRow(0)
        self.review.setEnabled(bool(visit and visit.recordings))
        if visit is None:
            self.films_label.setText(self.tr("Films"))
        elif not visit.recordings:
            self.films_label.setText(
                self.tr("No films from the visit on {day} yet.").format(
                    day=day_words(visit.visited_on)
                )
            )
        else:
            self.films_label.setText(
                self.tr("Films from the visit on {day}").format(day=day_words(visit.visited_on))
            )


def _bold(font: QFont) -> QFont:
    font.setWeight(QFont.Weight.DemiBold)
    return font
