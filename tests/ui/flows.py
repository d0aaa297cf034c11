"""Steps the UI tests share: type into a field, press a button, wait for the worker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit
from pytestqt.qtbot import QtBot

from tests.conftest import PASSWORD
from vfapp.ui.main_window import MainWindow

WAIT_MS = 20_000


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def press(qtbot: QtBot, window: MainWindow, button: QAbstractButton) -> None:
    """Click a button that hands work to the worker, and wait until its answer is shown."""
    with qtbot.waitSignal(window.background.settled, timeout=WAIT_MS):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the worker has nothing left (a new screen may load what it shows)."""
    qtbot.waitUntil(lambda: not window.background.busy, timeout=WAIT_MS)


def create_vault(qtbot: QtBot, window: MainWindow, name: str = "Ana Admin") -> str:
    """Through the first-run screen; returns the recovery key it showed."""
    screen = window.first_run
    type_into(qtbot, screen.name, name)
    type_into(qtbot, screen.password, PASSWORD)
    type_into(qtbot, screen.again, PASSWORD)
    press(qtbot, window, screen.create_button)
    key = screen.key.text()
    screen.written.setChecked(True)
    qtbot.mouseClick(screen.go_on, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    return key
