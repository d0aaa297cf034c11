"""Check a whole vault without changing it: header copies, SQLCipher pages, every chunk's seal."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import ChunkDamaged, VaultDatabaseDamaged, VfappError
from vfapp.domain.models import Recording, RecordingStatus
from vfapp.vault.database import DB_NAME, Database, wal_path
from vfapp.vault.header import HEADER_NAME, MIRROR_NAME
from vfapp.vault.lifecycle import SecretKind, UnlockedKey, find_key
from vfapp.vault.media_reader import chunk_layout_damage
from vfapp.vault.recordings import select_recordings
from vfapp.vault.sealing import ChunkSealer


class Problem(BaseModel):
    """One thing found wrong, named so a person can find it."""

    model_config = ConfigDict(frozen=True)

    area: str  # "key file", "database" or "recording"
    message: str
    recording_id: UUID | None = None
    seq: int | None = None


class VerifyReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    problems: tuple[Problem, ...]
    notes: tuple[str, ...]
    recordings_checked: int
    chunks_checked: int
    bytes_checked: int

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_vault(
    folder: Path,
    secret: str,
    *,
    kind: SecretKind = SecretKind.PASSWORD,
    user: str | None = None,
    clock: Callable[[], float] = time.time,
) -> VerifyReport:
    """Everything that is damaged, named; raises only when the secret is wrong."""
    unlocked = find_key(folder, kind, secret, user=user, clock=clock)
    checker = _Checker(folder, unlocked)
    checker.check_header()
    checker.check_database()
    return checker.report()


class _Checker:
    def __init__(self, folder: Path, unlocked: UnlockedKey) -> None:
        self.folder = folder
        self.unlocked = unlocked
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.recordings = self.chunks = self.bytes = 0

    def problem(self, area: str, message: str, **where: object) -> None:
        self.problems.append(Problem(area=area, message=message, **where))

    def report(self) -> VerifyReport:
        return VerifyReport(
            problems=tuple(self.problems),
            notes=tuple(self.notes),
            recordings_checked=self.recordings,
            chunks_checked=self.chunks,
            bytes_checked=self.bytes,
        )

    def check_header(self) -> None:
        copies, key = self.unlocked.copies, self.unlocked.key
        for name, header, trouble in (
            (HEADER_NAME, copies.primary, copies.primary_problem),
            (MIRROR_NAME, copies.mirror, copies.mirror_problem),
        ):
            if trouble:
                self.problem("key file", f"{name} is damaged: {trouble}")
            elif header is not None and not header.mac_is_valid(key):
                self.problem("key file", f"{name} was changed outside Attune.")
        primary, mirror = copies.primary, copies.mirror
        if (
            primary is not None
            and mirror is not None
            and primary != mirror
            and primary.mac_is_valid(key)
            and mirror.mac_is_valid(key)
        ):
            self.problem(
                "key file",
                f"{HEADER_NAME} and {MIRROR_NAME} differ (a password change was cut "
                "short); unlocking the vault once repairs this.",
            )

    def check_database(self) -> None:
        path = self.folder / DB_NAME
        if not path.exists():
            self.problem("database", f"{DB_NAME} is missing from the vault folder.")
            return
        wal_present = wal_path(path).exists()
        try:
            db = Database(path, self.unlocked.key, self.unlocked.header.database, read_only=True)
        except VaultDatabaseDamaged as error:
            self.problem("database", str(error))
            return
        try:
            self._check_pages(db)
            self._check_session(db, wal_present)
            self._check_recordings(db)
        finally:
            db.close()

    def _check_pages(self, db: Database) -> None:
        try:
            failures = [str(row[0]) for row in db.pragma("cipher_integrity_check")]
        except VfappError:
            self.problem("database", f"{DB_NAME} cannot be checked page by page.")
            return
        for text in failures:
            self.problem("database", f"{DB_NAME}: {text}")
        if failures:
            # The structural check cannot read past a page that fails its HMAC; it would only
            # repeat these failures as noise, so it runs on a vault whose pages all verify.
            return
        for (text,) in db.pragma("integrity_check"):
            if text != "ok":
                self.problem("database", f"{DB_NAME} structure: {text}")

    def _check_session(self, db: Database, wal_present: bool) -> None:
        try:
            meta = dict(db.query("SELECT key, value FROM meta"))
        except VfappError:
            self.problem("database", "its settings table cannot be read.")
            return
        if meta.get("vault_id") != str(self.unlocked.header.vault_id):
            self.problem("database", f"{DB_NAME} belongs to a different vault than vault.json.")
        if meta.get("session_state") == "open" and not wal_present:
            self.problem(
                "database",
                f"{DB_NAME} was copied without vault.db-wal while the vault was open; changes "
                f"saved after {meta.get('session_opened_at', 'it was opened')} are missing.",
            )

    def _check_recordings(self, db: Database) -> None:
        try:
            recordings = select_recordings(db, "", ())
            keyed = {
                str(r[0]): bytes(r[1])
                for r in db.query("SELECT recording_id, key FROM recording_keys")
            }
            owners = {str(r[0]) for r in db.query("SELECT DISTINCT recording_id FROM media_chunks")}
        except VfappError:
            self.problem("database", "the list of recordings cannot be read.")
            return
        for orphan in sorted(owners - {str(r.id) for r in recordings}):
            self.problem("recording", f"Parts of a deleted or unknown recording {orphan} remain.")
        for recording in recordings:
            self.recordings += 1
            key = keyed.get(str(recording.id))
            if key is None:
                self.problem(
                    "recording",
                    f"Recording {recording.id} has lost its key, so it cannot be played.",
                    recording_id=recording.id,
                )
                continue
            self._check_chunks(db, recording, ChunkSealer(recording.id, key))

    def _check_chunks(self, db: Database, recording: Recording, sealer: ChunkSealer) -> None:
        where = str(recording.id)
        try:
            rows = [
                (int(s), bool(f), int(n))
                for s, f, n in db.query(
                    "SELECT seq, is_final, plain_size FROM media_chunks "
                    "WHERE recording_id = ? ORDER BY seq",
                    (where,),
                )
            ]
        except VfappError:
            self.problem("recording", f"Recording {where}: its parts cannot be listed.")
            return
        _, layout = chunk_layout_damage(recording, rows)
        if layout is not None:
            self._damaged(layout)
        if recording.status is RecordingStatus.RECORDING:
            self.notes.append(
                f"Recording {where} is still being recorded, or its recorder stopped "
                "unexpectedly; it plays up to its last saved part."
            )
        for seq, final, size in rows:
            self.chunks += 1
            try:
                row = db.query_one(
                    "SELECT data FROM media_chunks WHERE recording_id = ? AND seq = ?", (where, seq)
                )
                plaintext = sealer.open(seq, final, bytes(row[0]) if row else b"")
            except ChunkDamaged as error:
                self._damaged(error)
                continue
            except VfappError:
                self._damaged(ChunkDamaged(recording.id, seq, "it cannot be read from vault.db"))
                continue
            if len(plaintext) != size:
                self._damaged(ChunkDamaged(recording.id, seq, "its size does not match the index"))
            self.bytes += len(plaintext)

    def _damaged(self, error: ChunkDamaged) -> None:
        self.problem("recording", str(error), recording_id=error.recording_id, seq=error.seq)
