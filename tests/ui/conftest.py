"""The window under pytest-qt: offscreen, a vault folder of its own, the synthetic camera,
confirmation prompts answered by the test, and no widget left behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from vfapp.app.bootstrap import SYNTHETIC, open_sources
from vfapp.settings import Settings
from vfapp.ui.main_window import MainWindow
from vfapp.ui.services import AppServices

pytest.importorskip("PySide6")


class Answers:
    """What the person answers to each confirmation prompt, and what they were asked."""

    def __init__(self) -> None:
        self.queue: list[bool] = []
        self.asked: list[str] = []

    def __call__(self, question: str, yes: str) -> bool:
        self.asked.append(question)
        return self.queue.pop(0) if self.queue else False


@pytest.fixture
def services(tmp_path: Path) -> AppServices:
    settings = Settings(data_dir=tmp_path / "data")
    return AppServices(
        settings=settings,
        vault_folder=tmp_path / "vault",
        cameras=lambda: [SYNTHETIC],
        open_sources=open_sources,
    )


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(qtbot: QtBot, services: AppServices, answers: Answers) -> Iterator[MainWindow]:
    main = MainWindow(services, confirm=answers)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    main.start()
    yield main
    main.session.recording_active = False
    main.close()
