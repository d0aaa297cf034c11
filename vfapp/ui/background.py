"""The one background worker: vault and media work runs off the GUI thread, one job at a
time (one vault writer), and its result comes back to the GUI thread through a queued signal."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from vfapp.domain.errors import VfappError

T = TypeVar("T")
log = logging.getLogger(__name__)


def unexpected(what: str) -> str:
    """What people read when a bug, not a refusal, stopped a job (`what` names the error)."""
    return QCoreApplication.translate(
        "Background",
        "Something unexpected went wrong ({what}). Nothing saved was lost; please try again, "
        "and tell your team's admin if it happens again.",
    ).format(what=what)


class Background(QObject):
    """`run(job, done, failed)`: `job()` on the worker; `done(result)` or `failed(message)` on
    the GUI thread. `synchronous=True` runs jobs at once on the caller's thread (tests)."""

    delivered = Signal(object)  # internal: a finished job's callback, crossing threads
    settled = Signal()  # a job's callback has run: tests wait on this

    def __init__(self, *, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._synchronous = synchronous
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vault-worker")
        self._pending = 0
        self._closed = False
        self._session = 0  # bumped when the user signs out: older answers are not shown
        self._lock = threading.Lock()
        self.delivered.connect(self._deliver)

    def end_session(self) -> None:
        """The vault was locked: answers to jobs asked for before now are dropped, so
        nothing of the last session reappears on screen."""
        with self._lock:
            self._session += 1

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._pending > 0

    def run(
        self,
        job: Callable[[], T],
        done: Callable[[T], object] | None = None,
        failed: Callable[[str], object] | None = None,
    ) -> None:
        with self._lock:
            if self._closed:
                return  # the window is closing: nothing new starts
            self._pending += 1
            session = self._session
        if self._synchronous:
            self._deliver((session, self._outcome(job, done, failed)))
            return
        future: Future[Any] = self._pool.submit(self._outcome, job, done, failed)
        future.add_done_callback(lambda f: self._finished(session, f))

    def _finished(self, session: int, future: Future[Any]) -> None:
        if future.cancelled():
            return  # the window is closing: nobody is waiting for the answer
        self.delivered.emit((session, future.result()))

    def shutdown(self) -> None:
        """Let the running job finish (a vault write must not be cut short), then stop."""
        with self._lock:
            self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _outcome(
        job: Callable[[], T],
        done: Callable[[T], object] | None,
        failed: Callable[[str], object] | None,
    ) -> Callable[[], object]:
        try:
            result = job()
        except VfappError as error:
            message = str(error)
            return lambda: failed(message) if failed else log.warning("%s", message)
        except Exception as error:  # a bug: worded for people, logged for us
            log.exception("background job failed")
            message = unexpected(type(error).__name__)
            return lambda: failed(message) if failed else None
        return lambda: done(result) if done else None

    @Slot(object)
    def _deliver(self, answer: tuple[int, Callable[[], object]]) -> None:
        session, callback = answer
        try:
            with self._lock:
                current = session == self._session and not self._closed
            if current:
                callback()
        finally:
            with self._lock:
                self._pending -= 1
            self.settled.emit()
