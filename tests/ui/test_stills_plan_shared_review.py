"""Stills, the review plan and the parent's shared-review screen, driven as a guider would:
freeze a frame and caption it, choose moments (with gentle notes and suggestions), then show
them full screen, where nothing of any other family (or of this one's notes) is visible."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.flows import WAIT_MS, settle, type_into
from tests.ui.workspace_flows import film_for_review, key, open_workspace, shows_frame
from vfapp.domain.governance import ConsentTier
from vfapp.governance import casework_ops, plan_ops, still_ops, tag_ops
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.workspace import WorkspaceScreen
from vfapp.vault import audit_store

CTRL = Qt.KeyboardModifier.ControlModifier


def make_still(qtbot: QtBot, window: MainWindow, screen: WorkspaceScreen, caption: str) -> None:
    key(qtbot, screen, Qt.Key.Key_S, CTRL)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: screen.stills.list.count() == 1, timeout=WAIT_MS)
    type_into(qtbot, screen.stills.caption, caption)
    qtbot.keyClick(screen.stills.caption, Qt.Key.Key_Return)
    settle(qtbot, window)


def test_a_still_is_frozen_captioned_and_kept_in_the_vault(
    qtbot: QtBot, window: MainWindow
) -> None:
    film = film_for_review(qtbot, window)
    screen = open_workspace(qtbot, window, film)
    for _ in range(3):
        key(qtbot, screen, Qt.Key.Key_Right)
    shows_frame(qtbot, screen, 3)
    make_still(qtbot, window, screen, "I love it when you sing to me")
    (still,) = still_ops.list_stills(window.actor(), film)
    assert (still.frame_number, still.caption) == (3, "I love it when you sing to me")
    assert "sing to me" in screen.stills.list.item(0).text()
    png = still_ops.still_png(window.actor(), still.id)
    assert png.startswith(b"\x89PNG")
    assert screen.plan.still.findData(str(still.id)) > 0  # offered to the review plan


def test_the_plan_takes_the_selection_with_gentle_notes_and_suggestions(
    qtbot: QtBot, window: MainWindow
) -> None:
    film = film_for_review(qtbot, window, seconds=20)
    screen = open_workspace(qtbot, window, film)
    plan = screen.plan
    key(qtbot, screen, Qt.Key.Key_M, CTRL)  # nothing selected yet: said, not done
    assert "drag along the timeline" in screen.banner.text
    screen.control.select(1_000, 4_000)
    key(qtbot, screen, Qt.Key.Key_M, CTRL)
    settle(qtbot, window)
    assert plan.moments.count() == 1 and "Moment 1" in plan.moments.item(0).text()
    plan.moments.setCurrentRow(0)
    type_into(qtbot, plan.title, "Reaching for the spoon")
    type_into(qtbot, plan.question, "What do you think she is telling you?")
    qtbot.mouseClick(plan.save, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert "Reaching for the spoon" in plan.moments.item(0).text()
    assert not plan.notes.isVisible() or "no question" not in plan.notes.text()
    for start, end in ((5_000, 19_000), (0, 2_000), (2_000, 3_000)):
        screen.control.select(start, end)
        key(qtbot, screen, Qt.Key.Key_M, CTRL)
        settle(qtbot, window)
    notes = plan.notes.text()
    assert "lasts 14 s" in notes and "4 moments" in notes  # gentle notes, nothing refused
    assert plan.moments.count() == 4
    plan.moments.setCurrentRow(3)
    qtbot.mouseClick(plan.up, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    order = [m.start_ms for m in plan_ops.review_plan(window.actor(), plan.visit_id).moments]
    assert order == [1_000, 5_000, 2_000, 0]
    # suggestions come from received initiatives
    actor = window.actor()
    book = screen.desk.codebook_id
    for start in (10_000, 12_000, 14_000):
        tag_ops.add_tag(actor, film, start, start + 1_500, "VIG-3", book)
    qtbot.mouseClick(plan.suggest, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert plan.suggestions.isVisible() and plan.suggestions.count() >= 1
    assert "received initiatives" in plan.suggestions.item(0).text()
    qtbot.keyClick(plan.suggestions, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert plan.moments.count() == 5


def visible_words(window: MainWindow) -> str:
    """Every word a person could see on screen now: texts, titles, tooltips, names."""
    words: list[str] = [window.windowTitle()]
    for widget in QApplication.allWidgets():
        if not widget.isVisible():
            continue
        words += [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            words.append(widget.text())
        words.append(widget.accessibleDescription())
    return "\n".join(w for w in words if w)


def top_level_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_the_shared_review_shows_only_the_plans_moments_full_screen(
    qtbot: QtBot, window: MainWindow
) -> None:
    film = film_for_review(qtbot, window, seconds=8, code="PIP-7")
    actor = window.actor()
    casework_ops.add_family(actor, "PIP-9", "Baby Other")  # another family on the caseload
    screen = open_workspace(qtbot, window, film)
    key(qtbot, screen, Qt.Key.Key_3)  # a code and a note: never on the parent's screen
    settle(qtbot, window)
    key(qtbot, screen, Qt.Key.Key_Escape)
    tag = screen.editor.tags[0]
    screen.tags.model.setData(screen.tags.model.index(0, 3), "mum looks tired today")
    settle(qtbot, window)
    assert tag_ops.list_tags(actor, film)[0].note == "mum looks tired today"
    make_still(qtbot, window, screen, "You noticed me!")
    screen.control.select(1_000, 3_000)
    key(qtbot, screen, Qt.Key.Key_M, CTRL)
    settle(qtbot, window)
    plan = screen.plan
    plan.moments.setCurrentRow(0)
    type_into(qtbot, plan.title, "You see her smile")
    plan.still.setCurrentIndex(1)
    qtbot.mouseClick(plan.save, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    qtbot.mouseClick(plan.start, Qt.MouseButton.LeftButton)
    shared = window.shared_review
    qtbot.waitUntil(lambda: shared.review is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shared.view.picture is not None, timeout=WAIT_MS)
    assert window.current_screen is shared and window.isFullScreen()
    assert window.menuBar().isVisible() is False and top_level_windows() == [window]
    seen = visible_words(window)
    assert "You see her smile" in seen and "Moment 1 of 1" in seen
    for secret in ("PIP-9", "Baby Other", "PIP-7", "Baby Rose", "VIG", "tired", tag.code):
        assert secret not in seen, f"{secret!r} is visible on the parent's screen"
    # play, hold the still with its caption large, then Esc back to the workspace
    qtbot.keyClick(shared, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shared.deck.playing, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not shared.deck.playing, timeout=WAIT_MS)  # the moment ends
    assert 30 <= shared.deck.target <= 90
    qtbot.mouseClick(shared.hold, Qt.MouseButton.LeftButton)
    assert shared.pictures.currentWidget() is shared.still
    assert shared.still.caption == "You noticed me!"
    qtbot.keyClick(shared, Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert window.current_screen is window.workspace and not window.isFullScreen()
    details = [
        e.detail or "" for e in audit_store.chain_rows(actor.vault.db, actor.vault.device_id)
    ]
    assert any("shared review shown: 1 moment" in d for d in details)
    assert any("still shown in a shared review" in d for d in details)
    assert any("shared review" in d and "closed" in d for d in details)


def test_without_consent_to_a_shared_review_it_is_refused_in_words(
    qtbot: QtBot, window: MainWindow
) -> None:
    film = film_for_review(qtbot, window, tiers=(ConsentTier.FILMING,))
    screen = open_workspace(qtbot, window, film)
    screen.control.select(0, 2_000)
    key(qtbot, screen, Qt.Key.Key_M, CTRL)
    settle(qtbot, window)
    qtbot.mouseClick(screen.plan.start, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    shared = window.shared_review
    assert shared.review is None and not window.isFullScreen()
    assert "shared review" in shared.title.text().lower()
    assert "consent" in shared.title.text().lower()
    qtbot.keyClick(shared, Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert window.current_screen is window.workspace
