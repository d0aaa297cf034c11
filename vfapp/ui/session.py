"""The signed-in session of the window: the Actor, the idle lock, and what is recording."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from vfapp.governance.actor import Actor
from vfapp.governance.session_guard import GuardChange, GuardState, SessionGuard
from vfapp.ui.background import Background

TICK_MS = 1000


class UiSession(QObject):
    """Owns the Actor while signed in; ticks the SessionGuard once a second."""

    signed_in = Signal()
    locked = Signal(str)  # the reason: "idle", "asked", "recording ended"
    screen_locked = Signal()
    resumed = Signal()

    def __init__(
        self, idle_limit_s: float, background: Background, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._idle_limit_s = idle_limit_s
        # The guard is only ever used on the worker: a lock then waits for the job in hand
        # (a consent being saved, a recording starting) and never closes the vault under it.
        self._background = background
        self._asking = False
        self.actor: Actor | None = None
        self.guard: SessionGuard | None = None
        self.recording_active = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    @property
    def state(self) -> GuardState:
        return self.guard.state if self.guard is not None else GuardState.LOCKED

    def start(self, actor: Actor) -> None:
        self.actor = actor
        self.guard = SessionGuard(
            actor,
            idle_limit_s=self._idle_limit_s,
            recording_active=lambda: self.recording_active,
        )
        self._timer.start()
        self.signed_in.emit()

    def activity(self) -> None:
        if self.guard is not None:
            self.guard.activity()

    def tick(self) -> None:
        guard = self.guard
        if guard is not None and not self._asking:
            self._ask(guard.tick)

    def lock_now(self) -> None:
        guard = self.guard
        if guard is not None:
            self._ask(guard.lock_now)

    def _ask(self, step: Callable[[], GuardChange | None]) -> None:
        self._asking = True

        def answered(change: GuardChange | None) -> None:
            self._asking = False
            self._apply(change)

        def failed(message: str) -> None:
            self._asking = False

        self._background.run(step, answered, failed)

    def apply(self, change: GuardChange | None) -> None:
        """Act on what the guard changed (a resume checked on the worker, say)."""
        self._apply(change)

    def close(self) -> None:
        """Sign out at once (the window is closing)."""
        self._timer.stop()
        if self.actor is not None and not self.actor.vault.is_locked:
            self.actor.vault.lock()
        self.actor, self.guard = None, None

    def _apply(self, change: GuardChange | None) -> None:
        if change is None or change.before is change.after:
            return
        if change.after is GuardState.LOCKED:
            self._timer.stop()
            self.actor, self.guard = None, None
            self._asking = False
            self._background.end_session()
            self.locked.emit(change.reason)
        elif change.after is GuardState.SCREEN_LOCKED:
            self.screen_locked.emit()
        else:
            self.resumed.emit()
