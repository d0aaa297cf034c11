"""First run, unlock (wrong and right), the recovery key, and the idle lock, as a person
would go through them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import PASSWORD
from tests.ui.accessibility import unnamed_controls
from tests.ui.flows import create_vault, press, settle, type_into
from vfapp.domain.governance import Role
from vfapp.ui.main_window import MainWindow
from vfapp.ui.services import AppServices


def test_first_run_makes_the_vault_and_shows_the_key_once(
    qtbot: QtBot, window: MainWindow, services: AppServices
) -> None:
    assert window.current_screen is window.first_run
    screen = window.first_run
    type_into(qtbot, screen.name, "Ana Admin")
    type_into(qtbot, screen.password, PASSWORD)
    assert "Strong" in screen.hint.text()
    type_into(qtbot, screen.again, "a different one")
    qtbot.mouseClick(screen.create_button, Qt.MouseButton.LeftButton)
    assert "not the same" in screen.message.text()
    assert not services.vault_folder.exists()

    type_into(qtbot, screen.again, PASSWORD)
    press(qtbot, window, screen.create_button)
    key = screen.key.text()
    assert len(key.replace("-", "")) >= 32
    assert not screen.go_on.isEnabled()  # not before "I have written this down"
    screen.written.setChecked(True)
    qtbot.mouseClick(screen.go_on, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.library
    assert screen.key.text() == ""
    actor = window.actor()
    assert (actor.user.name, actor.role) == ("Ana Admin", Role.ADMIN)


def test_unlock_says_plainly_when_the_password_is_wrong(
    qtbot: QtBot, window: MainWindow, services: AppServices
) -> None:
    create_vault(qtbot, window)
    window.lock()
    settle(qtbot, window)
    assert window.current_screen is window.unlock
    screen = window.unlock
    type_into(qtbot, screen.password, "not my password")
    press(qtbot, window, screen.button)
    assert screen.message.text() == "That password does not open this vault. Nothing was changed."
    assert window.current_screen is window.unlock
    type_into(qtbot, screen.password, PASSWORD)
    with qtbot.waitSignal(window.background.settled, timeout=20_000):
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert window.current_screen is window.library
    settle(qtbot, window)


def test_forgotten_password_is_reset_with_the_recovery_key(
    qtbot: QtBot, window: MainWindow
) -> None:
    key = create_vault(qtbot, window)
    window.lock()
    settle(qtbot, window)
    screen = window.unlock
    qtbot.mouseClick(screen.forgot, Qt.MouseButton.LeftButton)
    panel = screen.recovery
    type_into(qtbot, panel.key, "AAAA-BBBB")
    type_into(qtbot, panel.password, "a brand new passphrase")
    type_into(qtbot, panel.again, "a brand new passphrase")
    press(qtbot, window, panel.button)
    assert "recovery key" in panel.message.text().lower()
    type_into(qtbot, panel.key, key.lower())
    press(qtbot, window, panel.button)
    assert window.current_screen is window.library
    window.lock()
    settle(qtbot, window)
    type_into(qtbot, screen.password, "a brand new passphrase")
    press(qtbot, window, screen.button)
    assert window.current_screen is window.library


def test_idle_time_locks_the_window_and_says_why(qtbot: QtBot, window: MainWindow) -> None:
    create_vault(qtbot, window)
    guard = window.session.guard
    assert guard is not None
    guard._idle_limit_s = 0  # the tenth minute has come
    window.session.tick()
    settle(qtbot, window)
    assert window.current_screen is window.unlock
    assert "without use" in window.unlock.message.text()
    assert window.session.actor is None


def test_first_run_and_unlock_by_keyboard_alone(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.first_run
    assert unnamed_controls(screen) == []
    qtbot.keyClicks(screen.name, "Ana Admin")
    qtbot.keyClick(screen.name, Qt.Key.Key_Tab)
    assert screen.password.hasFocus()
    qtbot.keyClicks(screen.password, PASSWORD)
    qtbot.keyClick(screen.password, Qt.Key.Key_Tab)
    assert screen.again.hasFocus()
    qtbot.keyClicks(screen.again, PASSWORD)
    with qtbot.waitSignal(window.background.settled, timeout=20_000):
        qtbot.keyClick(screen.again, Qt.Key.Key_Return)
    assert screen.written.hasFocus()
    qtbot.keyClick(screen.written, Qt.Key.Key_Space)
    qtbot.keyClick(screen.written, Qt.Key.Key_Tab)
    assert screen.go_on.hasFocus()
    qtbot.keyClick(screen.go_on, Qt.Key.Key_Space)
    assert window.current_screen is window.library
    settle(qtbot, window)

    qtbot.keyClick(window.library, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert window.current_screen is window.unlock
    assert unnamed_controls(window.unlock) == []
    assert window.unlock.password.hasFocus()
    qtbot.keyClicks(window.unlock.password, PASSWORD)
    with qtbot.waitSignal(window.background.settled, timeout=20_000):
        qtbot.keyClick(window.unlock.password, Qt.Key.Key_Return)
    assert window.current_screen is window.library
    settle(qtbot, window)
