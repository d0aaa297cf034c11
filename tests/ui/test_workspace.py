"""The review workspace under pytest-qt: exact frames by keyboard, playing, coding by keys
(points, ranges, undo), the tag table, markers from recording, and tag jumps."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.flows import WAIT_MS, settle
from tests.ui.workspace_flows import film_for_review, key, open_workspace, saved_tags, shows_frame
from vfapp.domain.tagging import TagActor
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.workspace.tag_table import ACTOR, CODE, NOTE

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_arrows_step_exact_frames_and_shift_moves_a_second(
    qtbot: QtBot, window: MainWindow
) -> None:
    film = film_for_review(qtbot, window)
    screen = open_workspace(qtbot, window, film)
    shows_frame(qtbot, screen, 0)
    key(qtbot, screen, Qt.Key.Key_Right)
    shows_frame(qtbot, screen, 1)
    key(qtbot, screen, Qt.Key.Key_Right, SHIFT)
    shows_frame(qtbot, screen, 31)
    key(qtbot, screen, Qt.Key.Key_Left)
    shows_frame(qtbot, screen, 30)
    key(qtbot, screen, Qt.Key.Key_Left, SHIFT)
    shows_frame(qtbot, screen, 0)
    assert "frame 1 of 180" in screen.transport.time.text()
    for _ in range(5):  # held down: the decoder takes the newest wish, no queue builds up
        key(qtbot, screen, Qt.Key.Key_Right)
    shows_frame(qtbot, screen, 5)


def test_space_plays_and_pauses_and_the_timeline_follows(qtbot: QtBot, window: MainWindow) -> None:
    film = film_for_review(qtbot, window)
    screen = open_workspace(qtbot, window, film)
    key(qtbot, screen, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: screen.deck.playing, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.view.picture.number > 20, timeout=WAIT_MS)  # type: ignore[union-attr]
    key(qtbot, screen, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not screen.deck.playing, timeout=WAIT_MS)
    stopped = screen.deck.target
    qtbot.wait(300)
    assert screen.deck.target == stopped and stopped > 20
    assert not screen.transport.playing
    key(qtbot, screen, Qt.Key.Key_Right)
    shows_frame(qtbot, screen, stopped + 1)  # steps go on from where it paused


def test_a_code_key_tags_the_playhead_and_again_closes_a_range_with_undo(
    qtbot: QtBot, window: MainWindow
) -> None:
    film = film_for_review(qtbot, window)
    screen = open_workspace(qtbot, window, film)
    key(qtbot, screen, Qt.Key.Key_Right, SHIFT)
    shows_frame(qtbot, screen, 30)
    key(qtbot, screen, Qt.Key.Key_3)
    settle(qtbot, window)
    tags = saved_tags(window, film)
    assert [(t.code, t.start_ms, t.end_ms) for t in tags] == [("VIG-3", 1000, None)]
    assert "VIG-3" in screen.coding.open.text()  # open, waiting for its end
    key(qtbot, screen, Qt.Key.Key_Right, SHIFT)
    key(qtbot, screen, Qt.Key.Key_Right, SHIFT)
    shows_frame(qtbot, screen, 90)
    key(qtbot, screen, Qt.Key.Key_3)
    settle(qtbot, window)
    assert [(t.code, t.start_ms, t.end_ms) for t in saved_tags(window, film)] == [
        ("VIG-3", 1000, 3000)
    ]
    assert screen.tags.model.rowCount() == 1
    key(qtbot, screen, Qt.Key.Key_Z, CTRL)
    settle(qtbot, window)
    assert [(t.start_ms, t.end_ms) for t in saved_tags(window, film)] == [(1000, None)]
    key(qtbot, screen, Qt.Key.Key_Z, CTRL)
    settle(qtbot, window)
    assert saved_tags(window, film) == []
    key(qtbot, screen, Qt.Key.Key_Z, CTRL | SHIFT)
    key(qtbot, screen, Qt.Key.Key_Z, CTRL | SHIFT)
    settle(qtbot, window)
    assert [(t.start_ms, t.end_ms) for t in saved_tags(window, film)] == [(1000, 3000)]
    # Esc leaves an open tag as a point
    key(qtbot, screen, Qt.Key.Key_1)
    settle(qtbot, window)
    key(qtbot, screen, Qt.Key.Key_Escape)
    key(qtbot, screen, Qt.Key.Key_Right, SHIFT)
    key(qtbot, screen, Qt.Key.Key_1)
    settle(qtbot, window)
    ones = sorted((t.start_ms, t.end_ms) for t in saved_tags(window, film) if t.code == "VIG-1")
    assert ones == [(3000, None), (4000, None)]


def test_the_actor_keys_and_the_table_edit_delete_and_undo(
    qtbot: QtBot, window: MainWindow
) -> None:
    film = film_for_review(qtbot, window)
    screen = open_workspace(qtbot, window, film)
    key(qtbot, screen, Qt.Key.Key_2, CTRL)  # the baby
    key(qtbot, screen, Qt.Key.Key_2)
    settle(qtbot, window)
    key(qtbot, screen, Qt.Key.Key_Escape)
    (tag,) = saved_tags(window, film)
    assert tag.actor is TagActor.INFANT and tag.code == "VIG-2"
    model = screen.tags.model
    model.setData(model.index(0, NOTE), "reaches for the spoon")
    settle(qtbot, window)
    model.setData(model.index(0, ACTOR), TagActor.PARENT)
    settle(qtbot, window)
    model.setData(model.index(0, CODE), "VIG-3.1")
    settle(qtbot, window)
    (tag,) = saved_tags(window, film)
    assert (tag.note, tag.actor, tag.code) == ("reaches for the spoon", TagActor.PARENT, "VIG-3.1")
    assert model.index(0, CODE).data().startswith("VIG-3.1")
    screen.tags.choose(tag.id)
    key(qtbot, screen, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert saved_tags(window, film) == [] and model.rowCount() == 0
    key(qtbot, screen, Qt.Key.Key_Z, CTRL)
    settle(qtbot, window)
    assert [t.id for t in saved_tags(window, film)] == [tag.id]
    key(qtbot, screen, Qt.Key.Key_Z, CTRL)  # the code change is undone too
    settle(qtbot, window)
    assert saved_tags(window, film)[0].code == "VIG-2"


def test_markers_from_filming_are_uncoded_tags_to_code_and_ctrl_arrows_jump(
    qtbot: QtBot, window: MainWindow
) -> None:
    film = film_for_review(qtbot, window, marks_s=(2.0, 4.0))
    screen = open_workspace(qtbot, window, film)
    model = screen.tags.model
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=WAIT_MS)
    assert all(t.code is None for t in model.rows)
    assert "Not coded yet" in model.index(0, CODE).data()
    key(qtbot, screen, Qt.Key.Key_Right, CTRL)
    first = model.rows[0].start_ms
    qtbot.waitUntil(lambda: screen.control.current_ms() == first, timeout=WAIT_MS)
    key(qtbot, screen, Qt.Key.Key_Right, CTRL)
    second = model.rows[1].start_ms
    qtbot.waitUntil(lambda: screen.control.current_ms() == second, timeout=WAIT_MS)
    key(qtbot, screen, Qt.Key.Key_Left, CTRL)
    qtbot.waitUntil(lambda: screen.control.current_ms() == first, timeout=WAIT_MS)
    model.setData(model.index(0, CODE), "VIG-4")
    settle(qtbot, window)
    codes = sorted((t.code or "") for t in saved_tags(window, film))
    assert codes == ["", "VIG-4"]
    key(qtbot, screen, Qt.Key.Key_Z, CTRL)  # back to uncoded
    settle(qtbot, window)
    assert [t.code for t in saved_tags(window, film)] == [None, None]


def test_saving_a_tag_leaves_the_playhead_where_it_is(qtbot: QtBot, window: MainWindow) -> None:
    film = film_for_review(qtbot, window)
    screen = open_workspace(qtbot, window, film)
    key(qtbot, screen, Qt.Key.Key_1)
    settle(qtbot, window)
    key(qtbot, screen, Qt.Key.Key_Escape)
    (first,) = saved_tags(window, film)
    screen.tags.choose(first.id)  # chosen in the table: the film goes to it
    key(qtbot, screen, Qt.Key.Key_Right, SHIFT)
    key(qtbot, screen, Qt.Key.Key_Right, SHIFT)
    shows_frame(qtbot, screen, 60)
    key(qtbot, screen, Qt.Key.Key_2)  # saved, and the table is read again
    settle(qtbot, window)
    assert len(saved_tags(window, film)) == 2
    assert screen.deck.target == 60 and screen.view.picture.number == 60  # type: ignore[union-attr]
    assert screen.tags.chosen_tag() is not None and screen.tags.chosen_tag().id == first.id  # type: ignore[union-attr]
