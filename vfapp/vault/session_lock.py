"""One session per vault at a time, held by an OS lock that dies with the process."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import IO

from vfapp.domain.errors import VaultInUse

LOCK_NAME = "vault.lock"

if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


class SessionLock:
    """Held from unlock to lock. A killed process releases it, so it never goes stale."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle: IO[bytes] | None = handle

    @classmethod
    def acquire(cls, folder: Path) -> SessionLock:
        handle = (folder / LOCK_NAME).open("a+b")
        if not _try_lock(handle):
            handle.close()
            raise VaultInUse()
        return cls(handle)

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.close()  # closing the file releases the OS lock
            self._handle = None
