"""The welcome before the first vault, the demo that leaves nothing behind, and About."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

import vfapp
from tests.ui.accessibility import unnamed_controls
from tests.ui.conftest import Answers
from tests.ui.flows import WAIT_MS
from tests.ui.recorder_flows import start_recording, stop_recording
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens import first_run_demo
from vfapp.ui.screens.first_run_welcome import WelcomePage
from vfapp.ui.services import AppServices


@pytest.fixture
def temp_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder the demo uses, this test's own."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def welcome(
    qtbot: QtBot, services: AppServices, answers: Answers, temp_root: Path
) -> Iterator[MainWindow]:
    main = MainWindow(services, confirm=answers, welcome=True)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    main.start()
    yield main
    if main.demo is not None:
        main.demo.session.recording_active = False
    main.close()


def listing(*folders: Path) -> list[str]:
    return sorted(str(p) for folder in folders if folder.exists() for p in folder.rglob("*"))


def welcome_page(window: MainWindow) -> WelcomePage:
    page = window.first_run.welcome
    assert page is not None
    return page


def open_demo(qtbot: QtBot, window: MainWindow) -> MainWindow:
    qtbot.mouseClick(welcome_page(window).demo_button, Qt.MouseButton.LeftButton)
    demo = window.demo
    assert demo is not None and demo.demo_folder is not None
    qtbot.waitUntil(lambda: demo.current_screen is demo.recorder, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: demo.recorder.preview.frames_shown > 2, timeout=WAIT_MS)
    return demo


def test_welcome_explains_and_offers_both_ways_by_keyboard(
    qtbot: QtBot, welcome: MainWindow
) -> None:
    screen = welcome.first_run
    page = screen.welcome
    assert page is not None and screen.showing_welcome
    words = " ".join(label.text() for label in page.explanations)
    assert "locked, encrypted vault" in words
    assert "recovery key" in words
    assert "consent to filming is recorded" in words
    assert page.set_up_button.isVisible() and page.demo_button.isVisible()
    assert page.set_up_button.text() == "Set up my vault"
    assert page.demo_button.text() == "Try it first with the demo camera"
    assert unnamed_controls(screen) == []
    assert page.sizeHint().height() < 768 - 100  # fits a 1366x768 laptop with room to spare
    assert page.set_up_button.hasFocus()
    qtbot.keyClick(page.set_up_button, Qt.Key.Key_Tab)
    assert page.demo_button.hasFocus()
    qtbot.keyClick(page.demo_button, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(page.set_up_button, Qt.Key.Key_Return)
    assert not screen.showing_welcome
    assert screen.name.hasFocus()


def test_demo_records_at_once_and_ending_it_leaves_nothing(
    qtbot: QtBot,
    welcome: MainWindow,
    services: AppServices,
    isolated_data_dir: Path,
    temp_root: Path,
) -> None:
    before = listing(services.settings.data_dir, isolated_data_dir, services.vault_folder)
    demo = open_demo(qtbot, welcome)
    folder = demo.demo_folder
    assert folder is not None and folder.parent == temp_root
    assert folder.stat().st_mode & 0o777 == 0o700
    assert demo.banner.isVisible() and "nothing here is kept" in demo.banner.text.text()
    assert not welcome.isVisible()
    assert unnamed_controls(demo.banner) == []
    screen = demo.recorder
    start_recording(qtbot, screen, seconds=2.0)
    stop_recording(qtbot, screen)
    assert any(folder.rglob("*")), "the demo film is in the demo folder"

    qtbot.mouseClick(demo.banner.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: welcome.demo is None, timeout=WAIT_MS)
    assert not folder.exists()
    assert list(temp_root.iterdir()) == []
    assert welcome.isVisible() and welcome.first_run.showing_welcome
    assert listing(services.settings.data_dir, isolated_data_dir, services.vault_folder) == before
    assert not services.vault_folder.exists()


def test_ctrl_q_or_closing_ends_the_demo_too(
    qtbot: QtBot, welcome: MainWindow, temp_root: Path
) -> None:
    demo = open_demo(qtbot, welcome)
    qtbot.keyClick(demo.recorder, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: welcome.demo is None, timeout=WAIT_MS)
    assert list(temp_root.iterdir()) == []
    demo = open_demo(qtbot, welcome)
    demo.close()
    assert welcome.demo is None and list(temp_root.iterdir()) == []
    assert welcome.first_run.showing_welcome


def test_a_demo_left_by_a_crash_is_removed_at_the_next_start(
    qtbot: QtBot, services: AppServices, answers: Answers, temp_root: Path
) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    crashed = temp_root / f"{first_run_demo.PREFIX}crashed"
    (crashed / "vault").mkdir(parents=True)
    (crashed / first_run_demo.OWNER_FILE).write_text(gone.stdout.strip())
    ours = first_run_demo.make_folder()
    other = temp_root / "someone-elses"
    other.mkdir()
    main = MainWindow(services, confirm=answers, welcome=True)
    qtbot.addWidget(main)
    main.start()
    assert not crashed.exists()
    assert ours.exists() and other.exists()  # this process's own demo, and not ours at all
    first_run_demo.remove_folder(ours)
    main.close()


def test_about_says_the_version_and_where_the_vault_is(
    qtbot: QtBot, welcome: MainWindow, services: AppServices
) -> None:
    qtbot.keyClick(welcome_page(welcome).set_up_button, Qt.Key.Key_F1)
    about = welcome.about
    assert about is not None
    qtbot.waitUntil(about.isVisible)
    assert vfapp.__version__ in about.version.text()
    assert about.vault.text() == str(services.vault_folder)
    assert welcome.about_action.text() == "About Attune"
    assert unnamed_controls(about) == []
    about.reject()
    assert os.environ["VFAPP_DATA_DIR"]  # the isolated data folder, never the real one
