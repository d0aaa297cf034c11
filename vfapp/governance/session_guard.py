"""The idle lock: after a stretch without use the vault locks itself, except that a recording
in progress keeps recording behind a locked screen until it stops."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import VaultLocked, VfappError, WrongPassword
from vfapp.domain.governance import AuditOutcome
from vfapp.governance.actor import Actor
from vfapp.vault.lifecycle import SecretKind, find_key

DEFAULT_IDLE_S = 600.0


class GuardState(StrEnum):
    OPEN = "open"
    SCREEN_LOCKED = "screen locked"  # a recording is running: the vault stays open for it
    LOCKED = "locked"  # database closed, key forgotten: unlock the vault again


class GuardChange(BaseModel):
    """What a tick, a lock or a resume changed."""

    model_config = ConfigDict(frozen=True)

    before: GuardState
    after: GuardState
    reason: str  # "idle", "asked", "recording ended", "password"


class SessionGuard:
    """Ticked by the app (say once a second); `activity()` on every key press or click."""

    def __init__(
        self,
        actor: Actor,
        *,
        idle_limit_s: float = DEFAULT_IDLE_S,
        recording_active: Callable[[], bool] = lambda: False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._actor = actor
        self._idle_limit_s = idle_limit_s
        self._recording_active = recording_active
        self._clock = clock
        self._last_use = clock()
        self.state = GuardState.OPEN

    @property
    def idle_s(self) -> float:
        return self._clock() - self._last_use

    def activity(self) -> None:
        """The user did something: the idle time starts again (not while locked)."""
        if self.state is GuardState.OPEN:
            self._last_use = self._clock()

    def tick(self) -> GuardChange | None:
        if self.state is GuardState.OPEN and self.idle_s >= self._idle_limit_s:
            return self._lock("idle")
        if self.state is GuardState.SCREEN_LOCKED and not self._recording_active():
            return self._close("recording ended")
        return None

    def lock_now(self) -> GuardChange | None:
        """Ctrl+L: lock at once (behind the screen only while a recording runs)."""
        return self._lock("asked") if self.state is GuardState.OPEN else None

    def resume(self, password: str) -> GuardChange:
        """Back to work from a locked screen with the signed-in user's own password; a fully
        locked vault must be unlocked again instead (`unlock_vault`)."""
        if self.state is GuardState.LOCKED:
            raise VaultLocked()
        if self.state is GuardState.OPEN:
            return GuardChange(before=self.state, after=self.state, reason="already open")
        vault = self._actor.vault
        try:
            unlocked = find_key(
                vault.folder, SecretKind.PASSWORD, password, user=self._actor.user.name
            )
            if unlocked.key != vault.key:
                raise WrongPassword()
        except WrongPassword:
            self._actor.audit("session.resume", AuditOutcome.REFUSED, detail="wrong password")
            raise
        self._actor.screen_locked = False
        self._actor.audit("session.resume")
        self._last_use = self._clock()
        return self._move(GuardState.OPEN, "password")

    def _lock(self, reason: str) -> GuardChange:
        if self._recording_active():
            self._actor.screen_locked = True  # nothing but the recording may use the vault
            with contextlib.suppress(VfappError):
                self._actor.audit("session.lock", detail=f"{reason}; screen only, recording")
            return self._move(GuardState.SCREEN_LOCKED, reason)
        return self._close(reason)

    def _close(self, reason: str) -> GuardChange:
        try:
            # Best effort: a full disk must not keep the vault open.
            with contextlib.suppress(VfappError):
                self._actor.audit("session.lock", detail=reason)
        finally:
            self._actor.vault.lock()  # closes the database and overwrites the key it held
            self._actor.screen_locked = False
        return self._move(GuardState.LOCKED, reason)

    def _move(self, after: GuardState, reason: str) -> GuardChange:
        change = GuardChange(before=self.state, after=after, reason=reason)
        self.state = after
        return change
