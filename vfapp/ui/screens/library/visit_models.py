"""A family's visits (date, activity, place, films) and one visit's recordings (start,
duration, status, markers) as table models."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from vfapp.governance.library_view import RecordingRow, VisitRow
from vfapp.ui.screens.library.words import (
    activity_words,
    day_words,
    duration_words,
    place_words,
    status_explained,
    status_words,
    time_words,
)
from vfapp.ui.widgets.row_table import ROW_ROLE, Index, RowTableModel

TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


class VisitTableModel(RowTableModel):
    rows: list[VisitRow]

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Date"), self.tr("Activity"), self.tr("Place"), self.tr("Films"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role not in TEXT_ROLES:
            return None
        column = index.column()
        if column == 0:
            return day_words(row.visited_on)
        if column == 1:
            return activity_words(row.activity)
        if column == 2:
            return place_words(row.place)
        count = len(row.recordings)
        return self.tr("None") if count == 0 else str(count)


class RecordingTableModel(RowTableModel):
    rows: list[RecordingRow]

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Started"), self.tr("Length"), self.tr("Status"), self.tr("Markers"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return status_explained(row.status)
        if role not in TEXT_ROLES:
            return None
        if column == 0:
            return time_words(row.started_at)
        if column == 1:
            return duration_words(row.duration_s)
        if column == 2:
            return status_words(row.status)
        return str(row.markers)
