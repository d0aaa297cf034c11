"""A visit's review plan: the SQL that writes and reads its moments (one transaction per change)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from vfapp.domain.changes import ChangeAction, RecordKind
from vfapp.domain.errors import NotFound
from vfapp.domain.review import PlanMoment
from vfapp.vault import record_table as records
from vfapp.vault.database import Database
from vfapp.vault.record_table import RecordTable
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
MOMENTS: RecordTable[PlanMoment] = RecordTable(
    "plan_moments", PlanMoment, _FIELDS, RecordKind.PLAN_MOMENT
)


def insert_moment(batch: WriteBatch, **fields: Any) -> PlanMoment:
    """Add a moment at the end of its visit's plan (fields as on `PlanMoment`, without the
    sync fields and the position)."""
    position = _next_position(batch.db, fields["visit_id"])
    return records.insert(batch, MOMENTS, position=position, **fields)


def update_moment_row(batch: WriteBatch, moment: PlanMoment, changes: dict[str, Any]) -> PlanMoment:
    """Write a moment's changed fields (or its deleted flag) in the batch's transaction."""
    return records.update(batch, MOMENTS, moment, changes)


def find_moment(db: Database, moment_id: UUID) -> PlanMoment | None:
    """A moment by id, removed or not (a removed one can be restored)."""
    return records.find(db, MOMENTS, moment_id)


def get_moment(db: Database, moment_id: UUID) -> PlanMoment:
    moment = find_moment(db, moment_id)
    if moment is None:
        raise NotFound("moment", str(moment_id))
    return moment


def list_moment_rows(db: Database, visit_id: UUID) -> list[PlanMoment]:
    """A visit's moments in the order they will be shown."""
    return records.select(db, MOMENTS, "visit_id = ?", (str(visit_id),), "position, id")


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
