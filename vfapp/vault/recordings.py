"""Recording records and their keys: begin, finish, recover, list and crypto-shred."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.changes import ChangeAction, OpResult, RecordKind
from vfapp.domain.errors import InvalidInput, NotFound, VfappError
from vfapp.domain.models import Recording, RecordingOrigin, RecordingStatus
from vfapp.vault import plan_store, still_store
from vfapp.vault.casework import SYNC_COLUMNS, get_visit, sync_fields, sync_values
from vfapp.vault.database import Database
from vfapp.vault.sealing import new_recording_key
from vfapp.vault.session import Vault, WriteBatch

_COLUMNS = (
    f"{SYNC_COLUMNS}, visit_id, status, media_type, started_at, ended_at, byte_size, "
    "chunk_count, rotation, origin, imported_name"
)


class RecordingDeleted(BaseModel):
    """What deleting a recording destroyed and gave back."""

    model_config = ConfigDict(frozen=True)

    recording_id: UUID
    chunks_removed: int
    bytes_reclaimed: int


def begin_recording(
    vault: Vault,
    visit_id: UUID,
    media_type: str = "video/mp4",
    *,
    origin: RecordingOrigin = RecordingOrigin.CAMERA,
    rotation: int = 0,
    imported_name: str | None = None,
) -> OpResult[Recording]:
    """Create a recording in status `recording`, with a fresh random key of its own."""
    get_visit(vault, visit_id)
    with vault.write() as batch:
        stamp = batch.stamp()
        recording = Recording(
            **stamp.fresh_record(),
            visit_id=visit_id,
            status=RecordingStatus.RECORDING,
            media_type=media_type,
            started_at=stamp.at,
            origin=origin,
            rotation=rotation,
            imported_name=imported_name,
        )
        batch.db.execute(
            f"INSERT INTO recordings ({_COLUMNS}) VALUES ({', '.join('?' * 15)})",
            (*sync_values(recording), *_own_values(recording)),
        )
        batch.db.execute(
            "INSERT INTO recording_keys (recording_id, key) VALUES (?, ?)",
            (str(recording.id), new_recording_key()),
        )
        batch.changed(RecordKind.RECORDING, recording.id, ChangeAction.CREATED, stamp.hlc)
    return OpResult(value=recording, changes=tuple(batch.changes))


def close_recording(batch: WriteBatch, recording: Recording, status: RecordingStatus) -> Recording:
    """Inside the caller's transaction: set the final status and totals from the chunks."""
    chunks, size = batch.db.query_one(
        "SELECT count(*), coalesce(sum(plain_size), 0) FROM media_chunks WHERE recording_id = ?",
        (str(recording.id),),
    ) or (0, 0)
    stamp = batch.stamp()
    closed = recording.model_copy(
        update={
            "status": status,
            "ended_at": recording.ended_at or stamp.at,
            "byte_size": int(size),
            "chunk_count": int(chunks),
            "hlc": stamp.hlc,
            "device_id": stamp.device_id,
        }
    )
    batch.db.execute(
        "UPDATE recordings SET status = ?, ended_at = ?, byte_size = ?, chunk_count = ?, "
        "hlc = ?, device_id = ? WHERE id = ?",
        (
            status.value,
            closed.ended_at.isoformat() if closed.ended_at else None,
            closed.byte_size,
            closed.chunk_count,
            stamp.hlc.encode(),
            stamp.device_id,
            str(recording.id),
        ),
    )
    batch.changed(RecordKind.RECORDING, recording.id, ChangeAction.UPDATED, stamp.hlc)
    return closed


def mark_recovered(vault: Vault, recording_id: UUID) -> OpResult[Recording]:
    """A recording whose writer died: keep what was committed and let it play to there."""
    recording = get_recording(vault, recording_id)
    with vault.write() as batch:
        closed = close_recording(batch, recording, RecordingStatus.RECOVERED)
    return OpResult(value=closed, changes=tuple(batch.changes))


class Interrupted(BaseModel):
    """What opening the vault did with recordings whose writer died."""

    model_config = ConfigDict(frozen=True)

    recovered: tuple[Recording, ...] = ()  # films from the camera, kept up to their last save
    removed_imports: tuple[Recording, ...] = ()  # imports, all or nothing: shredded

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(unfinished_import_warning(r) for r in self.removed_imports)


def unfinished_import_warning(recording: Recording) -> str:
    name = recording.imported_name or "a video file"
    return (
        f"The import of {name} (started {recording.started_at:%Y-%m-%d %H:%M} UTC) did not "
        f"finish, so what it had brought in has been removed. Import {name} again."
    )


def recover_interrupted(vault: Vault) -> Interrupted:
    """Recordings whose writer died: a camera's film is kept up to what was committed and
    marked recovered; an import is all or nothing, so a part-imported file is crypto-shredded
    (the file it came from still exists and can simply be imported again).

    Only safe while no writer can be alive: the caller holds the vault's session lock.
    """
    interrupted = select_recordings(vault.db, "AND status = ?", (RecordingStatus.RECORDING.value,))
    recovered, removed = [], []
    for recording in interrupted:
        if recording.origin is RecordingOrigin.IMPORT:
            delete_recording(vault, recording.id)
            removed.append(recording)
        else:
            recovered.append(mark_recovered(vault, recording.id).value)
    return Interrupted(recovered=tuple(recovered), removed_imports=tuple(removed))


