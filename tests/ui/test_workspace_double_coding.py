"""Double coding from the workspace: a second coder starts a blind coding (the first coding
disappears from their screen), codes, finishes (both codings show), and the comparison's
disagreements move the film to them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.flows import WAIT_MS, settle
from tests.ui.workspace_flows import film_for_review, key, open_workspace, shows_frame
from vfapp.domain.governance import Role
from vfapp.governance.actor import Actor
from vfapp.ui.main_window import MainWindow
from vfapp.vault import users

SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_a_blind_second_coding_then_the_comparison(qtbot: QtBot, window: MainWindow) -> None:
    film = film_for_review(qtbot, window)
    screen = open_workspace(qtbot, window, film)
    key(qtbot, screen, Qt.Key.Key_Right, SHIFT)
    shows_frame(qtbot, screen, 30)
    key(qtbot, screen, Qt.Key.Key_3)  # the first coder: VIG-3 at 1 s
    settle(qtbot, window)
    key(qtbot, screen, Qt.Key.Key_Escape)
    admin = window.actor()
    with admin.vault.write() as batch:
        second = users.insert_user(batch, "Gina Guider", Role.GUIDER)
    window.session.actor = Actor(admin.vault, second, admin.clock)
    screen.leave()
    screen = open_workspace(qtbot, window, film)
    qtbot.waitUntil(lambda: len(screen.editor.tags) == 1, timeout=WAIT_MS)
    screen.double.start_blind()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: screen.editor.tags == [], timeout=WAIT_MS)  # hidden while blind
    assert "blind" in screen.banner.text and screen.double.finish.isEnabled()
    key(qtbot, screen, Qt.Key.Key_Right, SHIFT)
    key(qtbot, screen, Qt.Key.Key_Right, SHIFT)
    key(qtbot, screen, Qt.Key.Key_Right, SHIFT)
    shows_frame(qtbot, screen, 90)
    key(qtbot, screen, Qt.Key.Key_4)  # a different code, elsewhere: a disagreement
    settle(qtbot, window)
    key(qtbot, screen, Qt.Key.Key_Escape)
    assert [t.code for t in screen.editor.tags] == ["VIG-4"]
    screen.double.finish_mine()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: not screen.double.finish.isEnabled(), timeout=WAIT_MS)
    view = screen.double.open_comparison()
    assert view is not None
    settle(qtbot, window)
    seeks: list[int] = []
    view.jump_to.connect(seeks.append)
    qtbot.waitUntil(lambda: view.moments.model().rowCount() >= 2, timeout=WAIT_MS)
    view.moments.setFocus()
    view.moments.setCurrentIndex(view.moments.model().index(1, 0))
    qtbot.keyClick(view.moments, Qt.Key.Key_Return)
    assert seeks and seeks[-1] in (1_000, 3_000)
    qtbot.waitUntil(lambda: screen.control.current_ms() == seeks[-1], timeout=WAIT_MS)
    view.reject()
