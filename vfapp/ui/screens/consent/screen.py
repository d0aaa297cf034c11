"""The consent form a parent reads along with: large text, each tier in plain words with a
box showing what is in force, who gives it and how, and the history below. Saving records
what changed (withdrawals after a confirmation), then goes back where the person came from."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfapp.domain.governance import ConsentEvent, ConsentEventKind, ConsentTier
from vfapp.governance.consent import consent_history, record_consent
from vfapp.governance.library_view import FamilyRow, family_row
from vfapp.ui.screens.consent.history_model import ConsentHistoryModel
from vfapp.ui.screens.consent.who_form import Who, WhoForm
from vfapp.ui.screens.consent.words import short_name, state_words, tier_explained, tier_title
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.forms import message_line

LARGE = 1.4  # the parent reads along: text about 1.4 times the usual size


@dataclass(frozen=True)
class _Loaded:
    family: FamilyRow
    history: tuple[ConsentEvent, ...]


class ConsentScreen(QWidget):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        self.family: FamilyRow | None = None
        self.back_to_recorder = False
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * LARGE)
        self.setFont(font)
        self.heading = QLabel()
        heading_font = QFont(font)
        heading_font.setPointSizeF(font.pointSizeF() * 1.3)
        heading_font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(heading_font)
        self.heading.setWordWrap(True)
        self.boxes: dict[ConsentTier, QCheckBox] = {}
        self.states: dict[ConsentTier, QLabel] = {}
        self.who = WhoForm()
        self.message = message_line()
        self.save = QPushButton(self.tr("Save consent"))
        self.save.setDefault(True)
        self.save.setAccessibleName(self.tr("Save what has changed"))
        self.back = QPushButton(self.tr("Back without saving"))
        self.back.setAccessibleName(self.tr("Go back without saving"))
        self.save.clicked.connect(self._save)
        self.back.clicked.connect(self._go_back)
        self.history_model = ConsentHistoryModel(self)
        self.history = QTableView()
        self.history.setModel(self.history_model)
        self.history.setAccessibleName(self.tr("Consent history, newest first"))
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setTabKeyNavigation(False)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.history.setMinimumHeight(260)
        self.history.setStyleSheet("QTableView:focus { border: 2px solid palette(highlight); }")
        self.history.setFont(font)
        self.history.horizontalHeader().setFont(font)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setAccessibleName(self.tr("Consent form"))
        self.scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroller.setWidget(self._page())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroller)

    def _page(self) -> QWidget:
        page = QWidget()
        tiers = QGridLayout()
        tiers.setHorizontalSpacing(12)
        tiers.setVerticalSpacing(2)
        for n, tier in enumerate(ConsentTier):
            box = QCheckBox(tier_title(tier))
            bold = QFont(self.font())
            bold.setWeight(QFont.Weight.DemiBold)
            box.setFont(bold)
            box.setStyleSheet("QCheckBox::indicator { width: 22px; height: 22px; }")
            box.setAccessibleName(tier_title(tier))
            box.setAccessibleDescription(tier_explained(tier))
            explained = QLabel(tier_explained(tier))
            explained.setWordWrap(True)
            state = QLabel()
            state.setWordWrap(True)
            italic = QFont(self.font())
            italic.setItalic(True)
            state.setFont(italic)
            self.boxes[tier], self.states[tier] = box, state
            tiers.addWidget(box, 3 * n, 0, 1, 2)
            tiers.addWidget(explained, 3 * n + 1, 1)
            tiers.addWidget(state, 3 * n + 2, 1)
        tiers.setColumnMinimumWidth(0, 24)
        tiers.setColumnStretch(1, 1)
        right = QVBoxLayout()
        who_title = QLabel(self.tr("Who is giving or withdrawing consent"))
        who_title.setFont(self.heading.font())
        who_title.setWordWrap(True)
        right.addWidget(who_title)
        right.addWidget(self.who)
        right.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.save)
        right.addLayout(buttons)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(tiers, 11)
        columns.addSpacing(24)
        columns.addLayout(right, 9)
        history_title = QLabel(self.tr("What has been recorded so far"))
        history_title.setFont(self.heading.font())
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(
            QLabel(self.tr("A tick means the family agrees to it. Untick to withdraw consent."))
        )
        layout.addSpacing(8)
        layout.addLayout(columns)
        layout.addSpacing(16)
        layout.addWidget(history_title)
        layout.addWidget(self.history)
        return page

    # -- entering ------------------------------------------------------------------------------
    def enter(self, family_id: UUID, back_to_recorder: bool = False) -> None:
        """Show the family's consent; after saving (or going back) return to the library, or
        to the recording screen when `back_to_recorder`."""
        self.back_to_recorder = back_to_recorder
        self.family = None
        for box in self.boxes.values():  # nothing of the family shown before stays tickable
            box.setChecked(False)
            box.setEnabled(False)
        self.heading.setText(self.tr("Consent"))
        self.message.clear()
        self.save.setEnabled(False)
        actor = self._shell.actor()
        self.who.reset(self._shell.services.clock().astimezone().date(), actor.user.name)
        self.scroller.verticalScrollBar().setValue(0)

        def load() -> _Loaded:
            return _Loaded(family_row(actor, family_id), consent_history(actor, family_id))

        self._shell.background.run(load, self._loaded, self._problem)

    def _loaded(self, loaded: _Loaded) -> None:
        self.family = loaded.family
        family = loaded.family
        name = f" ({family.display_name})" if family.display_name else ""
        self.heading.setText(
            self.tr("Consent for family {code}{name}").format(code=family.case_code, name=name)
        )
        for state in family.consent:
            self.boxes[state.tier].setChecked(state.in_force)
            self.boxes[state.tier].setEnabled(True)
            self.states[state.tier].setText(state_words(state))
        self.history_model.set_events(loaded.history)
        self.history.resizeRowsToContents()
        self.save.setEnabled(True)
        self.boxes[ConsentTier.FILMING].setFocus(Qt.FocusReason.OtherFocusReason)

    def scroll_to_history(self) -> None:
        self.scroller.ensureWidgetVisible(self.history)

    # -- saving ----------------------------------------------------------------------------------
    def changes(self) -> tuple[list[ConsentTier], list[ConsentTier]]:
        """(tiers newly given, tiers withdrawn) as the boxes stand against what is in force."""
        assert self.family is not None
        in_force = set(self.family.tiers_in_force)
        ticked = {tier for tier, box in self.boxes.items() if box.isChecked()}
        return (
            [t for t in ConsentTier if t in ticked - in_force],
            [t for t in ConsentTier if t in in_force - ticked],
        )

    def _save(self) -> None:
        if self.family is None:
            return
        given, withdrawn = self.changes()
        who = self.who.who()
        # With no box changed, a new last day renews (or shortens) what is in force.
        renewed = [] if given or withdrawn else self._renewed(who)
        if not given and not withdrawn and not renewed:
            self.message.setText(
                self.tr(
                    "Nothing has changed: tick or untick a box, or set a new last day for the "
                    "consent in force."
                )
            )
            return
        if not who.name:
            self.message.setText(
                self.tr("Please type the name of the person giving or withdrawing consent.")
            )
            self.who.name.setFocus()
            return
        if withdrawn and not self._shell.confirm(
            self._withdraw_question(who, withdrawn), self.tr("Record the withdrawal")
        ):
            self.message.setText(self.tr("Nothing was saved."))
            return
        self.save.setEnabled(False)
        self.message.setText(self.tr("Saving..."))
        actor, family_id = self._shell.actor(), self.family.id

        def job() -> None:
            for kind, tiers in (
                (ConsentEventKind.GIVEN, given),
                (ConsentEventKind.WITHDRAWN, withdrawn),
                (ConsentEventKind.CHANGED, renewed),
            ):
                if tiers:
                    record_consent(
                        actor,
                        family_id,
                        tiers,
                        kind,
                        given_by=who.name,
                        relationship=who.relationship,
                        method=who.method,
                        expires_on=None if kind is ConsentEventKind.WITHDRAWN else who.expires_on,
                        note=who.note,
                    )

        self._shell.background.run(job, lambda _none: self._go_back(), self._refused)

    def _renewed(self, who: Who) -> list[ConsentTier]:
        """Tiers in force whose last day the form now sets differently."""
        if self.family is None or who.expires_on is None:
            return []
        return [
            state.tier
            for state in self.family.consent
            if state.in_force and state.expires_on != who.expires_on
        ]

    def _withdraw_question(self, who: Who, tiers: list[ConsentTier]) -> str:
        question = self.tr("Record that {name} withdrew consent to {tiers}?").format(
            name=who.name, tiers=", ".join(short_name(t) for t in tiers)
        )
        if ConsentTier.FILMING in tiers:
            question += " " + self.tr(
                "No more filming is possible, and this family's films will be deleted under "
                "your team's retention rules."
            )
        return question

    def _refused(self, message: str) -> None:
        self.save.setEnabled(True)
        self.message.setText(message)
        if self.family is not None and self._shell.session.actor is not None:
            # Something may have been saved: show where it stands.
            self.enter(self.family.id, self.back_to_recorder)
            self.message.setText(message)

    def _problem(self, message: str) -> None:
        self.message.setText(message)

    def _go_back(self) -> None:
        family = self.family
        if family is None:
            self._shell.go_library()
        elif self.back_to_recorder:
            self._shell.go_recorder(family.id)
        else:
            self._shell.go_library(family.id)
