"""What the sync screen's buttons do besides syncing: create or join a team, invite, approve
and remove laptops, and choose the words of a note changed in two places."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog

from vfapp.sync.conflicts import NoteConflict, resolve
from vfapp.sync.context import SyncContext
from vfapp.sync.status import DeviceRow
from vfapp.sync.team_admin import JoinAsk, approve, remove
from vfapp.ui.screens.sync import invite_dialog
from vfapp.ui.screens.sync.invite_dialog import InviteDialog
from vfapp.ui.screens.sync.team_dialogs import CreateTeamDialog, JoinTeamDialog
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.banner import BannerLevel

if TYPE_CHECKING:
    from vfapp.ui.screens.sync.screen import SyncScreen


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncScreen", text)


class Actions:
    def __init__(self, shell: Shell, screen: SyncScreen) -> None:
        self._shell = shell
        self._screen = screen
        self.dialog: QDialog | None = None  # the one open (tests reach it here)

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        self._screen.sync.setFocus()

    def create_team(self) -> None:
        dialog = CreateTeamDialog(self._shell, self._screen)
        dialog.created.connect(lambda: self._screen.reload())
        self._open(dialog)

    def join_team(self) -> None:
        dialog = JoinTeamDialog(self._shell, self._screen)
        dialog.joined.connect(self._joined)
        self._open(dialog)

    def _joined(self, team: str) -> None:
        self._screen.reload()
        self._screen.banner.show_message(
            _tr(
                "This laptop has asked to join {t}. Once the admin approves it, Sync now "
                "brings the team's work here."
            ).format(t=team)
        )

    def invite(self) -> None:
        self._open(InviteDialog(self._shell, self._screen))

    def approve(self, ask: JoinAsk) -> None:
        actor = self._shell.actor()

        def job() -> None:
            approve(actor, SyncContext(actor.vault), ask.request.device_id)

        def done(_none: None) -> None:
            self._say(
                _tr("{p}'s laptop is approved. It joins when it next syncs.").format(p=ask.person)
            )
            self._screen.reload()

        self._shell.background.run(job, done, self._screen.problem)

    def remove(self, device: DeviceRow) -> None:
        question = _tr(
            "Remove {p}'s laptop ({d}) from the team? It will no longer receive anything new."
        ).format(p=device.person, d=device.name)
        if not self._shell.confirm(question, _tr("Remove the laptop")):
            return
        actor = self._shell.actor()

        def job() -> None:
            remove(actor, SyncContext(actor.vault), device.device_id)

        def done(_none: None) -> None:
            self._say(_tr("{p}'s laptop is removed from the team.").format(p=device.person))
            self._screen.reload()

        self._shell.background.run(job, done, self._screen.problem)

    def keep(self, conflict: NoteConflict, words: str) -> None:
        actor = self._shell.actor()

        def done(_none: None) -> None:
            self._say(_tr("Kept. The next sync sends your choice to the rest of the team."))
            self._screen.reload()

        self._shell.background.run(
            lambda: resolve(actor, conflict, words), done, self._screen.problem
        )

    def rewrite(self, conflict: NoteConflict) -> None:
        current = conflict.versions[0].value if conflict.versions else ""
        words = invite_dialog.ask_new_words(self._screen, conflict.what, current or "")
        if words is not None:
            self.keep(conflict, words)

    def _say(self, text: str) -> None:
        self._screen.banner.show_message(text, BannerLevel.INFO)
