"""The ways into and around the workspace: from the library's films, looping a selection,
J/L shuttle, a codebook edited from the workspace, a supervisor reading (not coding), and
every control named for a screen reader."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.accessibility import unnamed_controls
from tests.ui.flows import WAIT_MS, settle
from tests.ui.workspace_flows import film_for_review, key, open_workspace, shows_frame
from vfapp.domain.governance import ConsentTier, Role
from vfapp.governance.actor import Actor
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.codebooks.code_model import KEY
from vfapp.vault import users


def test_the_library_opens_the_chosen_film_and_back(qtbot: QtBot, window: MainWindow) -> None:
    film = film_for_review(qtbot, window)
    window.go_library()
    settle(qtbot, window)
    panel = window.library.panel
    qtbot.waitUntil(lambda: panel.review.isEnabled(), timeout=WAIT_MS)
    assert panel.chosen_film() is not None and panel.chosen_film().id == film  # type: ignore[union-attr]
    qtbot.mouseClick(panel.review, Qt.MouseButton.LeftButton)
    screen = window.workspace
    qtbot.waitUntil(lambda: screen.view.picture is not None, timeout=WAIT_MS)
    assert window.current_screen is screen and "PIP-7" in screen.heading.text()
    assert unnamed_controls(screen) == []
    key(qtbot, screen, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    settle(qtbot, window)
    assert window.current_screen is window.library
    assert screen.deck.facts is None  # the film was closed on leaving


def test_a_selection_loops_and_l_shuttles_faster(qtbot: QtBot, window: MainWindow) -> None:
    film = film_for_review(qtbot, window)
    screen = open_workspace(qtbot, window, film)
    screen.control.select(1_000, 1_500)  # frames 30-44
    screen.transport.loop.setChecked(True)
    shown: list[int] = []
    screen.view.watchers.append(lambda picture, _took: shown.append(picture.number))
    key(qtbot, screen, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown.count(30) >= 3, timeout=WAIT_MS)  # round and round
    key(qtbot, screen, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not screen.deck.playing, timeout=WAIT_MS)
    assert all(30 <= n <= 44 for n in shown)
    screen.control.select(None, None)
    key(qtbot, screen, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: screen.deck.playing, timeout=WAIT_MS)
    assert screen.transport.chosen_speed == 1.0
    key(qtbot, screen, Qt.Key.Key_L)
    key(qtbot, screen, Qt.Key.Key_L)
    assert screen.transport.chosen_speed == 2.0
    key(qtbot, screen, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not screen.deck.playing, timeout=WAIT_MS)
    at = screen.deck.target
    key(qtbot, screen, Qt.Key.Key_J)  # runs back, frame by frame
    qtbot.waitUntil(lambda: screen.deck.target < at - 5, timeout=WAIT_MS)
    key(qtbot, screen, Qt.Key.Key_K)
    stopped = screen.deck.target
    qtbot.wait(200)
    assert screen.deck.target == stopped


def test_a_hotkey_set_in_the_codebook_editor_codes_at_once(
    qtbot: QtBot, window: MainWindow
) -> None:
    film = film_for_review(qtbot, window)
    screen = open_workspace(qtbot, window, film)
    editor = screen.books.open_editor()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: editor.model.index_of("VIG-3.1", KEY).isValid(), timeout=WAIT_MS)
    index = editor.model.index_of("VIG-3.1", KEY)
    editor.model.setData(index, "r", Qt.ItemDataRole.EditRole)
    editor.save()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: "r" in screen.desk.hotkeys(), timeout=WAIT_MS)
    editor.close()
    window.activateWindow()  # the dialog gave back the keys (offscreen, Qt needs telling)
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    shows_frame(qtbot, screen, 0)
    key(qtbot, screen, Qt.Key.Key_R)
    settle(qtbot, window)
    assert [t.code for t in screen.editor.tags] == ["VIG-3.1"]
    assert screen.editor.tags[0].codebook_version == 2


def test_a_supervisor_reads_the_tags_but_cannot_code(qtbot: QtBot, window: MainWindow) -> None:
    film = film_for_review(qtbot, window, tiers=(ConsentTier.FILMING, ConsentTier.SUPERVISION))
    screen = open_workspace(qtbot, window, film)
    key(qtbot, screen, Qt.Key.Key_2)
    settle(qtbot, window)
    admin = window.actor()
    with admin.vault.write() as batch:
        user = users.insert_user(batch, "Sam Supervisor", Role.SUPERVISOR)
    window.session.actor = Actor(admin.vault, user, admin.clock)
    screen.leave()
    screen = open_workspace(qtbot, window, film)
    qtbot.waitUntil(lambda: screen.tags.model.rowCount() == 1, timeout=WAIT_MS)
    assert screen.load is not None and not screen.load.may_code
    assert not screen.coding.isEnabled()
    key(qtbot, screen, Qt.Key.Key_3)
    settle(qtbot, window)
    assert len(screen.editor.tags) == 1  # nothing was added
