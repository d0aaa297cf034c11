"""Slow down repeated wrong passwords, never locking the owner out for more than half a minute."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ValidationError

from vfapp.domain.errors import UnlockThrottled

ATTEMPTS_NAME = "unlock-attempts.json"
FREE_ATTEMPTS = 3
MAX_DELAY_S = 30.0


MAX_REMEMBERED = 200  # failed attempts kept for the audit trail until the next unlock


class AttemptRecord(BaseModel):
    failures: int = 0
    last_failure_at: float = 0.0
    # When each failure happened, for the audit trail of the next successful unlock.
    failed_at: list[float] = []


def delay_after(failures: int) -> float:
    """Seconds to wait before the next try: none for the first three, then 2, 4, 8 .. 30."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(2.0 ** (failures - FREE_ATTEMPTS + 1), MAX_DELAY_S)


class UnlockThrottle:
    """Counts failed unlocks in a small plaintext file beside the vault (no secrets in it)."""

    def __init__(self, folder: Path, clock: Callable[[], float] = time.time) -> None:
        self._path = folder / ATTEMPTS_NAME
        self._clock = clock

    def _load(self) -> AttemptRecord:
        try:
            return AttemptRecord.model_validate_json(self._path.read_bytes())
        except (OSError, ValidationError, ValueError):
            return AttemptRecord()

    def wait_needed(self) -> float:
        record = self._load()
        delay = delay_after(record.failures)
        remaining = record.last_failure_at + delay - self._clock()
        # Capped: a clock that ran ahead, or an edited file, must never lock anyone out.
        return min(max(0.0, remaining), delay)

    def check(self) -> None:
        """Raise UnlockThrottled while the wait after the last failure is still running."""
        remaining = self.wait_needed()
        if remaining > 0:
            raise UnlockThrottled(remaining)

    def failed(self) -> None:
        record = self._load()
        now = self._clock()
        updated = AttemptRecord(
            failures=record.failures + 1,
            last_failure_at=now,
            failed_at=[*record.failed_at, now][-MAX_REMEMBERED:],
        )
        # A read-only vault folder still opens; it just cannot count failures.
        with contextlib.suppress(OSError):
            self._path.write_text(json.dumps(updated.model_dump()))

    def succeeded(self) -> tuple[float, ...]:
        """Start counting afresh; return when the failures not yet audited happened. They
        stay in the file until a sign-in has written them to the audit trail (`audited`)."""
        failed_at = tuple(self._load().failed_at)
        self._save(AttemptRecord(failed_at=list(failed_at)))
        return failed_at

    def audited(self, failed_at: tuple[float, ...]) -> None:
        """Forget the failures that are now in the audit trail."""
        left = [t for t in self._load().failed_at if t not in set(failed_at)]
        self._save(AttemptRecord(failed_at=left))

    def _save(self, record: AttemptRecord) -> None:
        with contextlib.suppress(OSError):
            if record.failures or record.failed_at:
                self._path.write_text(json.dumps(record.model_dump()))
            else:
                self._path.unlink(missing_ok=True)
