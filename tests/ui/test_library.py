"""The library as a practitioner uses it: add, change and close a family, add and change a
visit, search, the films of a visit, and a refusal shown in words."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.flows import WAIT_MS, create_vault, type_into
from tests.ui.screens_for_docs import example_caseload
from vfapp.domain.models import VisitActivity, VisitPlace
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.library import LibraryScreen
from vfapp.ui.screens.library.family_dialog import FamilyDialog
from vfapp.ui.screens.library.visit_dialog import VisitDialog


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the worker has answered everything asked of it (follow-up loads too)."""
    qtbot.waitUntil(lambda: not window.background.busy, timeout=WAIT_MS)


def signed_in(qtbot: QtBot, window: MainWindow, *, caseload: bool = False) -> LibraryScreen:
    create_vault(qtbot, window)
    settle(qtbot, window)
    if caseload:
        example_caseload(window.actor())
        window.go_library()
        settle(qtbot, window)
    return window.library


def save(qtbot: QtBot, window: MainWindow, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)


def codes(screen: LibraryScreen) -> list[str]:
    proxy = screen.filter
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


def family_dialog(screen: LibraryScreen) -> FamilyDialog:
    assert isinstance(screen.dialog, FamilyDialog)
    return screen.dialog


def visit_dialog(screen: LibraryScreen) -> VisitDialog:
    assert isinstance(screen.dialog, VisitDialog)
    return screen.dialog


def test_a_new_family_is_added_and_chosen(qtbot: QtBot, window: MainWindow) -> None:
    screen = signed_in(qtbot, window)
    assert codes(screen) == []
    assert screen.panel.heading.text() == "No family chosen"
    qtbot.mouseClick(screen.new_family, Qt.MouseButton.LeftButton)
    dialog = family_dialog(screen)
    type_into(qtbot, dialog.case_code, "PIP-0042")
    type_into(qtbot, dialog.display_name, "  Bee   family ")
    save(qtbot, window, dialog.save_button)
    assert screen.dialog is None  # closed (and deleted)
    assert codes(screen) == ["PIP-0042"]
    assert screen.panel.heading.text() == "PIP-0042 · Bee family"
    assert "No consent recorded yet" in screen.panel.status.text()
    assert screen.panel.visits_note.text() == "(none yet)"


