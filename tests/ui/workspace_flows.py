"""Steps the workspace tests share: a signed-in window with a family whose film (real, from
the synthetic camera, with markers) is open in the review workspace."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.integration.recording_helpers import SMALL, record, synthetic
from tests.ui.flows import WAIT_MS, create_vault, settle
from vfapp.capture.frames import VideoMode
from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier, Relationship
from vfapp.domain.tagging import Tag
from vfapp.governance import casework_ops, tag_ops
from vfapp.governance.consent import record_consent
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.workspace import WorkspaceScreen


def film_for_review(
    qtbot: QtBot,
    window: MainWindow,
    *,
    seconds: float = 6,
    mode: VideoMode = SMALL,
    marks_s: tuple[float, ...] = (),
    tiers: tuple[ConsentTier, ...] = (ConsentTier.FILMING, ConsentTier.SHARED_REVIEW),
    code: str = "PIP-7",
) -> UUID:
    """A new vault (through the first-run screen), a family with consent, and its film."""
    create_vault(qtbot, window)
    actor = window.actor()
    family = casework_ops.add_family(actor, code, "Baby Rose")
    record_consent(
        actor,
        family.id,
        tiers,
        ConsentEventKind.GIVEN,
        given_by="A. Parent",
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
    )
    camera, microphone = synthetic(mode)
    result = record(actor.vault, camera, microphone, max_seconds=seconds, scheduled_marks_s=marks_s)
    return result.recording.id


def open_workspace(qtbot: QtBot, window: MainWindow, recording_id: UUID) -> WorkspaceScreen:
    window.go_workspace(recording_id)
    screen = window.workspace
    qtbot.waitUntil(lambda: screen.view.picture is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.deck.facts is not None, timeout=WAIT_MS)
    settle(qtbot, window)
    return screen


def key(qtbot: QtBot, screen: WorkspaceScreen, which: Qt.Key, modifiers: object = None) -> None:
    qtbot.keyClick(screen, which, modifiers or Qt.KeyboardModifier.NoModifier)


def shows_frame(qtbot: QtBot, screen: WorkspaceScreen, frame: int) -> None:
    qtbot.waitUntil(
        lambda: screen.view.picture is not None and screen.view.picture.number == frame,
        timeout=WAIT_MS,
    )


def saved_tags(window: MainWindow, recording_id: UUID) -> list[Tag]:
    """What the vault holds now (read directly, not from the screen)."""
    settle_tags = tag_ops.list_tags(window.actor(), recording_id)
    return [tag for tag in settle_tags if not tag.deleted]
