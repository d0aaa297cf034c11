"""A visit's review plan: the SQL that writes and reads its moments (one transaction per change)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import ValidationError

from vfapp.domain.changes import ChangeAction, RecordKind
from vfapp.domain.errors import NotFound
from vfapp.domain.review import PlanMoment
from vfapp.vault.casework import SYNC_COLUMNS, invalid_input, sync_fields, sync_values
from vfapp.vault.database import Database
from vfapp.vault.session import WriteBatch

_FIELDS = (
    "visit_id",
    "position",
    "recording_id",
    "start_ms",
    "end_ms",
    "title",
    "question",
    "still_id",
)
_COLUMNS = f"{SYNC_COLUMNS}, {', '.join(_FIELDS)}"


def insert_moment(batch: WriteBatch, **fields: Any) -> PlanMoment:
    """Add a moment at the end of its visit's plan (fields as on `PlanMoment`, without the
    sync fields and the position)."""
    stamp = batch.stamp()
    position = _next_position(batch.db, fields["visit_id"])
    try:
        moment = PlanMoment(**stamp.fresh_record(), position=position, **fields)
    except ValidationError as error:
        raise invalid_input(error) from None
    batch.db.execute(
        f"INSERT INTO plan_moments ({_COLUMNS}) VALUES ({', '.join('?' * 13)})",
        (*sync_values(moment), *_values(moment)),
    )
    batch.changed(RecordKind.PLAN_MOMENT, moment.id, ChangeAction.CREATED, stamp.hlc)
    return moment


def update_moment_row(batch: WriteBatch, moment: PlanMoment, changes: dict[str, Any]) -> PlanMoment:
    """Write a moment's changed fields (or its deleted flag) in the batch's transaction."""
    stamp = batch.stamp()
    try:
        changed = PlanMoment.model_validate(
            {**moment.model_dump(), **changes, "hlc": stamp.hlc, "device_id": stamp.device_id}
        )
    except ValidationError as error:
        raise invalid_input(error) from None
    settings = ", ".join(f"{name} = ?" for name in _FIELDS)
    batch.db.execute(
        f"UPDATE plan_moments SET {settings}, hlc = ?, device_id = ?, deleted = ? WHERE id = ?",
        (*_values(changed), stamp.hlc.encode(), stamp.device_id, int(changed.deleted),
         str(moment.id)),
    )  # fmt: skip
    action = ChangeAction.DELETED if changed.deleted else ChangeAction.UPDATED
    batch.changed(RecordKind.PLAN_MOMENT, moment.id, action, stamp.hlc)
    return changed


def find_moment(db: Database, moment_id: UUID) -> PlanMoment | None:
    """A moment by id, removed or not (a removed one can be restored)."""
    row = db.query_one(f"SELECT {_COLUMNS} FROM plan_moments WHERE id = ?", (str(moment_id),))
    return None if row is None else _moment(row)


def get_moment(db: Database, moment_id: UUID) -> PlanMoment:
    moment = find_moment(db, moment_id)
    if moment is None:
        raise NotFound("moment", str(moment_id))
    return moment


def list_moment_rows(db: Database, visit_id: UUID) -> list[PlanMoment]:
    """A visit's moments in the order they will be shown."""
    rows = db.query(
        f"SELECT {_COLUMNS} FROM plan_moments WHERE visit_id = ? AND deleted = 0 "
        "ORDER BY position, id",
        (str(visit_id),),
    )
    return [_moment(row) for row in rows]


def remove_film_moments(batch: WriteBatch, recording_id: UUID) -> int:
    """Remove every moment (in any visit's plan) that shows a film being deleted: a moment's
    title and question are about the family, so they go with the film."""
    rows = batch.db.query(
        "SELECT id FROM plan_moments WHERE recording_id = ?", (str(recording_id),)
    )
    batch.db.execute("DELETE FROM plan_moments WHERE recording_id = ?", (str(recording_id),))
    stamp = batch.stamp()
    for (moment_id,) in rows:
        batch.changed(RecordKind.PLAN_MOMENT, UUID(moment_id), ChangeAction.DELETED, stamp.hlc)
    return len(rows)


def _next_position(db: Database, visit_id: UUID) -> int:
    # After removed ones too, so that restoring a removed moment puts it back before this one.
    row = db.query_one(
        "SELECT max(position) FROM plan_moments WHERE visit_id = ?", (str(visit_id),)
    )
    return 0 if row is None or row[0] is None else int(row[0]) + 1


def _values(moment: PlanMoment) -> tuple[Any, ...]:
    return (
        str(moment.visit_id),
        moment.position,
        str(moment.recording_id),
        moment.start_ms,
        moment.end_ms,
        moment.title,
        moment.question,
        None if moment.still_id is None else str(moment.still_id),
    )


def _moment(row: tuple[Any, ...]) -> PlanMoment:
    return PlanMoment(
        **sync_fields(row),
        visit_id=UUID(row[5]),
        position=row[6],
        recording_id=UUID(row[7]),
        start_ms=row[8],
        end_ms=row[9],
        title=row[10],
        question=row[11],
        still_id=None if row[12] is None else UUID(row[12]),
    )
