"""What happens when a person is quicker than the worker: an answer for a screen already left,
Escape while saving, Ctrl+L while a recording starts or a consent is being saved."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import PASSWORD
from tests.ui.conftest import Answers
from tests.ui.flows import WAIT_MS, create_vault, settle, type_into
from tests.ui.recorder_flows import (
    ctrl_r,
    family_for_filming,
    open_recorder,
    stop_recording,
    wait_recorded,
)
from tests.ui.test_consent import open_consent
from tests.ui.test_library import signed_in
from vfapp.app.bootstrap import SYNTHETIC
from vfapp.domain.governance import (
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
)
from vfapp.governance import casework_ops
from vfapp.governance.consent import consent_history, record_consent
from vfapp.governance.gates import family_of_recording
from vfapp.ui.main_window import MainWindow
from vfapp.ui.services import AppServices
from vfapp.vault.recordings import list_recordings


def test_a_film_is_never_filed_under_the_family_the_user_left(
    qtbot: QtBot, window: MainWindow, services: AppServices
) -> None:
    first = family_for_filming(qtbot, window, code="PIP-A")
    actor = window.actor()
    second = casework_ops.add_family(actor, "PIP-B", "Baby B").id
    record_consent(
        actor, second, [ConsentTier.FILMING], ConsentEventKind.GIVEN, given_by="P. Parent",
        relationship=Relationship.PARENT, method=ConsentMethod.WRITTEN,
    )  # fmt: skip

    def slow_cameras() -> list:  # type: ignore[type-arg]
        time.sleep(0.5)  # listing real webcams takes this long on many laptops
        return [SYNTHETIC]

    services.cameras = slow_cameras
    window.go_recorder(first)
    window.go_recorder(second)  # changed their mind before the first family had loaded
    screen = window.recorder
    with qtbot.waitSignal(window.background.settled, timeout=WAIT_MS):
        pass  # the first family's answer arrives: it must be ignored
    assert "PIP-A" not in screen.heading.text()
    ctrl_r(qtbot, screen)  # too early: Record waits for the family being filmed to load
    assert not screen.run.starting_or_stopping and not screen.run.recording_now
    qtbot.waitUntil(lambda: screen.preview.frames_shown > 0, timeout=WAIT_MS)
    settle(qtbot, window)
    assert "PIP-B" in screen.heading.text()
    ctrl_r(qtbot, screen)
    qtbot.waitUntil(lambda: screen.run.recording_now, timeout=WAIT_MS)
    wait_recorded(qtbot, screen, 0.5)
    stop_recording(qtbot, screen)
    settle(qtbot, window)
    (film,) = list_recordings(actor.vault)
    assert family_of_recording(actor, film.id).case_code == "PIP-B"


def test_escape_while_a_new_family_is_saving_still_shows_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    create_vault(qtbot, window)
    library = window.library
    library.add_family()
    dialog = library.dialog
    assert dialog is not None
    type_into(qtbot, dialog.case_code, "PIP-9")
    qtbot.keyClick(dialog.case_code, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert [f.case_code for f in casework_ops.families(window.actor())] == ["PIP-9"]
    assert library.families_model.rowCount() == 1


def test_ctrl_l_while_a_recording_starts_locks_only_the_screen(
    qtbot: QtBot, window: MainWindow
) -> None:
    family_id = family_for_filming(qtbot, window)
    screen = open_recorder(qtbot, window, family_id)
    ctrl_r(qtbot, screen)
    with qtbot.waitSignal(window.session.screen_locked, timeout=WAIT_MS):
        qtbot.keyClick(screen, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen is window.lock_screen
    qtbot.waitUntil(lambda: screen.run.recording_now, timeout=WAIT_MS)
    wait_recorded(qtbot, screen, 1.0)
    type_into(qtbot, window.lock_screen.password, PASSWORD)
    with qtbot.waitSignal(window.session.resumed, timeout=WAIT_MS):
        qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    stop_recording(qtbot, screen)
    settle(qtbot, window)
    (film,) = list_recordings(window.actor().vault)
    assert film.byte_size > 0


def test_ctrl_l_straight_after_saving_consent_saves_it_all_and_shows_nothing(
    qtbot: QtBot, window: MainWindow, answers: Answers
) -> None:
    signed_in(qtbot, window, caseload=True)
    screen, family = open_consent(qtbot, window, "PIP-0213")
    screen.boxes[ConsentTier.FILMING].setChecked(True)
    type_into(qtbot, screen.who.name, "Dee Dale")
    qtbot.mouseClick(screen.save, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    screen, family = open_consent(qtbot, window, "PIP-0213")
    screen.boxes[ConsentTier.FILMING].setChecked(False)
    screen.boxes[ConsentTier.RESEARCH].setChecked(True)
    type_into(qtbot, screen.who.name, "Dee Dale")
    answers.queue.append(True)
    qtbot.mouseClick(screen.save, Qt.MouseButton.LeftButton)
    qtbot.keyClick(screen, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert window.current_screen is window.unlock and window.session.actor is None
    assert not window.library.isVisible()
    type_into(qtbot, window.unlock.password, PASSWORD)
    with qtbot.waitSignal(window.background.settled, timeout=WAIT_MS):
        qtbot.keyClick(window.unlock.password, Qt.Key.Key_Return)
    settle(qtbot, window)
    kinds = [(e.kind, e.tier) for e in consent_history(window.actor(), family)]
    assert (ConsentEventKind.WITHDRAWN, ConsentTier.FILMING) in kinds
    assert (ConsentEventKind.GIVEN, ConsentTier.RESEARCH) in kinds
