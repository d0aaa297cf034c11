"""The library without a mouse: Ctrl+F, Ctrl+N, Tab through the controls, Enter opens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.test_library import codes, family_dialog, settle, signed_in, visit_dialog
from vfapp.ui.main_window import MainWindow


def focused() -> object:
    return QApplication.focusWidget()


def key(
    qtbot: QtBot, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, k, modifier)


def test_keyboard_only_search_open_and_change(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    screen = signed_in(qtbot, window, caseload=True)
    qtbot.waitUntil(lambda: focused() is screen.families)

    key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is screen.search
    qtbot.keyClicks(screen.search, "Cole")
    assert codes(screen) == ["PIP-0107"]
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is screen.families
    settle(qtbot, window)
    key(qtbot, Qt.Key.Key_Return)  # Enter opens the family: its visits
    assert focused() is screen.panel.visits
    assert screen.panel.chosen_visit() is not None
    key(qtbot, Qt.Key.Key_Return)  # Enter on a visit opens it for changing
    dialog = visit_dialog(screen)
    assert dialog.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert screen.dialog is None


def test_ctrl_n_adds_a_family_with_enter(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    screen = signed_in(qtbot, window)
    qtbot.waitUntil(lambda: focused() is screen.families)
    key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = family_dialog(screen)
    qtbot.waitUntil(lambda: focused() is dialog.case_code)
    qtbot.keyClicks(dialog.case_code, "PIP-7")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.display_name
    qtbot.keyClicks(dialog.display_name, "Fox family")
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert codes(screen) == ["PIP-7"]
    assert screen.dialog is None


def test_tab_goes_through_the_controls_in_reading_order(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    screen = signed_in(qtbot, window, caseload=True)
    screen.search.setFocus()
    qtbot.waitUntil(lambda: focused() is screen.search)
    seen = [focused()]
    for _ in range(13):
        key(qtbot, Qt.Key.Key_Tab)
        seen.append(focused())
    panel = screen.panel
    assert seen == [
        screen.search,
        screen.show_closed,
        screen.new_family,
        screen.supervision,
        screen.team_sync,
        screen.about,
        screen.families,
        panel.record,
        panel.consent,
        panel.change_family,
        panel.new_visit,
        panel.change_visit,
        panel.visits,
        panel.films,
    ]
