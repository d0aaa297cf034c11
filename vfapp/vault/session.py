"""An unlocked vault: its database, clock and key, and the one way records are written."""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.changes import Change, ChangeAction, RecordKind
from vfapp.domain.errors import KeySlotRefused, VaultLocked, VfappError
from vfapp.domain.hlc import HlcClock, HlcStamp
from vfapp.domain.ids import new_id
from vfapp.vault.database import Database
from vfapp.vault.header import VaultHeader, write_header
from vfapp.vault.session_lock import SessionLock


class Stamp(BaseModel):
    """When and by which device a write happened."""

    model_config = ConfigDict(frozen=True)

    at: datetime
    hlc: HlcStamp
    device_id: str

    def fresh_record(self) -> dict[str, Any]:
        """The fields every new record starts with: a new id, this stamp and this device."""
        return {"id": new_id(), "created_at": self.at, "hlc": self.hlc, "device_id": self.device_id}


class WriteBatch:
    """One vault transaction: stamps records and logs each change for sync."""

    def __init__(self, db: Database, clock: HlcClock) -> None:
        self.db = db
        self._clock = clock
        self.changes: list[Change] = []

    def stamp(self) -> Stamp:
        return Stamp(at=datetime.now(UTC), hlc=self._clock.now(), device_id=self._clock.device)

    def changed(
        self, kind: RecordKind, record_id: UUID, action: ChangeAction, hlc: HlcStamp
    ) -> None:
        self.db.execute(
            "INSERT INTO change_log (hlc, kind, record_id, action) VALUES (?, ?, ?, ?)",
            (hlc.encode(), kind.value, str(record_id), action.value),
        )
        self.changes.append(Change(kind=kind, id=record_id, action=action))


class Vault:
    """The open vault. Feature operations take it as their first argument."""

    def __init__(
        self,
        folder: Path,
        header: VaultHeader,
        vault_key: bytes,
        db: Database,
        device_id: str,
        session_lock: SessionLock,
        *,
        header_trusted: bool = True,
        warnings: tuple[str, ...] = (),
        opened_by: str | None = None,
        failed_unlocks_at: tuple[float, ...] = (),
    ) -> None:
        self.folder = folder
        self.header = header
        self.header_trusted = header_trusted
        self.db = db
        self.device_id = device_id
        self.clock = HlcClock(device_id)
        self.warnings = warnings
        # Whose password opened it (None: the recovery key, or a new vault); governance maps
        # this to a user, and audits the wrong attempts made before it.
        self.opened_by = opened_by
        self.failed_unlocks_at = failed_unlocks_at
        self._key = bytearray(vault_key)
        # Runs on lock(), on garbage collection and at interpreter exit: a vault left open by
        # an unhandled error must not look like a copy that lost its write-ahead log.
        self._closer = weakref.finalize(self, close_session, db, session_lock)

    @property
    def vault_id(self) -> UUID:
        return self.header.vault_id

    @property
    def is_locked(self) -> bool:
        return not self._key

    @property
    def key(self) -> bytes:
        if self.is_locked:
            raise VaultLocked()
        return bytes(self._key)

    @contextlib.contextmanager
    def write(self) -> Iterator[WriteBatch]:
        if self.is_locked:
            raise VaultLocked()
        batch = WriteBatch(self.db, self.clock)
        with self.db.transaction():
            yield batch

    def replace_header(self, header: VaultHeader) -> VaultHeader:
        """Seal and store a changed header (new or removed key slots)."""
        if not self.header_trusted:
            # Sealing it now would make someone else's edit look like Attune's own.
            raise KeySlotRefused(
                "vault.json was changed outside Attune, so passwords cannot be changed until "
                "it is restored from a backup."
            )
        sealed = header.sealed(self.key)
        write_header(self.folder, sealed)
        self.header = sealed
        return sealed

    def lock(self) -> None:
        """Mark the session closed, fold the write-ahead log in, close, and forget the key."""
        if self.is_locked:
            return
        try:
            self._closer()
        finally:
            self._key[:] = bytes(len(self._key))  # best effort: Python may hold other copies
            self._key = bytearray()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()


def close_session(db: Database, session_lock: SessionLock | None = None) -> None:
    """Record a clean close inside vault.db, fold the write-ahead log in, and close.

    The 'open' mark in vault.db plus a missing vault.db-wal is how a copy that lost its
    log is recognised, so every ordinary close must clear the mark first. Restarting the
    log before writing the mark lets the mark reuse the log's space even on a full disk.
    """
    try:
        with contextlib.suppress(VfappError):
            db.pragma("wal_checkpoint(RESTART)")
        with contextlib.suppress(VfappError), db.transaction():
            db.execute("UPDATE meta SET value = 'closed' WHERE key = 'session_state'")
        with contextlib.suppress(VfappError):
            db.pragma("wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
        if session_lock is not None:
            session_lock.release()
