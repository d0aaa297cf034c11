"""The comparison of two codings of a film: kappa and agreement with their working in words,
a table per code, and the disagreements, each of which can play the film from its moment."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QWidget

from vfapp.domain.agreement import (
    AgreementSettings,
    CodeFigures,
    Event,
    PairKind,
    PassStatus,
    compare,
)
from vfapp.domain.agreement_words import band, kappa_text, percent_text
from vfapp.governance import agreement_ops
from vfapp.governance.agreement_ops import Coding, Comparison, Sides
from vfapp.ui.screens.agreement.layout import AgreementLayout
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.banner import BannerLevel
from vfapp.ui.widgets.row_table import ROW_ROLE

_FIRST = "first"  # a combo box's data for the film's first coding (a pass's: its id)


class AgreementView(AgreementLayout):
    """Opened with `.open()`; says `jump_to(ms)` when a disagreement is chosen to be played."""

    jump_to = Signal(int)

    def __init__(self, shell: Shell, parent: QWidget, recording_id: UUID) -> None:
        super().__init__(parent)
        self._shell = shell
        self.recording_id = recording_id
        self.comparison: Comparison | None = None
        self._asked = 0  # answers to an earlier request are not shown
        defaults = AgreementSettings()
        self.tolerance.setValue(defaults.tolerance_ms / 1000)
        self.overlap.setValue(round(defaults.min_overlap * 100))
        self._connect()
        self._show_nothing()
        self._load()

    def _connect(self) -> None:
        self.tolerance.valueChanged.connect(self._recompute)
        self.overlap.valueChanged.connect(self._recompute)
        self.first.activated.connect(self._codings_chosen)
        self.second.activated.connect(self._codings_chosen)
        self.codes.selectionModel().currentRowChanged.connect(self._code_chosen)
        self.moments.activated.connect(self._moment_activated)
        self.overall_button.clicked.connect(self.show_overall)
        self.close_button.clicked.connect(self.reject)
        # Locked: the vault is closed, and the unlock screen must not sit behind a dialog.
        self._shell.session.locked.connect(self._signed_out)
        self._shell.session.screen_locked.connect(self._signed_out)

    def _signed_out(self, *_reason: object) -> None:
        if self.isVisible():
            self.reject()

    # -- asking the vault ------------------------------------------------------------------
    def settings(self) -> AgreementSettings:
        return AgreementSettings(
            tolerance_ms=round(self.tolerance.value() * 1000),
            min_overlap=self.overlap.value() / 100,
        )

    def _load(self, sides: Sides | None = None) -> None:
        actor, recording, settings = self._shell.actor(), self.recording_id, self.settings()
        self._asked += 1
        asked = self._asked
        if sides is None:  # the first time: the codings to choose from
            self._shell.background.run(
                lambda: agreement_ops.list_codings(actor, recording),
                lambda codings: self._listed(asked, codings),
            )
        self._shell.background.run(
            lambda: agreement_ops.compare_codings(actor, recording, settings, sides=sides),
            lambda compared: self._compared(asked, compared),
            lambda message: self._refused(asked, message),
        )

    def _codings_chosen(self) -> None:
        chosen = [self._side(box.currentData()) for box in (self.first, self.second)]
        self._load((chosen[0], chosen[1]))

    @staticmethod
    def _side(data: object) -> UUID | None:
        return UUID(data) if isinstance(data, str) and data != _FIRST else None

    # -- answers ---------------------------------------------------------------------------
    def _listed(self, asked: int, codings: list[Coding]) -> None:
        if asked != self._asked:
            return
        for box in (self.first, self.second):
            box.clear()
            for coding in codings:
                box.addItem(self._coding_words(coding), _data(coding))
                model = box.model()
                if coding.status is PassStatus.OPEN and isinstance(model, QStandardItemModel):
                    model.item(box.count() - 1).setEnabled(False)  # compared once finished
        self._choose_sides()

    def _coding_words(self, coding: Coding) -> str:
        if coding.pass_id is None:
            which = self.tr("first coding")
        elif coding.status is PassStatus.OPEN:
            which = self.tr("still coding")
        else:
            which = self.tr("blind coding") if coding.blind else self.tr("second coding")
        return (
            self.tr("%1: %2, %3 coded tags")
            .replace("%1", coding.coder)
            .replace("%2", which)
            .replace("%3", str(coding.coded_tags))
        )

    def _compared(self, asked: int, compared: Comparison) -> None:
        if asked != self._asked:
            return
        self.banner.hide()
        self.comparison = compared
        self._choose_sides()
        self._show(compared)

    def _refused(self, asked: int, message: str) -> None:
        if asked != self._asked:
            return
        self.comparison = None
        self._show_nothing()
        self.banner.show_message(message, BannerLevel.INFO, dismissable=False)

    def _recompute(self) -> None:
        """New matching rules: the same two codings' moments aligned again, here (the vault
        is not asked again, and nothing new is read)."""
        if self.comparison is None:
            return
        got = self.comparison.agreement
        a = _events(p.a for p in got.pairs)
        b = _events(p.b for p in got.pairs)
        again = compare(a, b, self.settings(), (got.a_name, got.b_name))
        self.comparison = self.comparison.model_copy(update={"agreement": again})
        self._show(self.comparison)

    # -- what is shown ---------------------------------------------------------------------
    def _show(self, compared: Comparison) -> None:
        got = compared.agreement
        chosen = self.chosen_code()
        self.codes_model.names = self.moments_model.names = (got.a_name, got.b_name)
        self.codes_model.set_rows(got.codes)
        if got.kappa is None:
            self.kappa.show_figure("-", self.tr("Kappa cannot be computed"))
        else:
            words = self.tr("Cohen's kappa (%1 agreement)").replace("%1", band(got.kappa))
            self.kappa.show_figure(kappa_text(got.kappa), words)
        if got.percent is None:
            self.percent.show_figure("-", self.tr("Agreement: no coded moments"))
        else:
            caption = self.tr("Agreement: %1 of %2 moments")
            caption = caption.replace("%1", str(got.agreements)).replace("%2", str(got.moments))
            self.percent.show_figure(percent_text(got.percent), caption)
        caption = self.tr("Disagreements: codes differ at %1, %3 alone at %2, %5 alone at %4")
        for key, value in (("%1", got.different_codes), ("%2", got.a_only), ("%3", got.a_name),
                           ("%4", got.b_only), ("%5", got.b_name)):  # fmt: skip
            caption = caption.replace(key, str(value))
        self.disagreed.show_figure(str(len(got.disagreements)), caption)
        row = next((i for i, c in enumerate(got.codes) if c.code == chosen), None)
        if row is None:
            self.show_overall()
        else:
            self.codes.selectionModel().setCurrentIndex(
                self.codes_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self._explain(got.codes[row])

    def _show_nothing(self) -> None:
        for figure in (self.kappa, self.percent, self.disagreed):
            figure.show_figure("-", figure.caption.text().split(":")[0])
        self.codes_model.set_rows([])
        self.moments_model.set_rows([])
        self.moments_title.setText(self.tr("Disagreements"))
        self.working.setPlainText("")

    def show_overall(self) -> None:
        """The overall figures' working, and every disagreement."""
        self.codes.selectionModel().clearSelection()
        self.codes.selectionModel().setCurrentIndex(
            QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate
        )
        self._explain(None)

    def chosen_code(self) -> str | None:
        index = self.codes.selectionModel().currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row.code if isinstance(row, CodeFigures) else None

    def _code_chosen(self, current: QModelIndex) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        self._explain(row if isinstance(row, CodeFigures) else None)

    def _explain(self, code: CodeFigures | None) -> None:
        if self.comparison is None:
            return
        got = self.comparison.agreement
        pairs = [p for p in got.disagreements if code is None or code.code in (
            p.a_label, p.b_label)]  # fmt: skip
        self.moments_model.set_rows(pairs)
        if code is None:
            self.moments_title.setText(self.tr("Disagreements (%1)").replace("%1", str(len(pairs))))
            texts = [got.kappa_explanation, got.percent_explanation, got.method]
        else:
            heading = self.tr("Disagreements on %1 (%2 of %3)").replace("%1", code.code)
            self.moments_title.setText(
                heading.replace("%2", str(len(pairs))).replace("%3", str(len(got.disagreements)))
            )
            texts = [code.explanation, got.method]
        self.working.setPlainText("\n\n".join(texts))

    def _choose_sides(self) -> None:
        if self.comparison is None:  # nothing compared: the newest coding against the first
            self.second.setCurrentIndex(self.second.count() - 1)
            return
        for box, coding in ((self.first, self.comparison.first),
                            (self.second, self.comparison.second)):  # fmt: skip
            found = box.findData(_data(coding))
            if found >= 0:
                box.setCurrentIndex(found)

    def _moment_activated(self, index: QModelIndex) -> None:
        pair = index.data(ROW_ROLE)
        if pair is not None and pair.kind is not PairKind.AGREE:
            self.jump_to.emit(pair.at_ms)


def _data(coding: Coding) -> str:
    return _FIRST if coding.pass_id is None else str(coding.pass_id)


def _events(found: Iterable[Event | None]) -> list[Event]:
    """One coding's moments in the order the vault lists them (time, then tag id), so that
    matching them again gives what the vault's comparison gave."""
    events = [event for event in found if event is not None]
    return sorted(events, key=lambda e: (e.start_ms, str(e.tag_id)))
