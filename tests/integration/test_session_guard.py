"""The idle lock: it locks after the idle time, and a running recording carries on behind the
locked screen, then the vault closes once it stops."""

from __future__ import annotations

import time

import pytest

from tests.conftest import PASSWORD
from tests.integration.recording_helpers import synthetic, visit_for
from vfapp.capture.pipeline import Recorder
from vfapp.capture.recorder_settings import RecorderSettings
from vfapp.domain.errors import DiskFull, VaultLocked, WrongPassword
from vfapp.domain.models import RecordingStatus
from vfapp.governance.actor import Actor
from vfapp.governance.policy import Action
from vfapp.governance.session_guard import GuardState, SessionGuard
from vfapp.vault import audit_store
from vfapp.vault.lifecycle import unlock_vault
from vfapp.vault.recordings import get_recording


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_idle_time_locks_the_vault_and_use_keeps_it_open(admin: Actor) -> None:
    ticks = Ticks()
    guard = SessionGuard(admin, idle_limit_s=600, clock=ticks)
    ticks.now = 599
    assert guard.tick() is None
    guard.activity()
    ticks.now = 1100
    assert guard.tick() is None and guard.state is GuardState.OPEN
    ticks.now = 1199
    change = guard.tick()
    assert change is not None and (change.after, change.reason) == (GuardState.LOCKED, "idle")
    assert admin.vault.is_locked
    with pytest.raises(VaultLocked):
        _ = admin.vault.key
    with pytest.raises(VaultLocked):
        guard.resume(PASSWORD)


def test_a_recording_keeps_going_behind_the_locked_screen(admin: Actor) -> None:
    ticks = Ticks()
    vault = admin.vault
    camera, microphone = synthetic(live=True)
    recorder = Recorder(
        vault, visit_for(vault), camera, microphone, settings=RecorderSettings(max_seconds=30)
    )
    recording = recorder.start()
    guard = SessionGuard(
        admin, idle_limit_s=60, clock=ticks, recording_active=lambda: recorder.wait(0) is None
    )
    ticks.now = 61
    change = guard.tick()
    assert change is not None and change.after is GuardState.SCREEN_LOCKED
    frames = recorder.stats().frames_encoded
    time.sleep(1.5)
    assert recorder.stats().frames_encoded > frames + 20, "the recording stopped at the lock"
    assert guard.tick() is None  # still recording: the screen stays locked, the vault open

    with pytest.raises(WrongPassword):
        guard.resume("not the password")
    assert guard.resume(PASSWORD).after is GuardState.OPEN
    assert guard.lock_now() is not None and guard.state is GuardState.SCREEN_LOCKED

    result = recorder.stop()
    assert result.ended_cleanly
    change = guard.tick()
    assert change is not None and (change.after, change.reason) == (
        GuardState.LOCKED,
        "recording ended",
    )
    assert vault.is_locked

    reopened = unlock_vault(vault.folder, PASSWORD)
    assert get_recording(reopened, recording.id).status is RecordingStatus.COMPLETE
    actions = [e.action for e in audit_store.chain_rows(reopened.db, reopened.device_id)]
    assert actions[-5:] == [
        "session.lock",
        "session.resume",
        "session.resume",
        "session.lock",
        "session.lock",
    ]
    reopened.lock()


def test_the_lock_happens_even_when_its_audit_event_cannot_be_written(
    admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = Ticks()
    guard = SessionGuard(admin, idle_limit_s=10, clock=ticks)

    def full_disk(*args: object, **kwargs: object) -> None:
        raise DiskFull()

    monkeypatch.setattr(Actor, "audit", full_disk)
    ticks.now = 11
    change = guard.tick()
    assert change is not None and change.after is GuardState.LOCKED and admin.vault.is_locked


def test_behind_a_locked_screen_nothing_but_the_recording_may_use_the_vault(
    admin: Actor, family: object
) -> None:
    recording = [True]
    guard = SessionGuard(admin, idle_limit_s=10, recording_active=lambda: recording[0])
    assert guard.lock_now() is not None and guard.state is GuardState.SCREEN_LOCKED
    with pytest.raises(VaultLocked):
        admin.authorize(Action.VIEW_CASEWORK)
    guard.resume(PASSWORD)
    admin.authorize(Action.VIEW_CASEWORK)
