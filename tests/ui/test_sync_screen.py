"""The sync screen: creating a team, syncing on the worker, choosing between two versions of a
note, approving a laptop, asking before syncing during a recording, a store that is gone, and
names and fit at 1366x768."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.sync.devices import Device
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import Answers
from tests.ui.flows import WAIT_MS, create_vault, settle
from tests.ui.sync_flows import add_laptop, film_with_a_note, start_team
from vfapp.governance.tag_ops import update_tag
from vfapp.sync.conflicts import open_conflicts
from vfapp.sync.engine import RecordingInProgress
from vfapp.sync.folder_store import FolderStore
from vfapp.sync.team import join_team, make_invite
from vfapp.sync.team_admin import approve, join_requests
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.sync import choosers, screen
from vfapp.ui.screens.sync.invite_dialog import InviteDialog
from vfapp.ui.screens.sync.team_dialogs import CreateTeamDialog, JoinTeamDialog
from vfapp.vault.tag_store import find_tag


def click(qtbot: QtBot, widget: QAbstractButton) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_sync(qtbot: QtBot, window: MainWindow) -> screen.SyncScreen:
    window.go_library()
    settle(qtbot, window)
    click(qtbot, window.library.team_sync)
    settle(qtbot, window)
    assert window.current_screen is window.sync
    return window.sync


def sync_and_wait(qtbot: QtBot, window: MainWindow) -> None:
    click(qtbot, window.sync.sync)
    assert window.sync.running and not window.sync.sync.isEnabled()
    qtbot.waitUntil(lambda: not window.sync.running, timeout=WAIT_MS)
    settle(qtbot, window)


def fits(page: QWidget) -> list[str]:
    """Text cut short: a label or button narrower than its words, or a page wider than 1366."""
    cut = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisibleTo(page):
            continue
        one_line = isinstance(widget, QLabel) and not widget.wordWrap()
        if (one_line or isinstance(widget, QAbstractButton)) and (
            widget.width() < widget.sizeHint().width()
        ):
            cut.append(f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r}")
    if page.window().minimumSizeHint().width() > 1366:
        cut.append("the window needs more than 1366 pixels")
    return cut


def test_an_admin_creates_a_team_and_sees_the_recovery_key(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_vault(qtbot, window)
    sync = open_sync(qtbot, window)
    assert sync.pages.currentWidget() is sync.welcome
    assert sync.welcome.create_team.isVisibleTo(sync) and not sync.sync_row.isVisibleTo(sync)
    assert unnamed_controls(sync) == [] and fits(sync) == []
    click(qtbot, sync.welcome.create_team)
    dialog = sync.act.dialog
    assert isinstance(dialog, CreateTeamDialog)
    folder = tmp_path / "shared"
    folder.mkdir()
    monkeypatch.setattr(choosers, "choose_folder", lambda *_a: str(folder))
    dialog.name.setText("North team")
    click(qtbot, dialog.folder.choose)
    assert dialog.folder.text() == str(folder)
    assert unnamed_controls(dialog) == []
    click(qtbot, dialog.make)
    qtbot.waitUntil(lambda: dialog.key.text() != "", timeout=WAIT_MS)
    assert dialog.pages.currentIndex() == 1 and not dialog.finish.isEnabled()
    dialog.reject()  # Esc does not lose the key before it is written down
    assert dialog.isVisible()
    dialog.written.setChecked(True)
    click(qtbot, dialog.finish)
    settle(qtbot, window)
    assert sync.heading.text() == "Team sync: North team"
    assert sync.store.text() == f"Team store: folder {folder}"
    assert sync.last.text() == "Never synced"
    assert any(f.exists() for f in folder.rglob("*"))
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(sync.sync, Qt.Key.Key_S, modifiers)
    assert sync.running
    qtbot.waitUntil(lambda: not sync.running, timeout=WAIT_MS)
    assert sync.banner.text.startswith("Sync finished")
    qtbot.keyClick(sync.sync, Qt.Key.Key_Escape)
    assert window.current_screen is window.library


def test_sync_now_runs_on_the_worker_and_says_what_it_did(
    qtbot: QtBot,
    window: MainWindow,
    answers: Answers,
    tmp_path: Path,
    make_vault: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    create_vault(qtbot, window)
    admin = window.actor()
    store = start_team(admin, tmp_path / "store")
    sync = open_sync(qtbot, window)
    assert sync.last.text() == "Never synced"
    # Someone asks to join through an invite made on this screen; the admin approves them.
    click(qtbot, sync.team.devices.invite)
    dialog = sync.act.dialog
    assert isinstance(dialog, InviteDialog)
    target = tmp_path / "pat.attune-invite"
    monkeypatch.setattr(choosers, "choose_invite_target", lambda *_a: str(target))
    dialog.person.setText("Pat Practitioner")
    click(qtbot, dialog.save)
    qtbot.waitUntil(lambda: dialog.passphrase.text() != "", timeout=WAIT_MS)
    assert "Pat Practitioner" in dialog.told.text() and unnamed_controls(dialog) == []
    passphrase = dialog.passphrase.text()
    click(qtbot, dialog.finish)
    pat = Device(make_vault(user="Pat").vault, store)  # type: ignore[attr-defined]
    join_team(pat.actor, target.read_bytes(), passphrase, store)
    sync_and_wait(qtbot, window)
    panel = sync.team.devices
    qtbot.waitUntil(lambda: panel.asking.count() == 1, timeout=WAIT_MS)
    assert "Pat Practitioner (Practitioner)" in panel.asking.item(0).text()
    click(qtbot, panel.approve)
    qtbot.waitUntil(lambda: "approved" in sync.banner.text, timeout=WAIT_MS)
    settle(qtbot, window)
    assert pat.sync().state == "done"
    sync_and_wait(qtbot, window)
    assert sync.banner.text.startswith("Sync finished:")
    assert sync.last.text().startswith("Last synced: today at")
    assert [d.person for d in panel.devices] == ["Ana Admin", "Pat Practitioner"]
    assert panel.table.item(0, 1).text().endswith("(this laptop)")
    assert unnamed_controls(sync) == [] and fits(sync) == []
    panel.table.selectRow(0)
    assert not panel.remove.isEnabled()  # never this laptop
    panel.table.selectRow(1)
    answers.queue = [True]
    click(qtbot, panel.remove)
    assert answers.asked[-1].startswith("Remove Pat Practitioner's laptop")
    qtbot.waitUntil(lambda: "removed" in sync.banner.text, timeout=WAIT_MS)
    settle(qtbot, window)
    assert panel.table.item(1, 3).text() == "Removed"
    assert pat.sync().state == "removed"


def test_joining_with_an_invite_waits_for_the_admin(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    make_vault: Callable[..., object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ana = Device(make_vault(user="Ana").vault, FolderStore(tmp_path / "store"))  # type: ignore[attr-defined]
    start_team(ana.actor, tmp_path / "store")
    invite = make_invite(ana.actor, "practitioner", "Pat Practitioner")
    target = tmp_path / "pat.attune-invite"
    target.write_bytes(invite.file_bytes)
    create_vault(qtbot, window, "Pat Practitioner")
    sync = open_sync(qtbot, window)
    click(qtbot, sync.welcome.join_team)
    dialog = sync.act.dialog
    assert isinstance(dialog, JoinTeamDialog) and unnamed_controls(dialog) == []
    monkeypatch.setattr(choosers, "choose_invite", lambda *_a: str(target))
    click(qtbot, dialog.invite.choose)
    dialog.passphrase.setText("WRONG-WORDS")
    click(qtbot, dialog.join)
    qtbot.waitUntil(lambda: "does not open this invite" in dialog.message.text(), timeout=WAIT_MS)
    dialog.passphrase.setText(invite.passphrase.lower())
    click(qtbot, dialog.join)
    qtbot.waitUntil(lambda: "asked to join" in sync.banner.text, timeout=WAIT_MS)
    settle(qtbot, window)
    assert sync.state.text().startswith("Waiting for Ana to approve this laptop")
    sync_and_wait(qtbot, window)
    assert "not approved this laptop yet" in sync.banner.text
    [ask] = join_requests(ana.context())
    approve(ana.actor, ana.context(), ask.request.device_id)
    sync_and_wait(qtbot, window)
    assert sync.banner.text.startswith("Sync finished") and not sync.state.isVisible()
    assert {d.person for d in sync.team.devices.devices} == {"Ana", "Pat Practitioner"}


def test_keep_this_one_settles_a_note_changed_in_two_places(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, make_vault: Callable[..., object]
) -> None:
    create_vault(qtbot, window)
    admin = window.actor()
    store = start_team(admin, tmp_path / "store")
    pat = add_laptop(admin, make_vault(user="Pat").vault, store, "practitioner", "Pat")  # type: ignore[attr-defined]
    tag = film_with_a_note(pat, "PIP-0100", "first words")
    pat.sync()
    sync = open_sync(qtbot, window)
    sync_and_wait(qtbot, window)
    assert find_tag(admin.vault.db, tag) is not None
    update_tag(pat.actor, tag, note="Pat's words")
    pat.sync()
    update_tag(admin, tag, note="Ana's words")
    sync_and_wait(qtbot, window)
    conflicts = sync.team.conflicts
    qtbot.waitUntil(lambda: len(conflicts.keep_buttons) == 2, timeout=WAIT_MS)
    assert unnamed_controls(sync) == [] and fits(sync) == []
    names = [b.accessibleName() for b in conflicts.keep_buttons]
    pats = next(b for b, n in zip(conflicts.keep_buttons, names, strict=True) if "Pat's" in n)
    click(qtbot, pats)
    qtbot.waitUntil(lambda: conflicts.keep_buttons == [], timeout=WAIT_MS)
    assert find_tag(admin.vault.db, tag).note == "Pat's words"  # type: ignore[union-attr]
    assert "next sync" in sync.banner.text
    sync_and_wait(qtbot, window)  # the choice goes up; Pat's laptop takes it
    pat.sync()
    assert open_conflicts(admin.vault) == [] and open_conflicts(pat.vault) == []
    assert find_tag(pat.vault.db, tag).note == "Pat's words"  # type: ignore[union-attr]


def test_sync_during_a_recording_asks_first(
    qtbot: QtBot,
    window: MainWindow,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    create_vault(qtbot, window)
    start_team(window.actor(), tmp_path / "store")
    sync = open_sync(qtbot, window)
    window.set_recording(True)
    answers.queue = [False]
    click(qtbot, sync.sync)
    assert answers.asked == ["A visit is being filmed. Sync anyway?"]
    assert not sync.running and sync.last.text() == "Never synced"
    answers.queue = [True]
    sync_and_wait(qtbot, window)
    assert sync.banner.text.startswith("Sync finished")
    window.set_recording(False)
    # The vault itself says a visit is being filmed (another window, say): ask, then sync.
    real = screen.run_sync
    calls: list[bool] = []

    def filming(vault, progress, *, during_recording=False):  # type: ignore[no-untyped-def]
        calls.append(during_recording)
        if not during_recording:
            raise RecordingInProgress()
        return real(vault, progress, during_recording=True)

    monkeypatch.setattr(screen, "run_sync", filming)
    answers.queue = [True]
    sync_and_wait(qtbot, window)
    qtbot.waitUntil(lambda: calls == [False, True], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not sync.running, timeout=WAIT_MS)
    assert len(answers.asked) == 3 and sync.banner.text.startswith("Sync finished")


def test_a_store_that_cannot_be_reached_is_said_plainly(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    create_vault(qtbot, window)
    start_team(window.actor(), tmp_path / "store")
    sync = open_sync(qtbot, window)
    shutil.rmtree(tmp_path / "store")
    sync_and_wait(qtbot, window)
    assert "could not be reached" in sync.banner.text
    assert "Nothing saved on this laptop was lost" in sync.banner.text
    assert sync.sync.isEnabled() and sync.pages.currentWidget() is sync.team
    assert sync.last.text() == "Never synced"
    (tmp_path / "store").mkdir()
    assert fits(sync) == []
