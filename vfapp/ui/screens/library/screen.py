"""The library: the caseload on the left (search, closed families on request), the chosen
family's visits and films on the right, dialogs to add and change both. Every vault call goes
through the background worker; refusals are shown in words."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from uuid import UUID

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QSplitter, QVBoxLayout, QWidget
from shiboken6 import isValid

from vfapp.governance import casework_ops
from vfapp.governance.library_view import FamilyRow, VisitRow, family_rows, visit_rows
from vfapp.ui.screens.library.family_dialog import FamilyChoice, FamilyDialog
from vfapp.ui.screens.library.family_list_model import (
    CONSENT,
    BadgeDelegate,
    FamilyFilter,
    FamilyTableModel,
)
from vfapp.ui.screens.library.family_panel import FamilyPanel, button, table
from vfapp.ui.screens.library.visit_dialog import VisitChoice, VisitDialog
from vfapp.ui.screens.supervision import SupervisionDialog
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.banner import Banner, BannerLevel
from vfapp.ui.widgets.forms import title
from vfapp.ui.widgets.row_table import ROW_ROLE


class LibraryScreen(QWidget):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        self._wanted: UUID | None = None  # the family to choose once the list has loaded
        self.dialog: FamilyDialog | VisitDialog | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by case code or name (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search families by case code or name"))
        self.search.setClearButtonEnabled(True)
        self.show_closed = QCheckBox(self.tr("Show closed families"))
        self.show_closed.setAccessibleName(self.tr("Show closed families"))
        self.new_family = button(self.tr("New family"), self.tr("Add a new family (Ctrl+N)"))
        self.supervision = button(
            self.tr("Supervision..."), self.tr("Supervision and progress towards accreditation")
        )
        self.team_sync = button(self.tr("Sync..."), self.tr("Team sync: send and receive changes"))
        self.about = button(
            self.tr("About"), self.tr("About Attune, its version and your vault (F1)")
        )
        self.banner = Banner()
        self.families_model = FamilyTableModel(self)
        self.filter = FamilyFilter(self)
        self.filter.setSourceModel(self.families_model)
        self.families = table(self.tr("Families"))
        self.families.setModel(self.filter)
        self.families.setItemDelegateForColumn(CONSENT, BadgeDelegate(self.families))
        self.families.horizontalHeader().setStretchLastSection(True)
        self.panel = FamilyPanel()
        self._build()
        self._connect()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(title(self.tr("Families")))
        top.addStretch(1)
        self.search.setMinimumWidth(320)
        for widget in (
            self.search,
            self.show_closed,
            self.new_family,
            self.supervision,
            self.team_sync,
            self.about,
        ):
            top.addWidget(widget)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.families)
        split.addWidget(self.panel)
        split.setSizes([620, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)
        order = (
            self.search,
            self.show_closed,
            self.new_family,
            self.supervision,
            self.team_sync,
            self.about,
            self.families,
            self.panel.record,
            self.panel.consent,
            self.panel.change_family,
            self.panel.new_visit,
            self.panel.change_visit,
            self.panel.visits,
            self.panel.films,
            self.panel.review,
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._filter_changed)
        self.search.returnPressed.connect(self.families.setFocus)
        self.show_closed.toggled.connect(self._closed_toggled)
        self.new_family.clicked.connect(self.add_family)
        self.supervision.clicked.connect(self.open_supervision)
        self.team_sync.clicked.connect(lambda: self._shell.go_sync())
        self.about.clicked.connect(lambda: self._shell.show_about())
        self.families.selectionModel().selectionChanged.connect(self._family_chosen)
        self.families.activated.connect(self._open_family)
        self.panel.visits.selectionModel().selectionChanged.connect(self._visit_chosen)
        self.panel.visits.activated.connect(lambda _index: self.change_visit())
        self.panel.record.clicked.connect(self._record)
        self.panel.review.clicked.connect(self._review)
        self.panel.films.activated.connect(lambda _index: self._review())
        self.panel.consent.clicked.connect(self._consent)
        self.panel.change_family.clicked.connect(self.change_family)
        self.panel.new_visit.clicked.connect(self.add_visit)
        self.panel.change_visit.clicked.connect(self.change_visit)
        for keys, slot in (("Ctrl+F", self._focus_search), ("Ctrl+N", self.add_family)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- entering and loading --------------------------------------------------------------
    def enter(self, family_id: UUID | None = None) -> None:
        """Show the caseload (with `family_id` chosen, else the family chosen before)."""
        current = self.current_family()
        self._wanted = family_id or (current.id if current else None)
        actor = self._shell.session.actor
        if actor is None:
            return  # signed out meanwhile (locked, or the window closing)
        self._run(lambda: family_rows(actor), self._families_loaded)
        self.families.setFocus()

    def current_family(self) -> FamilyRow | None:
        index = self.families.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def _families_loaded(self, rows: list[FamilyRow]) -> None:
        wanted = self._wanted
        self.families_model.set_rows(rows)
        self.families.resizeColumnsToContents()
        chosen = next((row for row in rows if row.id == wanted), None)
        if chosen is not None and chosen.closed and not self.show_closed.isChecked():
            self.show_closed.setChecked(True)  # a closed family asked for by name is shown
        self._choose(wanted)

    def _choose(self, family_id: UUID | None) -> None:
        source = self.families_model.row_of(family_id) if family_id else None
        proxy = (
            self.filter.mapFromSource(self.families_model.index(source, 0))
            if source is not None
            else QModelIndex()
        )
        if not proxy.isValid() and self.filter.rowCount() > 0:
            proxy = self.filter.index(0, 0)
        if proxy.isValid():
            self.families.setCurrentIndex(proxy)
            self.families.selectRow(proxy.row())
        else:
            self.families.clearSelection()
            self._family_chosen()

    def _family_chosen(self, *_args: QItemSelection) -> None:
        family = self.current_family()
        if family is not None and not self.families.selectionModel().hasSelection():
            family = None
        self.panel.show_family(family)
        if family is None:
            return
        self._wanted = family.id
        actor, family_id = self._shell.session.actor, family.id
        if actor is None:
            return  # signed out meanwhile (locked, or the window closing)
        self._run(
            lambda: visit_rows(actor, family_id), lambda rows: self._visits_loaded(family_id, rows)
        )

    def _visits_loaded(
        self, family_id: UUID, rows: list[VisitRow], visit_id: UUID | None = None
    ) -> None:
        current = self.current_family()
        if current is None or current.id != family_id:
            return  # the person has moved on to another family meanwhile
        self.panel.show_visits(rows)
        row = self.panel.visits_model.row_of(visit_id) if visit_id else None
        if row is not None:
            self.panel.visits.selectRow(row)

    def _visit_chosen(self, *_args: QItemSelection) -> None:
        self.panel.show_films(self.panel.chosen_visit())

    def _filter_changed(self, text: str) -> None:
        current = self.current_family()
        self.filter.set_text(text)
        self._choose(current.id if current else None)

    def _closed_toggled(self, show: bool) -> None:
        current = self.current_family()
        self.filter.set_show_closed(show)
        self._choose(current.id if current else None)

    # -- keys and buttons ------------------------------------------------------------------
    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _open_family(self, _index: QModelIndex) -> None:
        self.panel.visits.setFocus(Qt.FocusReason.OtherFocusReason)

    def _record(self) -> None:
        if (family := self.current_family()) is not None:
            self._shell.go_recorder(family.id)

    def _review(self) -> None:
        if (film := self.panel.chosen_film()) is not None:
            self._shell.go_workspace(film.id)

    def _consent(self) -> None:
        if (family := self.current_family()) is not None:
            self._shell.go_consent(family.id)

    # -- dialogs -----------------------------------------------------------------------------
    def open_supervision(self) -> SupervisionDialog:
        dialog = SupervisionDialog(self._shell, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _today(self) -> date:
        return self._shell.services.clock().astimezone().date()

    def add_family(self) -> None:
        self._open(FamilyDialog(self, None, self._today()), self._save_family)

    def change_family(self) -> None:
        if (family := self.current_family()) is not None:
            self._open(FamilyDialog(self, family, self._today()), self._save_family)

    def add_visit(self) -> None:
        if (family := self.current_family()) is not None:
            self._open(VisitDialog(self, family.case_code, None, self._today()), self._save_visit)

    def change_visit(self) -> None:
        family, visit = self.current_family(), self.panel.chosen_visit()
        if family is not None and visit is not None:
            self._open(VisitDialog(self, family.case_code, visit, self._today()), self._save_visit)

    def _open(self, dialog: FamilyDialog | VisitDialog, save: Callable[[object], None]) -> None:
        self.dialog = dialog
        dialog.submitted.connect(save)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: FamilyDialog | VisitDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _save_family(self, choice: object) -> None:
        assert isinstance(self.dialog, FamilyDialog) and isinstance(choice, FamilyChoice)
        dialog, before, actor = self.dialog, self.dialog.family, self._shell.actor()

        def job() -> tuple[UUID, list[FamilyRow]]:
            if before is None:
                made = casework_ops.add_family(actor, choice.case_code, choice.display_name)
                return made.id, family_rows(actor)
            if choice.display_name != before.display_name:
                casework_ops.rename_family(actor, before.id, choice.display_name)
            if choice.closed_on != before.closed_on:
                casework_ops.close_family(actor, before.id, choice.closed_on)
            return before.id, family_rows(actor)

        def saved(result: tuple[UUID, list[FamilyRow]]) -> None:
            if isValid(dialog):  # it may have been closed (Escape) while this was saving
                dialog.done_ok()
            self._wanted = result[0]
            self._families_loaded(result[1])

        self._shell.background.run(job, saved, self._problem_in(dialog))

    def _save_visit(self, choice: object) -> None:
        assert isinstance(self.dialog, VisitDialog) and isinstance(choice, VisitChoice)
        dialog, before, actor = self.dialog, self.dialog.visit, self._shell.actor()
        family = self.current_family()
        assert family is not None
        family_id = family.id

        def job() -> tuple[UUID, list[VisitRow]]:
            if before is None:
                visit = casework_ops.add_visit(
                    actor, family_id, choice.visited_on, choice.place, choice.activity
                )
            else:
                visit = casework_ops.change_visit(
                    actor, before.id, choice.visited_on, choice.place, choice.activity
                )
            return visit.id, visit_rows(actor, family_id)

        def saved(result: tuple[UUID, list[VisitRow]]) -> None:
            if isValid(dialog):
                dialog.done_ok()
            self._visits_loaded(family_id, result[1], visit_id=result[0])

        self._shell.background.run(job, saved, self._problem_in(dialog))

    def _problem_in(self, dialog: FamilyDialog | VisitDialog) -> Callable[[str], None]:
        """Say what went wrong in the dialog, or on the screen if it was closed meanwhile."""

        def problem(message: str) -> None:
            if isValid(dialog) and dialog.isVisible():
                dialog.show_problem(message)
            else:
                self._problem(message)

        return problem

    def _run(self, job: Callable[[], object], done: Callable[..., object]) -> None:
        self._shell.background.run(job, done, self._problem)

    def _problem(self, message: str) -> None:
        self.banner.show_message(message, BannerLevel.PROBLEM)
