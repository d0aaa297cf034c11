"""Exporting from the workspace: a destination chosen on purpose, progress shown, consent per
purpose, and a cancelled export leaving nothing behind."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.accessibility import unnamed_controls
from tests.ui.flows import WAIT_MS, settle
from tests.ui.workspace_flows import film_for_review, key, open_workspace
from vfapp.domain.interchange.models import CodeFormat, Purpose
from vfapp.governance import code_exchange_ops
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.exports.choices import ExportWhat


def test_codes_as_csv_to_a_chosen_file(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    film = film_for_review(qtbot, window)
    screen = open_workspace(qtbot, window, film)
    key(qtbot, screen, Qt.Key.Key_3)
    settle(qtbot, window)
    dialog = screen.open_export()
    assert dialog is not None
    dialog.what.setCurrentIndex(dialog.what.findData(ExportWhat.CSV.value))
    target = tmp_path / "codes"
    dialog._choose = lambda *_args: str(target)  # the file dialog's answer
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    assert dialog.destination.text() == f"{target}.csv"
    assert unnamed_controls(dialog) == []
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert "Written:" in dialog.banner.text, dialog.banner.text
    rows = list(csv.DictReader((tmp_path / "codes.csv").open(encoding="utf-8")))
    assert [row["code"] for row in rows] == ["VIG-3"]
    dialog.reject()


def test_research_without_that_consent_is_refused_and_writes_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    film = film_for_review(qtbot, window)
    screen = open_workspace(qtbot, window, film)
    dialog = screen.open_export()
    assert dialog is not None
    dialog.what.setCurrentIndex(dialog.what.findData(ExportWhat.EAF.value))
    dialog.purpose.setCurrentIndex(dialog.purpose.findData("research"))
    out = tmp_path / "out"
    out.mkdir()
    dialog.destination.setText(str(out / "codes.eaf"))
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert "research" in dialog.banner.text and "consent" in dialog.banner.text
    assert list(out.iterdir()) == []


def test_a_cancelled_report_leaves_no_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    film = film_for_review(qtbot, window)
    screen = open_workspace(qtbot, window, film)
    screen.control.select(0, 2_000)
    key(qtbot, screen, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    dialog = screen.open_export()
    assert dialog is not None
    out = tmp_path / "out"
    out.mkdir()
    dialog.destination.setText(str(out / "report.pdf"))
    dialog._cancel = _SetOnFirstAsk()  # the person presses Cancel as soon as it starts
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert "cancelled" in dialog.banner.text
    assert list(out.iterdir()) == []
    dialog._cancel = threading.Event()
    qtbot.mouseClick(dialog.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Written:" in dialog.banner.text, timeout=WAIT_MS)
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")


class _SetOnFirstAsk(threading.Event):
    def is_set(self) -> bool:
        return True


def test_codes_from_elan_come_back_as_tags(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    film = film_for_review(qtbot, window)
    screen = open_workspace(qtbot, window, film)
    key(qtbot, screen, Qt.Key.Key_3)
    settle(qtbot, window)
    key(qtbot, screen, Qt.Key.Key_Escape)
    exported = code_exchange_ops.export_codes(
        window.actor(), film, CodeFormat.EAF, Purpose.CASE, tmp_path / "codes.eaf"
    )
    screen.tags.choose(screen.editor.tags[0].id)
    key(qtbot, screen, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert screen.editor.tags == []
    screen.importer.choose = lambda _parent: str(exported.path)
    qtbot.mouseClick(screen.tags.import_codes, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert "1 tags imported from codes.eaf" in screen.banner.text, screen.banner.text
    qtbot.waitUntil(lambda: [t.code for t in screen.editor.tags] == ["VIG-3"], timeout=WAIT_MS)
