"""The supervision dialog from the library: a guider's progress by stage (table and chart),
supervision time logged, and what a guider (not a supervisor) may see."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.accessibility import unnamed_controls
from tests.ui.flows import WAIT_MS, settle
from tests.ui.workspace_flows import film_for_review
from vfapp.domain.governance import ConsentTier, Role
from vfapp.governance import supervision_ops
from vfapp.governance.actor import Actor
from vfapp.ui.main_window import MainWindow
from vfapp.vault import casework, users


def test_progress_by_stage_and_logging_time(qtbot: QtBot, window: MainWindow) -> None:
    film_for_review(qtbot, window, tiers=(ConsentTier.FILMING, ConsentTier.SUPERVISION))
    admin = window.actor()
    with admin.vault.write() as batch:
        guider = users.insert_user(batch, "Gina Guider", Role.GUIDER)
        supervisor = users.insert_user(batch, "Sam Supervisor", Role.SUPERVISOR)
    family = casework.list_families(admin.vault)[0]
    sam = Actor(admin.vault, supervisor, admin.clock)
    for day in (2, 3):
        visit = casework.add_visit(admin.vault, family.id, date(2026, 11, day)).value
        supervision_ops.sign_off(sam, visit.id, guider.id)
    window.session.actor = sam
    window.go_library()
    settle(qtbot, window)
    dialog = window.library.open_supervision()
    qtbot.waitUntil(lambda: dialog.guider.count() >= 2, timeout=WAIT_MS)
    dialog.guider.setCurrentIndex(dialog.guider.findData(str(guider.id)))
    qtbot.waitUntil(lambda: dialog.table.item(0, 1) is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.table.item(0, 1).text() == "2 / 6", timeout=WAIT_MS)
    assert dialog.table.item(0, 2).text() == "1 / 2"
    assert "stage 1: 2 of 6 cycles" in dialog.chart.accessibleDescription()
    dialog.minutes.setValue(90)
    qtbot.mouseClick(dialog.log, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert dialog.table.item(0, 3).text() == "1.5 / 7"
    assert "90 minutes logged" in dialog.banner.text
    assert unnamed_controls(dialog) == []
    dialog.accept()


def test_a_guider_sees_only_their_own_progress(qtbot: QtBot, window: MainWindow) -> None:
    film_for_review(qtbot, window)
    admin = window.actor()
    with admin.vault.write() as batch:
        guider = users.insert_user(batch, "Gina Guider", Role.GUIDER)
        users.insert_user(batch, "Other Guider", Role.GUIDER)
    window.session.actor = Actor(admin.vault, guider, admin.clock)
    window.go_library()
    settle(qtbot, window)
    dialog = window.library.open_supervision()
    qtbot.waitUntil(lambda: dialog.guider.count() == 1, timeout=WAIT_MS)
    assert dialog.guider.currentText() == "Gina Guider"
    dialog.accept()
