"""The family's consent events, newest first, as a table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from vfapp.domain.governance import ConsentEvent
from vfapp.ui.screens.consent.words import (
    day_words,
    kind_words,
    method_words,
    relationship_words,
    short_name,
)

Index = QModelIndex | QPersistentModelIndex


class ConsentHistoryModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ConsentEvent] = []

    def set_events(self, events: tuple[ConsentEvent, ...]) -> None:
        self.beginResetModel()
        self.rows = sorted(events, key=lambda e: (e.effective_at, e.hlc.encode()), reverse=True)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 6

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Date"),
            self.tr("What"),
            self.tr("Consent to"),
            self.tr("Who"),
            self.tr("How"),
            self.tr("Ends / note"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        event = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return relationship_words(event.relationship)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        column = index.column()
        if column == 0:
            return day_words(event.effective_at.astimezone().date())
        if column == 1:
            return kind_words(event.kind)
        if column == 2:
            return short_name(event.tier)
        if column == 3:
            return event.given_by
        if column == 4:
            return method_words(event.method)
        parts = []
        if event.expires_on is not None:
            parts.append(self.tr("ends after {day}").format(day=day_words(event.expires_on)))
        if event.note:
            parts.append(event.note)
        return "; ".join(parts)
