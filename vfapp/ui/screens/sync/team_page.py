"""The in-team page of the sync screen: what waits to go up and come down, film bars, notes
to choose between, and the team's laptops, side by side in a scrolling page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from vfapp.sync.conflicts import NoteConflict
from vfapp.sync.status import SyncStatus
from vfapp.ui.screens.sync.conflicts_panel import ConflictsPanel
from vfapp.ui.screens.sync.devices_panel import DevicesPanel
from vfapp.ui.screens.sync.film_bars import FilmBars
from vfapp.ui.screens.sync.words import waiting_down, waiting_up
from vfapp.ui.widgets.forms import paragraph


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.2)
    font.setBold(True)
    label.setFont(font)
    return label


class TeamPage(QScrollArea):
    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("What is waiting, notes to choose between, and laptops"))
        self.up = QLabel()
        self.down = QLabel()
        self.films = FilmBars()
        self.conflicts = ConflictsPanel()
        self.devices = DevicesPanel()
        self.notices_title = heading(self.tr("Recent messages"))
        self.notices = paragraph("")
        self.notices.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(heading(self.tr("Waiting")))
        left.addWidget(self.up)
        left.addWidget(self.down)
        left.addWidget(self.films)
        left.addSpacing(12)
        left.addWidget(heading(self.tr("Notes to choose between")))
        left.addWidget(self.conflicts)
        left.addSpacing(12)
        left.addWidget(self.notices_title)
        left.addWidget(self.notices)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(heading(self.tr("Laptops of the team")))
        right.addWidget(self.devices)
        right.addStretch(1)
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 8, 0)
        row.setSpacing(24)
        row.addLayout(left, 5)
        row.addLayout(right, 4)
        self.setWidget(body)

    def show_status(
        self,
        status: SyncStatus,
        conflicts: tuple[NoteConflict, ...],
        families: dict[str, str],
        admin: bool,
    ) -> None:
        self.up.setText(waiting_up(status))
        self.down.setText(waiting_down(status))
        self.films.show_films(status.films)
        self.conflicts.show_conflicts(conflicts, status.devices, families)
        self.devices.show_devices(status.devices, admin)
        self.notices.setText("\n".join(status.notices[:3]))
        self.notices_title.setVisible(bool(status.notices))
        self.notices.setVisible(bool(status.notices))