def test_a_case_code_in_use_is_refused_in_words(qtbot: QtBot, window: MainWindow) -> None:
    screen = signed_in(qtbot, window, caseload=True)
    screen.add_family()
    dialog = family_dialog(screen)
    type_into(qtbot, dialog.case_code, "PIP-0042")
    save(qtbot, window, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.message.text() == "The case code 'PIP-0042' is already used by a family."
    assert dialog.save_button.isEnabled()
    type_into(qtbot, dialog.case_code, "bad code!")
    save(qtbot, window, dialog.save_button)
    assert dialog.message.text().startswith("The case code")
    assert "Traceback" not in dialog.message.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert screen.dialog is None
    assert codes(screen) == ["PIP-0042", "PIP-0107", "PIP-0213"]


def test_a_family_is_renamed_closed_and_reopened(qtbot: QtBot, window: MainWindow) -> None:
    screen = signed_in(qtbot, window, caseload=True)
    screen.families.selectRow(2)
    settle(qtbot, window)
    assert screen.current_family().case_code == "PIP-0213"  # type: ignore[union-attr]
    qtbot.mouseClick(screen.panel.change_family, Qt.MouseButton.LeftButton)
    dialog = family_dialog(screen)
    assert dialog.case_code.isReadOnly()
    type_into(qtbot, dialog.display_name, "Dale family")
    dialog.closed.setChecked(True)
    ended = date.today() - timedelta(days=3)
    dialog.closed_on.setDate(QDate(ended))
    save(qtbot, window, dialog.save_button)
    family = screen.current_family()
    assert family is not None and family.closed_on == ended
    assert family.display_name == "Dale family"
    assert screen.show_closed.isChecked()  # the family just closed stays in view
    assert "Closed on" in screen.panel.status.text()
    assert not screen.panel.record.isEnabled()

    screen.show_closed.setChecked(False)
    assert "PIP-0213" not in codes(screen)
    screen.show_closed.setChecked(True)
    screen.families.selectRow(codes(screen).index("PIP-0213"))
    settle(qtbot, window)
    screen.change_family()
    dialog = family_dialog(screen)
    assert dialog.closed.isChecked()
    dialog.closed.setChecked(False)
    save(qtbot, window, dialog.save_button)
    assert screen.current_family().closed_on is None  # type: ignore[union-attr]
    assert screen.panel.record.isEnabled()


def test_a_visit_is_added_then_changed(qtbot: QtBot, window: MainWindow) -> None:
    screen = signed_in(qtbot, window)
    screen.add_family()
    type_into(qtbot, family_dialog(screen).case_code, "PIP-1")
    save(qtbot, window, family_dialog(screen).save_button)
    qtbot.mouseClick(screen.panel.new_visit, Qt.MouseButton.LeftButton)
    dialog = visit_dialog(screen)
    day = date.today() - timedelta(days=1)
    dialog.visited_on.setDate(QDate(day))
    dialog.activity.setCurrentIndex(dialog.activity.findData(VisitActivity.FEEDING))
    dialog.place.setCurrentIndex(dialog.place.findData(VisitPlace.CLINIC))
    save(qtbot, window, dialog.save_button)
    (visit,) = screen.panel.visits_model.rows
    assert (visit.visited_on, visit.activity, visit.place) == (
        day,
        VisitActivity.FEEDING,
        VisitPlace.CLINIC,
    )
    model = screen.panel.visits_model
    assert [model.index(0, c).data() for c in range(1, 4)] == ["Feeding", "Clinic", "None"]
    assert "No films from the visit" in screen.panel.films_label.text()

    qtbot.mouseClick(screen.panel.change_visit, Qt.MouseButton.LeftButton)
    dialog = visit_dialog(screen)
    assert dialog.activity.currentData() == VisitActivity.FEEDING
    dialog.activity.setCurrentIndex(dialog.activity.findData(VisitActivity.BATH))
    dialog.place.setCurrentIndex(dialog.place.findData(VisitPlace.CENTRE))
    save(qtbot, window, dialog.save_button)
    assert [model.index(0, c).data() for c in range(1, 3)] == ["Bath time", "Children's centre"]


def test_films_of_a_visit_show_length_status_and_markers(qtbot: QtBot, window: MainWindow) -> None:
    screen = signed_in(qtbot, window, caseload=True)
    assert screen.current_family().case_code == "PIP-0042"  # type: ignore[union-attr]
    visits = screen.panel.visits_model
    assert [visits.index(r, 3).data() for r in range(visits.rowCount())] == ["None", "2", "1"]
    screen.panel.visits.selectRow(1)
    films = screen.panel.films_model
    rows = [[films.index(r, c).data() for c in range(1, 4)] for r in range(films.rowCount())]
    assert rows == [["7 min 05 s", "Complete", "2"], ["38 s", "Recovered", "0"]]
    assert "Films from the visit on" in screen.panel.films_label.text()


def test_search_finds_by_case_code_or_name(qtbot: QtBot, window: MainWindow) -> None:
    screen = signed_in(qtbot, window, caseload=True)
    assert codes(screen) == ["PIP-0042", "PIP-0107", "PIP-0213"]  # the closed one hidden
    type_into(qtbot, screen.search, "cole")
    assert codes(screen) == ["PIP-0107"]
    settle(qtbot, window)
    assert screen.panel.heading.text() == "PIP-0107 · Cole family"
    type_into(qtbot, screen.search, "0213")
    assert codes(screen) == ["PIP-0213"]
    type_into(qtbot, screen.search, "ash")
    assert codes(screen) == []
    settle(qtbot, window)
    assert screen.panel.heading.text() == "No family chosen"
    screen.show_closed.setChecked(True)
    assert codes(screen) == ["PIP-0009"]
    settle(qtbot, window)
    assert "Closed on" in screen.panel.status.text()
    screen.search.clear()
    assert len(codes(screen)) == 4


def test_record_and_consent_buttons_go_to_their_screens(qtbot: QtBot, window: MainWindow) -> None:
    screen = signed_in(qtbot, window, caseload=True)
    qtbot.mouseClick(screen.panel.consent, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.consent
    settle(qtbot, window)
    window.go_library()
    settle(qtbot, window)
    assert screen.current_family().case_code == "PIP-0042"  # type: ignore[union-attr]
    qtbot.mouseClick(screen.panel.record, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.recorder


def test_every_control_has_an_accessible_name(qtbot: QtBot, window: MainWindow) -> None:
    screen = signed_in(qtbot, window, caseload=True)
    controls = [
        w
        for w in screen.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(screen)
    ]
    assert len(controls) >= 10
    assert [w for w in controls if not w.accessibleName()] == []
