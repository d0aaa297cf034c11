"""One Attune at a time: a second launch brings the first forward; a crash's socket is
taken over."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from vfapp.ui.main_window import MainWindow
from vfapp.ui.single_instance import SingleInstance, claim, server_name


@pytest.fixture
def name() -> Iterator[str]:
    made = f"attune-test-{uuid.uuid4().hex[:12]}"
    yield made
    QLocalServer.removeServer(made)


def test_the_name_is_per_user_and_per_data_folder() -> None:
    one = server_name({"VFAPP_DATA_DIR": "/a"})
    assert one == server_name({"VFAPP_DATA_DIR": "/a"})
    assert one != server_name({"VFAPP_DATA_DIR": "/b"}) != server_name({})


def test_a_second_launch_asks_the_first_to_come_forward(qtbot: QtBot, name: str) -> None:
    app = QApplication.instance()
    assert app is not None
    first = claim(app, name)
    assert isinstance(first, SingleInstance)
    with qtbot.waitSignal(first.raise_requested, timeout=5_000):
        assert claim(app, name) is None
    first.close()
    first.deleteLater()


def test_a_socket_left_by_a_crash_is_taken_over(qtbot: QtBot, name: str) -> None:
    # A crash leaves the socket file behind, bound but with nobody answering on it.
    left = Path(QDir.tempPath()) / name
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(left))
    stale.close()
    assert left.exists()
    app = QApplication.instance()
    assert app is not None
    taken = claim(app, name)
    assert isinstance(taken, SingleInstance)
    with qtbot.waitSignal(taken.raise_requested, timeout=5_000):
        assert claim(app, name) is None
    taken.close()
    taken.deleteLater()


def test_bring_forward_shows_and_raises_the_window(qtbot: QtBot, window: MainWindow) -> None:
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    window.bring_forward()
    assert window.isVisible() and not window.isMinimized()
