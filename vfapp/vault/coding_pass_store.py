"""Coding passes: the SQL that starts, finishes and finds each person's own coding of a film."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from vfapp.domain.agreement import CodingPass, PassStatus
from vfapp.domain.changes import ChangeAction, RecordKind
from vfapp.domain.errors import NotFound
from vfapp.vault.casework import SYNC_COLUMNS, sync_fields, sync_values
from vfapp.vault.database import Database
from vfapp.vault.session import WriteBatch

_FIELDS = ("recording_id", "coder_id", "blind", "status", "finished_at")
_COLUMNS = f"{SYNC_COLUMNS}, {', '.join(_FIELDS)}"


def insert_pass(
    batch: WriteBatch, recording_id: UUID, coder_id: UUID, *, blind: bool
) -> CodingPass:
    """Open a coding pass in the batch's transaction."""
    stamp = batch.stamp()
    made = CodingPass(
        **stamp.fresh_record(), recording_id=recording_id, coder_id=coder_id, blind=blind
    )
    batch.db.execute(
        f"INSERT INTO coding_passes ({_COLUMNS}) VALUES ({', '.join('?' * 10)})",
        (*sync_values(made), *_values(made)),
    )
    batch.changed(RecordKind.CODING_PASS, made.id, ChangeAction.CREATED, stamp.hlc)
    return made


def finish_pass_row(batch: WriteBatch, coding: CodingPass, at: datetime) -> CodingPass:
    """Mark a pass finished, at `at`, in the batch's transaction."""
    stamp = batch.stamp()
    done = coding.model_copy(
        update={
            "status": PassStatus.FINISHED,
            "finished_at": at,
            "hlc": stamp.hlc,
            "device_id": stamp.device_id,
        }
    )
    batch.db.execute(
        "UPDATE coding_passes SET status = ?, finished_at = ?, hlc = ?, device_id = ? WHERE id = ?",
        (done.status.value, at.isoformat(), stamp.hlc.encode(), stamp.device_id, str(done.id)),
    )
    batch.changed(RecordKind.CODING_PASS, done.id, ChangeAction.UPDATED, stamp.hlc)
    return done


def find_pass(db: Database, pass_id: UUID) -> CodingPass | None:
    row = db.query_one(
        f"SELECT {_COLUMNS} FROM coding_passes WHERE id = ? AND deleted = 0", (str(pass_id),)
    )
    return None if row is None else _pass(row)


def get_pass(db: Database, pass_id: UUID) -> CodingPass:
    found = find_pass(db, pass_id)
    if found is None:
        raise NotFound("coding pass", str(pass_id))
    return found


def pass_of(db: Database, recording_id: UUID, coder_id: UUID) -> CodingPass | None:
    """This person's coding pass of the film, open or finished, if they have one."""
    row = db.query_one(
        f"SELECT {_COLUMNS} FROM coding_passes WHERE recording_id = ? AND coder_id = ? "
        "AND deleted = 0",
        (str(recording_id), str(coder_id)),
    )
    return None if row is None else _pass(row)


def passes_of(db: Database, recording_id: UUID) -> list[CodingPass]:
    """A film's coding passes, oldest first."""
    rows = db.query(
        f"SELECT {_COLUMNS} FROM coding_passes WHERE recording_id = ? AND deleted = 0 "
        "ORDER BY created_at, id",
        (str(recording_id),),
    )
    return [_pass(row) for row in rows]


def _values(coding: CodingPass) -> tuple[Any, ...]:
    return (
        str(coding.recording_id),
        str(coding.coder_id),
        int(coding.blind),
        coding.status.value,
        None if coding.finished_at is None else coding.finished_at.isoformat(),
    )


def _pass(row: tuple[Any, ...]) -> CodingPass:
    return CodingPass(
        **sync_fields(row),
        recording_id=UUID(row[5]),
        coder_id=UUID(row[6]),
        blind=bool(row[7]),
        status=PassStatus(row[8]),
        finished_at=None if row[9] is None else datetime.fromisoformat(row[9]),
    )
