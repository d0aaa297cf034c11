"""Comments in the workspace: at a time, on a tag and a moment, replies and resolving, shown in
the timeline; a supervisor signs off the cycle."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.flows import WAIT_MS, settle, type_into
from tests.ui.workspace_flows import film_for_review, key, open_workspace, shows_frame
from vfapp.domain.governance import ConsentTier, Role
from vfapp.domain.supervision import CommentTarget
from vfapp.governance import comment_ops, supervision_ops
from vfapp.governance.actor import Actor
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.workspace.comment_words import COMMENTS_LANE
from vfapp.vault import users

TIERS = (ConsentTier.FILMING, ConsentTier.SHARED_REVIEW, ConsentTier.SUPERVISION)


def test_comments_at_a_time_on_a_tag_replies_and_resolving(
    qtbot: QtBot, window: MainWindow
) -> None:
    film = film_for_review(qtbot, window, tiers=TIERS)
    screen = open_workspace(qtbot, window, film)
    panel = screen.comments
    key(qtbot, screen, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    shows_frame(qtbot, screen, 30)
    type_into(qtbot, panel.text, "Look how she waits for him")
    qtbot.mouseClick(panel.on_time, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert panel.text.text() == "" and panel.tree.topLevelItemCount() == 1
    key(qtbot, screen, Qt.Key.Key_3)
    settle(qtbot, window)
    key(qtbot, screen, Qt.Key.Key_Escape)
    screen.tags.choose(screen.editor.tags[0].id)
    type_into(qtbot, panel.text, "Is this received, or encouraged?")
    qtbot.mouseClick(panel.on_tag, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert panel.tree.topLevelItemCount() == 2
    visit = screen.load.heading.visit_id  # type: ignore[union-attr]
    threads = comment_ops.threads(window.actor(), visit)
    assert [t.comment.target_kind for t in threads] == [CommentTarget.TIME, CommentTarget.TAG]
    assert threads[0].comment.at_ms == 1_000
    items = [i for i in screen.timeline._items.by_id.values() if i.lane == COMMENTS_LANE]
    assert sorted(i.start_ms for i in items) == [1_000, 1_000]
    panel.choose(threads[0].comment.id)
    type_into(qtbot, panel.text, "Yes, and then he smiles")
    qtbot.mouseClick(panel.reply, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    qtbot.mouseClick(panel.resolve, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    threads = comment_ops.threads(window.actor(), visit)
    assert threads[0].resolved and [r.body for r in threads[0].replies] == [
        "Yes, and then he smiles"
    ]
    panel.show_resolved.setChecked(False)
    assert panel.tree.topLevelItemCount() == 1


def test_a_supervisor_signs_off_the_cycle_from_the_workspace(
    qtbot: QtBot, window: MainWindow
) -> None:
    film = film_for_review(qtbot, window, tiers=TIERS)
    admin = window.actor()
    with admin.vault.write() as batch:
        guider = users.insert_user(batch, "Gina Guider", Role.GUIDER)
        supervisor = users.insert_user(batch, "Sam Supervisor", Role.SUPERVISOR)
    window.session.actor = Actor(admin.vault, supervisor, admin.clock)
    screen = open_workspace(qtbot, window, film)
    panel = screen.comments
    qtbot.waitUntil(lambda: panel.guider.count() >= 2, timeout=WAIT_MS)
    panel.guider.setCurrentIndex(panel.guider.findData(str(guider.id)))
    type_into(qtbot, panel.sign_note, "Lovely attuned cycle")
    qtbot.mouseClick(panel.sign, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert "Signed off for Gina Guider" in panel.signed.text()
    visit = screen.load.heading.visit_id  # type: ignore[union-attr]
    (made,) = supervision_ops.sign_offs(admin, visit)
    assert (made.guider_id, made.supervisor_id, made.note) == (
        guider.id, supervisor.id, "Lovely attuned cycle",
    )  # fmt: skip
