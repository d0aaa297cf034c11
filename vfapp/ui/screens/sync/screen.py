"""The sync screen: the team and its store, the last sync, Sync now (on the worker, with a bar
per film), what waits, notes to choose between and the team's laptops; or, before a team,
what sync is and how to create or join one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vfapp.domain.governance import Role
from vfapp.sync.conflicts import NoteConflict
from vfapp.sync.context import SyncContext
from vfapp.sync.engine import RecordingInProgress, SyncReport, run_sync
from vfapp.sync.status import SyncStatus, sync_status
from vfapp.sync.team_admin import JoinAsk, join_requests
from vfapp.ui.screens.sync import actions
from vfapp.ui.screens.sync.team_page import TeamPage
from vfapp.ui.screens.sync.welcome import WelcomePage
from vfapp.ui.screens.sync.words import last_synced, state_line, summary
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.banner import Banner, BannerLevel
from vfapp.ui.widgets.forms import button, paragraph, title
from vfapp.vault.casework import get_family
from vfapp.vault.session import Vault

SYNC_KEYS = "Ctrl+Shift+S"


@dataclass(frozen=True)
class Loaded:
    status: SyncStatus
    families: dict[str, str] = field(default_factory=dict)  # family id -> case code
    conflicts: tuple[NoteConflict, ...] = ()  # those nobody here has chosen words for yet


def load(vault: Vault) -> Loaded:
    """The status, the notes still to choose between, and the case codes of their families."""
    status = sync_status(vault)
    open_here = status.conflicts
    codes: dict[str, str] = {}
    for conflict in open_here:
        if conflict.family_id and conflict.family_id not in codes:
            codes[conflict.family_id] = get_family(vault, UUID(conflict.family_id)).case_code
    return Loaded(status, codes, open_here)


class SyncScreen(QWidget):
    film_moved = Signal(object)  # from the worker, during a sync: a FilmProgress

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        self.status: SyncStatus | None = None
        self.running = False
        self.heading = title(self.tr("Team sync"))
        self.store = QLabel()
        self.store.setWordWrap(True)
        self.store.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last = QLabel()
        self.state = paragraph("")
        self.state.setStyleSheet("font-weight: 600;")
        self.back = button(self.tr("Back to library"), self.tr("Back to the library (Esc)"))
        self.sync = button(self.tr("Sync now"), self.tr("Sync now ({k})").format(k=SYNC_KEYS))
        self.sync.setToolTip(SYNC_KEYS)
        self.sync.setMinimumWidth(160)
        self.overall = QProgressBar()
        self.overall.setRange(0, 0)
        self.overall.setAccessibleName(self.tr("Syncing"))
        self.overall.setMaximumWidth(260)
        self.overall.hide()
        self.doing = QLabel()
        self.banner = Banner()
        self.refused = paragraph("")
        self.refused.hide()
        self.welcome = WelcomePage()
        self.team = TeamPage()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.team)
        self.act = actions.Actions(shell, self)
        self._build()
        self._connect()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.back, 0, Qt.AlignmentFlag.AlignTop)
        facts = QHBoxLayout()
        facts.addWidget(self.store, 1)
        facts.addWidget(self.last)
        self.sync_row = QWidget()
        running = QHBoxLayout(self.sync_row)
        running.setContentsMargins(0, 0, 0, 0)
        running.addWidget(self.sync)
        running.addWidget(self.overall, 1)
        running.addWidget(self.doing, 1)
        running.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.addLayout(top)
        layout.addLayout(facts)
        layout.addWidget(self.state)
        layout.addWidget(self.sync_row)
        layout.addWidget(self.banner)
        layout.addWidget(self.refused)
        layout.addWidget(self.pages, 1)
        QWidget.setTabOrder(self.back, self.sync)

    def _connect(self) -> None:
        self.back.clicked.connect(lambda: self._shell.go_library())
        self.sync.clicked.connect(self.sync_now)
        self.film_moved.connect(self.team.films.moved)
        self.welcome.create_team.clicked.connect(self.act.create_team)
        self.welcome.join_team.clicked.connect(self.act.join_team)
        panel = self.team.devices
        panel.invite_asked.connect(self.act.invite)
        panel.approve_asked.connect(self.act.approve)
        panel.remove_asked.connect(self.act.remove)
        self.team.conflicts.keep.connect(self.act.keep)
        self.team.conflicts.rewrite.connect(self.act.rewrite)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self._shell.go_library()
        elif QKeySequence(event.keyCombination()) == QKeySequence(SYNC_KEYS):
            self.sync_now()
        else:
            super().keyPressEvent(event)

    # -- loading -------------------------------------------------------------------------
    def enter(self) -> None:
        """Show what the vault says now; for the admin, then ask the store who wants in."""
        if self.running and not self._shell.background.busy:
            self._finished()  # a sync's answer was dropped when the vault was locked
        self.banner.hide()
        self.refused.hide()
        self.reload()
        self.sync.setFocus()

    def reload(self, then: Callable[[], object] | None = None) -> None:
        actor = self._shell.session.actor
        if actor is None:
            return
        vault = actor.vault

        def shown(loaded: Loaded) -> None:
            self.show_status(loaded)
            if then is not None:
                then()

        self._shell.background.run(lambda: load(vault), shown, self.problem)

    def is_admin(self) -> bool:
        actor = self._shell.session.actor
        return actor is not None and actor.role is Role.ADMIN

    def show_status(self, loaded: Loaded) -> None:
        status = self.status = loaded.status
        admin_here = self.is_admin() and status.role == "admin" and status.state == "active"
        self.heading.setText(
            self.tr("Team sync: {t}").format(t=status.team_name)
            if status.in_team
            else self.tr("Team sync")
        )
        self.store.setVisible(status.in_team)
        self.last.setVisible(status.in_team)
        self.sync_row.setVisible(status.in_team)
        self.store.setText(self.tr("Team store: {s}").format(s=status.store))
        self.last.setText(last_synced(status, self._shell.services.clock()))
        self.state.setText(state_line(status))
        self.state.setVisible(bool(self.state.text()))
        if not status.in_team:
            self.welcome.show_for(self.is_admin())
            self.pages.setCurrentWidget(self.welcome)
            return
        self.pages.setCurrentWidget(self.team)
        self.team.show_status(status, loaded.conflicts, loaded.families, admin_here)
        if admin_here:
            self.look_for_asks()

    def look_for_asks(self) -> None:
        actor = self._shell.session.actor
        if actor is None:
            return
        vault, panel = actor.vault, self.team.devices
        panel.show_asks(None)

        def job() -> list[JoinAsk]:
            return join_requests(SyncContext(vault))

        self._shell.background.run(job, panel.show_asks, lambda m: panel.show_asks([], m))

    # -- syncing ---------------------------------------------------------------------------
    def sync_now(self, *, during_recording: bool = False) -> None:
        if self.running or self.status is None or not self.status.in_team:
            return
        if self._shell.session.recording_active and not during_recording:
            if not self._ask_during_recording():
                return
            during_recording = True
        actor = self._shell.session.actor
        if actor is None:
            return
        vault, emit = actor.vault, self.film_moved.emit
        before = {f.recording_id for f in self.status.films if f.direction == "down"}

        def job() -> tuple[SyncReport, Loaded] | None:
            try:
                report = run_sync(vault, emit, during_recording=during_recording)
            except RecordingInProgress:
                return None
            return report, load(vault)

        self.running = True
        self.sync.setEnabled(False)
        self.overall.show()
        self.doing.setText(self.tr("Syncing with the team store…"))
        self.banner.hide()
        self.refused.hide()
        self._shell.background.run(job, lambda r: self._synced(r, before), self._failed)

    def _ask_during_recording(self) -> bool:
        return self._shell.confirm(
            self.tr("A visit is being filmed. Sync anyway?"), self.tr("Sync anyway")
        )

    def _synced(self, result: tuple[SyncReport, Loaded] | None, before: set[str]) -> None:
        self._finished()
        if result is None:  # the vault says a visit is being filmed
            if self._ask_during_recording():
                self.sync_now(during_recording=True)
            return
        report, loaded = result
        still = {f.recording_id for f in loaded.status.films if f.direction == "down"}
        self.show_status(loaded)
        level = BannerLevel.INFO if report.state == "done" else BannerLevel.WARNING
        self.banner.show_message(summary(report, len(before - still)), level)
        if report.refused:
            lines = "\n".join(f"• {m}" for m in report.refused)
            self.refused.setText(self.tr("Some things were not taken in:\n{l}").format(l=lines))
            self.refused.show()

    def _failed(self, message: str) -> None:
        self._finished()
        self.problem(message)
        self.reload()

    def _finished(self) -> None:
        self.running = False
        self.sync.setEnabled(True)
        self.overall.hide()
        self.doing.clear()

    def problem(self, message: str) -> None:
        self.banner.show_message(message, BannerLevel.PROBLEM)
