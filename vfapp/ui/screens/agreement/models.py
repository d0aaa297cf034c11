"""The comparison's two tables: figures per code, and the moments the coders disagreed on."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from vfapp.domain.agreement import AlignedPair, CodeFigures, Event, PairKind
from vfapp.domain.agreement_words import kappa_text, moment_text, percent_text
from vfapp.ui.widgets.row_table import ROW_ROLE, Index, RowTableModel

CODE, AGREE, A_ONLY, B_ONLY, PERCENT, KAPPA = range(6)
TIME, A_CODE, B_CODE, KIND = range(4)
_NUMBERS = (AGREE, A_ONLY, B_ONLY, PERCENT, KAPPA)


class CodeFiguresModel(RowTableModel):
    rows: list[CodeFigures]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names = ("A", "B")

    def headers(self) -> tuple[str, ...]:
        a, b = self.names
        return (
            self.tr("Code"),
            self.tr("Agree"),
            self.tr("%1 only").replace("%1", a),
            self.tr("%1 only").replace("%1", b),
            self.tr("Agreement"),
            self.tr("Kappa"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.explanation
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        kappa = self.tr("cannot be computed") if row.kappa is None else kappa_text(row.kappa)
        return (
            row.code,
            str(row.agreements),
            str(row.a_only),
            str(row.b_only),
            percent_text(row.percent),
            kappa,
        )[column]


class DisagreementModel(RowTableModel):
    rows: list[AlignedPair]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names = ("A", "B")

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Time"), self.names[0], self.names[1], self.tr("Kind"))

    def kind_words(self, kind: PairKind) -> str:
        return {
            PairKind.AGREE: self.tr("Agree"),
            PairKind.DIFFERENT: self.tr("Different codes"),
            PairKind.A_ONLY: self.tr("%1 only").replace("%1", self.names[0]),
            PairKind.B_ONLY: self.tr("%1 only").replace("%1", self.names[1]),
        }[kind]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        pair, column = self.rows[index.row()], index.column()
        if role == ROW_ROLE:
            return pair
        if role == Qt.ItemDataRole.ToolTipRole:
            return pair.words
        if role == Qt.ItemDataRole.AccessibleTextRole and column == TIME:
            return f"{moment_text(pair.at_ms)}: {pair.words}"
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if column == TIME:
            return moment_text(pair.at_ms)
        if column == KIND:
            return self.kind_words(pair.kind)
        return self._event_words(pair.a if column == A_CODE else pair.b)

    def _event_words(self, event: Event | None) -> str:
        if event is None:
            return self.tr("nothing")
        if event.end_ms is None:
            return f"{event.code}  {moment_text(event.start_ms)}"
        return f"{event.code}  {moment_text(event.start_ms)}-{moment_text(event.end_ms)}"
