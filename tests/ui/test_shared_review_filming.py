"""Filming a shared review for supervision: the camera records while the parent watches, and
the film is linked to the reviewed visit and the moments shown; a supervisor may watch it only
with the family's consent to supervision."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.flows import WAIT_MS, settle
from tests.ui.workspace_flows import film_for_review, key, open_workspace
from vfapp.domain.errors import ConsentMissing
from vfapp.domain.governance import Role
from vfapp.governance import supervision_ops
from vfapp.governance.actor import Actor
from vfapp.governance.gates import use_film
from vfapp.governance.policy import Action
from vfapp.ui.main_window import MainWindow
from vfapp.vault import users
from vfapp.vault.recordings import get_recording


def test_a_filmed_review_is_linked_to_the_moments_it_showed(
    qtbot: QtBot, window: MainWindow
) -> None:
    film = film_for_review(qtbot, window)  # filming and shared review; not supervision
    screen = open_workspace(qtbot, window, film)
    for start in (0, 3_000):
        screen.control.select(start, start + 2_000)
        key(qtbot, screen, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
        settle(qtbot, window)
    visit = screen.load.heading.visit_id  # type: ignore[union-attr]
    screen.plan.film.setChecked(True)
    qtbot.mouseClick(screen.plan.start, Qt.MouseButton.LeftButton)
    shared = window.shared_review
    qtbot.waitUntil(lambda: shared.filming.filming, timeout=WAIT_MS)
    assert shared.filming_note.isVisible() and window.session.recording_active
    qtbot.keyClick(shared, Qt.Key.Key_Right)  # the second moment
    qtbot.wait(1_500)  # some seconds of the review on film
    qtbot.keyClick(shared, Qt.Key.Key_Escape)
    actor = window.actor()
    qtbot.waitUntil(
        lambda: bool(supervision_ops.shared_review_films(actor, visit)), timeout=WAIT_MS
    )
    (linked,) = supervision_ops.shared_review_films(actor, visit)
    plan = screen.plan.plan
    assert plan is not None
    assert linked.moment_ids == tuple(m.id for m in plan.moments)
    assert get_recording(actor.vault, linked.recording_id).ended_at is not None
    # The link is written on the worker; the window hears the filming ended just after.
    qtbot.waitUntil(lambda: not window.session.recording_active, timeout=WAIT_MS)
    with actor.vault.write() as batch:
        supervisor = users.insert_user(batch, "Sam Supervisor", Role.SUPERVISOR)
    sam = Actor(actor.vault, supervisor, actor.clock)
    with pytest.raises(ConsentMissing, match="supervisor"):
        use_film(sam, Action.PLAY, linked.recording_id)
