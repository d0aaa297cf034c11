"""The Review plan tab: the visit's micro-moments in the order they will be shown (title, the
question to wonder about with the parent, a still), suggestions from the tags, gentle notes,
and the way into the shared review."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vfapp.domain.review import QUESTION_MAX, TITLE_MAX, PlanMoment, ReviewPlan, Still
from vfapp.domain.review import SuggestedMoment as Suggestion
from vfapp.governance import plan_ops
from vfapp.governance.actor import Actor
from vfapp.ui.screens.workspace.words import clock_words, span_words
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.forms import button

ROW = Qt.ItemDataRole.UserRole + 1


class PlanPanel(QWidget):
    play_asked = Signal(int, int)  # a moment's range
    shared_review_asked = Signal(object, bool)  # the visit's id; film it for supervision?
    problem = Signal(str)
    plan_changed = Signal(object)  # ReviewPlan

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shell = shell
        self.visit_id: UUID | None = None
        self.recording_id: UUID | None = None
        self.plan: ReviewPlan | None = None
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName(self.tr("Notes on the plan"))
        self.moments = QListWidget()
        self.moments.setAccessibleName(self.tr("Moments of the review plan, in order"))
        self.title = QLineEdit()
        self.title.setMaxLength(TITLE_MAX)
        self.title.setAccessibleName(self.tr("Title of the chosen moment"))
        self.question = QLineEdit()
        self.question.setMaxLength(QUESTION_MAX)
        self.question.setPlaceholderText(self.tr("e.g. What do you think she is telling you?"))
        self.question.setAccessibleName(self.tr("Question to wonder about with the parent"))
        self.still = QComboBox()
        self.still.setAccessibleName(self.tr("Still shown with the chosen moment"))
        self.save = button(self.tr("Save moment"), self.tr("Save the chosen moment"))
        self.add = button(self.tr("Add the selection (Ctrl+M)"))
        self.suggest = button(self.tr("Suggest moments"))
        self.up = button(self.tr("Up"), self.tr("Move the chosen moment earlier"))
        self.down = button(self.tr("Down"), self.tr("Move the chosen moment later"))
        self.remove = button(self.tr("Remove"), self.tr("Remove the chosen moment"))
        self.play = button(self.tr("Play"), self.tr("Play the chosen moment"))
        self.suggestions = QListWidget()
        self.suggestions.setAccessibleName(self.tr("Suggested moments (Enter adds one)"))
        self.suggestions.hide()
        self.film = QCheckBox(self.tr("Film the review for supervision"))
        self.film.setToolTip(
            self.tr("The laptop's camera films you and the parent while the moments are shown")
        )
        self.start = button(self.tr("Start the shared review..."))
        self.start.setToolTip(self.tr("Shows only these moments, full screen, for the parent"))
        self._build()
        self._connect()
        self._chosen()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Wonder"), self.question)
        form.addRow(self.tr("Still"), self.still)
        order = QHBoxLayout()
        for made in (self.up, self.down, self.remove, self.play):
            order.addWidget(made)
        adding = QHBoxLayout()
        adding.addWidget(self.add)
        adding.addWidget(self.suggest)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(adding)
        layout.addWidget(self.suggestions)
        layout.addWidget(self.moments, 1)
        layout.addLayout(order)
        layout.addLayout(form)
        layout.addWidget(self.save, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.notes)
        starting = QHBoxLayout()
        starting.addWidget(self.film)
        starting.addWidget(self.start, 1)
        layout.addLayout(starting)

    def _connect(self) -> None:
        self.moments.currentItemChanged.connect(self._chosen)
        self.save.clicked.connect(self._save)
        self.suggest.clicked.connect(self._suggest)
        self.suggestions.itemActivated.connect(self._add_suggestion)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(+1))
        self.remove.clicked.connect(self._remove)
        self.play.clicked.connect(self._play)
        self.start.clicked.connect(
            lambda: self.shared_review_asked.emit(self.visit_id, self.film.isChecked())
        )

    # -- loading --------------------------------------------------------------------------
    def load(self, visit_id: UUID | None, recording_id: UUID | None) -> None:
        self.visit_id, self.recording_id = visit_id, recording_id
        self.suggestions.clear()
        self.suggestions.hide()
        self.moments.clear()
        if visit_id is not None:
            self._run(lambda actor: None)

    def use_stills(self, stills: list[Still]) -> None:
        wanted = self.still.currentData()
        self.still.clear()
        self.still.addItem(self.tr("No still"), None)
        for still in stills:
            caption = f" “{still.caption}”" if still.caption else ""
            # Qt compares item data as text: a UUID object would never be found again.
            self.still.addItem(f"{clock_words(still.at_ms, exact=True)}{caption}", str(still.id))
        self.still.setCurrentIndex(max(0, self.still.findData(wanted)))

    def chosen(self) -> PlanMoment | None:
        item = self.moments.currentItem()
        moment: PlanMoment | None = item.data(ROW) if item is not None else None
        return moment

    # -- changes --------------------------------------------------------------------------
    def add_range(self, start_ms: int, end_ms: int) -> None:
        visit_id, recording_id = self.visit_id, self.recording_id
        if visit_id is None or recording_id is None:
            return
        title = self.tr("Moment {number}").format(number=self.moments.count() + 1)
        self._run(
            lambda actor: (
                plan_ops.add_moment(actor, visit_id, recording_id, start_ms, end_ms, title).id
            )
        )

    def _add_suggestion(self, item: QListWidgetItem) -> None:
        suggestion: Suggestion = item.data(ROW)
        self.add_range(suggestion.start_ms, suggestion.end_ms)
        self.suggestions.takeItem(self.suggestions.row(item))

    def _save(self) -> None:
        moment = self.chosen()
        if moment is None:
            return
        title, question = self.title.text().strip(), self.question.text().strip() or None
        still_id = UUID(self.still.currentData()) if self.still.currentData() else None
        self._run(
            lambda actor: (
                plan_ops.change_moment(
                    actor, moment.id, title=title, question=question, still_id=still_id
                ).id
            )
        )

    def _move(self, by: int) -> None:
        moment, row = self.chosen(), self.moments.currentRow()
        if moment is None or not 0 <= row + by < self.moments.count():
            return

        def move(actor: Actor) -> UUID:
            plan_ops.move_moment(actor, moment.id, row + by)
            return moment.id  # it stays the chosen one

        self._run(move)

    def _remove(self) -> None:
        moment = self.chosen()
        if moment is not None and self._shell.confirm(
            self.tr("Take “{title}” out of the review plan?").format(title=moment.title),
            self.tr("Remove"),
        ):
            self._run(lambda actor: plan_ops.remove_moment(actor, moment.id))

    def _play(self) -> None:
        moment = self.chosen()
        if moment is not None:
            self.play_asked.emit(moment.start_ms, moment.end_ms)

    def _suggest(self) -> None:
        recording_id = self.recording_id
        if recording_id is None:
            return
        actor = self._shell.actor()
        self._shell.background.run(
            lambda: plan_ops.suggest(actor, recording_id), self._show_suggestions, self.problem.emit
        )

    def _show_suggestions(self, found: list[Suggestion]) -> None:
        self.suggestions.clear()
        if not found:
            item = QListWidgetItem(
                self.tr("No suggestions yet: tag received initiatives (VIG-3) first.")
            )
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.suggestions.addItem(item)
        for suggestion in found:
            item = QListWidgetItem(self.tr("Add: {reason}").format(reason=suggestion.reason))
            item.setData(ROW, suggestion)
            self.suggestions.addItem(item)
        self.suggestions.setMaximumHeight(24 * (len(found) or 1) + 8)
        self.suggestions.show()
        self.suggestions.setFocus()
        self.suggestions.setCurrentRow(0)

    # -- on the worker, then shown ----------------------------------------------------------
    def _run(self, change: Callable[[Actor], object]) -> None:
        actor, visit_id = self._shell.actor(), self.visit_id
        if visit_id is None:
            return

        def job() -> tuple[object, ReviewPlan]:
            return change(actor), plan_ops.review_plan(actor, visit_id)

        def done(answer: tuple[object, ReviewPlan]) -> None:
            if visit_id == self.visit_id:
                self._show(answer[1], answer[0] if isinstance(answer[0], UUID) else None)

        self._shell.background.run(job, done, self.problem.emit)

    def _show(self, plan: ReviewPlan, choose: UUID | None) -> None:
        wanted = choose or (moment.id if (moment := self.chosen()) else None)
        self.plan = plan
        self.moments.blockSignals(True)
        self.moments.clear()
        for number, moment in enumerate(plan.moments, start=1):
            seconds = moment.duration_ms / 1000
            text = f"{number}. {moment.title}   {span_words(moment.start_ms, moment.end_ms)}"
            item = QListWidgetItem(
                self.tr("{text} ({seconds:.1f} s)").format(text=text, seconds=seconds)
            )
            item.setData(ROW, moment)
            self.moments.addItem(item)
            if moment.id == wanted:
                self.moments.setCurrentItem(item)
        self.moments.blockSignals(False)
        self.notes.setText("\n".join(f"• {note.text}" for note in plan.notes))
        self.notes.setVisible(bool(plan.notes))
        self.start.setEnabled(bool(plan.moments))
        self._chosen()
        self.plan_changed.emit(plan)

    def _chosen(self, *_args: object) -> None:
        moment = self.chosen()
        for widget in (self.title, self.question, self.still, self.save, self.up, self.down):
            widget.setEnabled(moment is not None)
        for widget in (self.remove, self.play):
            widget.setEnabled(moment is not None)
        self.title.setText(moment.title if moment else "")
        self.question.setText(moment.question or "" if moment else "")
        if moment is not None:
            self.still.setCurrentIndex(max(0, self.still.findData(str(moment.still_id))))
