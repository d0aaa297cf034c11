"""Steps the recording-screen tests share: a signed-in window with a family (with or
without filming consent), the screen opened with its preview running, start and stop."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from tests.ui.flows import WAIT_MS, create_vault
from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier, Relationship
from vfapp.governance import casework_ops
from vfapp.governance.consent import record_consent
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.recorder import RecorderScreen
from vfapp.ui.widgets.banner import Banner


def family_for_filming(
    qtbot: QtBot, window: MainWindow, *, consent: bool = True, code: str = "PIP-7"
) -> UUID:
    create_vault(qtbot, window)
    actor = window.actor()
    family = casework_ops.add_family(actor, code, "Baby Rose")
    if consent:
        record_consent(
            actor,
            family.id,
            (ConsentTier.FILMING,),
            ConsentEventKind.GIVEN,
            given_by="A. Parent",
            relationship=Relationship.PARENT,
            method=ConsentMethod.WRITTEN,
        )
    return family.id


def open_recorder(qtbot: QtBot, window: MainWindow, family_id: UUID) -> RecorderScreen:
    window.go_recorder(family_id)
    screen = window.recorder
    qtbot.waitUntil(lambda: screen.preview.frames_shown > 2, timeout=WAIT_MS)
    return screen


def ctrl_r(qtbot: QtBot, screen: RecorderScreen) -> None:
    qtbot.keyClick(
        screen.focusWidget() or screen, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier
    )


def start_recording(qtbot: QtBot, screen: RecorderScreen, *, seconds: float = 1.0) -> None:
    ctrl_r(qtbot, screen)
    qtbot.waitUntil(lambda: screen.run.recording_now, timeout=WAIT_MS)
    wait_recorded(qtbot, screen, seconds)


def wait_recorded(qtbot: QtBot, screen: RecorderScreen, seconds: float) -> None:
    def far_enough() -> bool:
        stats = screen.run.stats()
        return stats is not None and stats.elapsed_s >= seconds

    qtbot.waitUntil(far_enough, timeout=WAIT_MS + int(seconds * 1000))


def stop_recording(qtbot: QtBot, screen: RecorderScreen) -> None:
    ctrl_r(qtbot, screen)
    wait_stopped(qtbot, screen)


def wait_stopped(qtbot: QtBot, screen: RecorderScreen) -> None:
    run = screen.run
    qtbot.waitUntil(lambda: not run.recording_now and not run.starting_or_stopping, timeout=WAIT_MS)


def key(qtbot: QtBot, screen: RecorderScreen, key: Qt.Key, shift: bool = False) -> None:
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(screen.focusWidget() or screen, key, modifier)


def action_button(banner: Banner) -> QPushButton:
    (button,) = [
        b
        for b in banner.findChildren(QPushButton)
        if b.isVisibleTo(banner) and b.text() != "Dismiss"
    ]
    return button