def get_recording(vault: Vault, recording_id: UUID) -> Recording:
    found = select_recordings(vault.db, "AND id = ?", (str(recording_id),))
    if not found:
        raise NotFound("recording", str(recording_id))
    return found[0]


def find_recording(vault: Vault, text: str) -> Recording:
    """A recording by its id, or by 8+ characters from its end (the random part: ids made
    in the same minute share their beginning) or from its beginning, if only one matches."""
    text = text.strip().lower().replace("%", "").replace("_", "")
    if len(text) < 8:
        raise InvalidInput("recording id", "needs at least 8 of its characters")
    found = select_recordings(vault.db, "AND (id LIKE ? OR id LIKE ?)", (f"%{text}", f"{text}%"))
    if len(found) != 1:
        raise NotFound("recording" if not found else "single recording matching", text)
    return found[0]


def list_recordings(vault: Vault, visit_id: UUID | None = None) -> list[Recording]:
    if visit_id is None:
        return select_recordings(vault.db, "", ())
    return select_recordings(vault.db, "AND visit_id = ?", (str(visit_id),))


def recording_key(vault: Vault, recording_id: UUID) -> bytes:
    row = vault.db.query_one(
        "SELECT key FROM recording_keys WHERE recording_id = ?", (str(recording_id),)
    )
    if row is None:
        raise NotFound("key for recording", str(recording_id))
    return bytes(row[0])


def delete_recording(
    vault: Vault,
    recording_id: UUID,
    *,
    with_it: Callable[[WriteBatch], object] | None = None,
) -> OpResult[RecordingDeleted]:
    """Destroy the recording's key and chunks, clear its markers' notes, remove its stills
    and the plan moments that show it, leave a tombstone, and give the space back. `with_it`
    writes more (a deletion record, an audit event) in the same transaction, so the deletion
    and its record stand or fall together."""
    recording = get_recording(vault, recording_id)
    before = _vault_bytes(vault)
    with vault.write() as batch:
        batch.db.execute("DELETE FROM recording_keys WHERE recording_id = ?", (str(recording.id),))
        batch.db.execute("DELETE FROM frame_indexes WHERE recording_id = ?", (str(recording.id),))
        removed = batch.db.execute(
            "DELETE FROM media_chunks WHERE recording_id = ?", (str(recording.id),)
        )
        stamp = batch.stamp()
        markers = batch.db.query(
            "SELECT id FROM markers WHERE recording_id = ? AND deleted = 0", (str(recording.id),)
        )
        # A marker's note and code are about the family: they go with the film.
        batch.db.execute(
            "UPDATE markers SET note = NULL, code = NULL, deleted = 1, hlc = ?, device_id = ? "
            "WHERE recording_id = ?",
            (stamp.hlc.encode(), stamp.device_id, str(recording.id)),
        )
        for (marker_id,) in markers:
            batch.changed(RecordKind.MARKER, UUID(marker_id), ChangeAction.DELETED, stamp.hlc)
        # Its stills (sealed under its key) and the plan moments that show it go with it;
        # moments first, since they may name a still.
        plan_store.remove_film_moments(batch, recording.id)
        still_store.remove_film_stills(batch, recording.id)
        batch.db.execute(
            "UPDATE recordings SET deleted = 1, hlc = ?, device_id = ? WHERE id = ?",
            (stamp.hlc.encode(), stamp.device_id, str(recording.id)),
        )
        batch.changed(RecordKind.RECORDING, recording.id, ChangeAction.DELETED, stamp.hlc)
        if with_it is not None:
            with_it(batch)
    # The deletion is committed; giving the space back is best effort (a full disk may stop it).
    with contextlib.suppress(VfappError):
        vault.db.pragma("incremental_vacuum")
        # Fold the log in and truncate it, so no old page holding the key lingers there.
        vault.db.pragma("wal_checkpoint(TRUNCATE)")
    result = RecordingDeleted(
        recording_id=recording.id,
        chunks_removed=removed,
        bytes_reclaimed=max(0, before - _vault_bytes(vault)),
    )
    return OpResult(value=result, changes=tuple(batch.changes))


def _vault_bytes(vault: Vault) -> int:
    row = vault.db.query_one("PRAGMA page_count")
    return int(row[0]) * vault.db.cipher.page_size if row else 0


def _own_values(recording: Recording) -> tuple[Any, ...]:
    return (
        str(recording.visit_id),
        recording.status.value,
        recording.media_type,
        recording.started_at.isoformat(),
        recording.ended_at.isoformat() if recording.ended_at else None,
        recording.byte_size,
        recording.chunk_count,
        recording.rotation,
        recording.origin.value,
        recording.imported_name,
    )


def select_recordings(db: Database, condition: str, params: tuple[str, ...]) -> list[Recording]:
    """Live recordings matching an extra SQL condition (e.g. "AND id = ?")."""
    rows = db.query(
        f"SELECT {_COLUMNS} FROM recordings WHERE deleted = 0 {condition} ORDER BY id", params
    )
    return [
        Recording(
            **sync_fields(row),
            visit_id=UUID(row[5]),
            status=RecordingStatus(row[6]),
            media_type=row[7],
            started_at=datetime.fromisoformat(row[8]),
            ended_at=datetime.fromisoformat(row[9]) if row[9] else None,
            byte_size=row[10],
            chunk_count=row[11],
            rotation=row[12],
            origin=RecordingOrigin(row[13]),
            imported_name=row[14],
        )
        for row in rows
    ]
