"""The markers of this visit's films as they are made, and a short note for each."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfapp.domain.models import Marker
from vfapp.governance import marker_ops
from vfapp.ui.screens.recorder.marker_codes import clock, describe
from vfapp.ui.shell import Shell

NOTE_MAX = 500


class MarkerListWidget(QWidget):
    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shell = shell
        self._markers: dict[UUID, Marker] = {}
        self._parts: dict[UUID, int] = {}  # recording id -> part number in this visit
        heading = QLabel(self.tr("Mar&kers"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Markers"))
        self.list.setWordWrap(True)
        heading.setBuddy(self.list)
        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText(self.tr("A short note for the chosen marker"))
        self.note.setAccessibleName(self.tr("Note for the chosen marker"))
        self.note.returnPressed.connect(self.save_note)
        self.save = QPushButton(self.tr("Save &note"))
        self.save.clicked.connect(self.save_note)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.list.currentItemChanged.connect(self._chosen)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self._chosen(None)

    @property
    def markers(self) -> list[Marker]:
        return list(self._markers.values())

    def clear(self) -> None:
        self._markers.clear()
        self._parts.clear()
        self.list.clear()
        self.message.clear()
        self._chosen(None)

    def add(self, marker: Marker) -> None:
        """A marker just made: shown at once, newest at the bottom and chosen."""
        part = self._parts.setdefault(marker.recording_id, len(self._parts) + 1)
        self._markers[marker.id] = marker
        item = QListWidgetItem(self._words(marker, part))
        item.setData(Qt.ItemDataRole.UserRole, marker.id)
        self.list.addItem(item)
        # While a note is being typed, the marker it is for stays chosen: a new marker must
        # never take someone else's note.
        if not self.note.text():
            self.list.setCurrentItem(item)
        self.list.scrollToItem(item)

    def save_note(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        marker_id: UUID = item.data(Qt.ItemDataRole.UserRole)
        note = self.note.text()
        self.save.setEnabled(False)

        def job() -> Marker:
            return marker_ops.set_note(self._shell.actor(), marker_id, note)

        self._shell.background.run(job, self._saved, self._refused)

    def _saved(self, marker: Marker) -> None:
        self._markers[marker.id] = marker
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == marker.id:
                item.setText(self._words(marker, self._parts.get(marker.recording_id, 1)))
        self.message.setText(self.tr("Note saved."))
        self.save.setEnabled(True)

    def _refused(self, message: str) -> None:
        self.message.setText(message)
        self.save.setEnabled(True)

    def _chosen(self, item: QListWidgetItem | None) -> None:
        marker = self._markers.get(item.data(Qt.ItemDataRole.UserRole)) if item else None
        self.note.setEnabled(marker is not None)
        self.save.setEnabled(marker is not None)
        self.note.setText(marker.note or "" if marker else "")

    def _words(self, marker: Marker, part: int) -> str:
        when = clock(marker.at_ms)
        if marker.lookback_ms:
            when = self.tr("{start} to {end}").format(start=clock(marker.starts_ms), end=when)
        words = [self.tr("Part {n}, {when}").format(n=part, when=when)]
        if marker.code:
            words.append(describe(marker.code))
        if marker.note:
            words.append(f"\u201c{marker.note}\u201d")
        return "  \u00b7  ".join(words)
