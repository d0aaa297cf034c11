"""The consent form: giving consent shows as badges in the library; a withdrawal needs a
confirmation (and a cancelled one changes nothing); plain refusals; back to where one was."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import Answers
from tests.ui.flows import type_into
from tests.ui.test_library import settle, signed_in
from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier
from vfapp.governance.library_view import family_row
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.consent import ConsentScreen
from vfapp.ui.screens.library.family_list_model import TIERS_ROLE


def open_consent(qtbot: QtBot, window: MainWindow, code: str) -> tuple[ConsentScreen, UUID]:
    library = window.library
    row = next(r for r in library.families_model.rows if r.case_code == code)
    window.go_consent(row.id)
    settle(qtbot, window)
    return window.consent, row.id


def save(qtbot: QtBot, window: MainWindow, screen: ConsentScreen) -> None:
    qtbot.mouseClick(screen.save, Qt.MouseButton.LeftButton)
    settle(qtbot, window)


def badges(window: MainWindow, code: str) -> tuple[ConsentTier, ...]:
    model = window.library.families_model
    row = next(i for i, r in enumerate(model.rows) if r.case_code == code)
    return tuple(model.index(row, 3).data(TIERS_ROLE))


def test_consent_given_shows_as_badges_in_the_library(qtbot: QtBot, window: MainWindow) -> None:
    signed_in(qtbot, window, caseload=True)
    screen, family = open_consent(qtbot, window, "PIP-0213")
    assert screen.heading.text() == "Consent for family PIP-0213"
    assert not any(box.isChecked() for box in screen.boxes.values())
    assert screen.states[ConsentTier.FILMING].text() == "Not given."
    assert screen.boxes[ConsentTier.FILMING].hasFocus()
    screen.boxes[ConsentTier.FILMING].setChecked(True)
    screen.boxes[ConsentTier.RESEARCH].setChecked(True)
    type_into(qtbot, screen.who.name, "Dee Dale")
    screen.who.method.setCurrentIndex(screen.who.method.findData(ConsentMethod.VERBAL))
    assert "confirm that you heard it" in screen.who.attest.text()
    screen.who.ends.setChecked(True)
    last_day = screen.who.ends_on.date().toPython()
    type_into(qtbot, screen.who.note, "Said yes at the first visit")
    save(qtbot, window, screen)

    assert window.current_screen is window.library
    assert window.library.current_family().id == family  # type: ignore[union-attr]
    assert badges(window, "PIP-0213") == (ConsentTier.FILMING, ConsentTier.RESEARCH)
    state = family_row(window.actor(), family).consent[0]
    assert (state.in_force, state.given_by, state.expires_on) == (True, "Dee Dale", last_day)

    screen, _ = open_consent(qtbot, window, "PIP-0213")
    assert screen.boxes[ConsentTier.FILMING].isChecked()
    assert "given by Dee Dale" in screen.states[ConsentTier.FILMING].text()
    history = screen.history_model
    assert history.rowCount() == 2
    assert {history.index(r, 2).data() for r in range(2)} == {"filming", "research"}
    assert history.index(0, 4).data() == "Said aloud (you confirm you heard it)"
    assert "Said yes at the first visit" in history.index(0, 5).data()


def test_withdrawal_needs_a_confirmation(
    qtbot: QtBot, window: MainWindow, answers: Answers
) -> None:
    signed_in(qtbot, window, caseload=True)
    screen, family = open_consent(qtbot, window, "PIP-0042")
    assert screen.boxes[ConsentTier.SUPERVISION].isChecked()
    screen.boxes[ConsentTier.SUPERVISION].setChecked(False)
    type_into(qtbot, screen.who.name, "Sam Bee")

    answers.queue.append(False)  # cancelled: nothing changes
    qtbot.mouseClick(screen.save, Qt.MouseButton.LeftButton)
    assert answers.asked == ["Record that Sam Bee withdrew consent to supervision?"]
    assert screen.message.text() == "Nothing was saved."
    assert window.current_screen is window.consent
    assert not window.background.busy
    assert ConsentTier.SUPERVISION in family_row(window.actor(), family).tiers_in_force

    answers.queue.append(True)
    save(qtbot, window, screen)
    assert window.current_screen is window.library
    assert badges(window, "PIP-0042") == (ConsentTier.FILMING, ConsentTier.SHARED_REVIEW)
    screen, _ = open_consent(qtbot, window, "PIP-0042")
    assert screen.states[ConsentTier.SUPERVISION].text().startswith("Not in force: withdrawn")
    kinds = [event.kind for event in screen.history_model.rows]
    assert kinds[0] is ConsentEventKind.WITHDRAWN


def test_withdrawing_filming_says_the_films_will_go(
    qtbot: QtBot, window: MainWindow, answers: Answers
) -> None:
    signed_in(qtbot, window, caseload=True)
    screen, _ = open_consent(qtbot, window, "PIP-0107")
    screen.boxes[ConsentTier.FILMING].setChecked(False)
    type_into(qtbot, screen.who.name, "Alex Cole")
    answers.queue.append(True)
    save(qtbot, window, screen)
    assert "films will be deleted" in answers.asked[0]
    assert badges(window, "PIP-0107") == ()


def test_plain_words_when_something_is_missing(qtbot: QtBot, window: MainWindow) -> None:
    signed_in(qtbot, window, caseload=True)
    screen, family = open_consent(qtbot, window, "PIP-0213")
    qtbot.mouseClick(screen.save, Qt.MouseButton.LeftButton)
    assert screen.message.text() == (
        "Nothing has changed: tick or untick a box, or set a new last day for the consent in force."
    )
    screen.boxes[ConsentTier.FILMING].setChecked(True)
    qtbot.mouseClick(screen.save, Qt.MouseButton.LeftButton)
    assert "type the name" in screen.message.text()
    assert screen.who.name.hasFocus() or not window.isActiveWindow()
    type_into(qtbot, screen.who.name, "x" * 80 + "y")  # cut at 80 by the field
    assert len(screen.who.name.text()) == 80
    screen.who.ends.setChecked(True)
    screen.who.ends_on.setMinimumDate(QDate(2000, 1, 1))  # a day already past
    screen.who.ends_on.setDate(QDate(2001, 1, 1))
    save(qtbot, window, screen)
    assert window.current_screen is window.consent
    assert screen.message.text().startswith("The expiry (2001-01-01) is before")
    assert family_row(window.actor(), family).tiers_in_force == ()


def test_back_goes_to_the_recording_screen_when_it_came_from_there(
    qtbot: QtBot, window: MainWindow
) -> None:
    signed_in(qtbot, window, caseload=True)
    family = next(r.id for r in window.library.families_model.rows if r.case_code == "PIP-0213")
    window.go_consent(family)
    window.consent.enter(family, back_to_recorder=True)  # as the recording refusal will
    settle(qtbot, window)
    qtbot.mouseClick(window.consent.back, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.recorder
    window.recorder.leave()
    window.go_consent(family)
    settle(qtbot, window)
    qtbot.mouseClick(window.consent.back, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.library


def test_every_consent_control_is_named_and_reachable_by_tab(
    qtbot: QtBot, window: MainWindow
) -> None:
    signed_in(qtbot, window, caseload=True)
    screen, _ = open_consent(qtbot, window, "PIP-0042")
    controls = [
        w
        for w in screen.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisibleTo(screen)
        and not w.objectName().startswith("qt_")  # a date field's own text part
    ]
    assert [w for w in controls if not w.accessibleName()] == []
    for box in screen.boxes.values():
        assert box.accessibleDescription()
    first = screen.boxes[ConsentTier.FILMING]
    seen, widget = [], first.nextInFocusChain()
    while widget is not first and len(seen) < 500:
        seen.append(widget)
        widget = widget.nextInFocusChain()
    reachable = [w for w in seen if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    for control in (screen.who.name, screen.back, screen.save, screen.history):
        assert control in reachable
    assert reachable.index(screen.who.name) < reachable.index(screen.save)


def test_a_new_last_day_renews_the_consent_in_force(qtbot: QtBot, window: MainWindow) -> None:
    signed_in(qtbot, window, caseload=True)
    screen, family = open_consent(qtbot, window, "PIP-0213")
    screen.boxes[ConsentTier.FILMING].setChecked(True)
    type_into(qtbot, screen.who.name, "Dee Dale")
    save(qtbot, window, screen)
    screen, _ = open_consent(qtbot, window, "PIP-0213")
    type_into(qtbot, screen.who.name, "Dee Dale")
    save(qtbot, window, screen)  # nothing ticked or unticked, no new last day
    assert window.current_screen is screen and "Nothing has changed" in screen.message.text()
    screen.who.ends.setChecked(True)
    screen.who.ends_on.setDate(QDate(2030, 6, 30))
    save(qtbot, window, screen)
    assert window.current_screen is window.library
    state = family_row(window.actor(), family).consent[0]
    assert (state.in_force, state.expires_on) == (True, QDate(2030, 6, 30).toPython())
    screen, _ = open_consent(qtbot, window, "PIP-0213")
    kinds = [
        screen.history_model.index(r, 1).data() for r in range(screen.history_model.rowCount())
    ]
    assert "Changed" in kinds
