"""Supervision records: the SQL for comments, sign-offs, supervision sessions and films of
shared reviews (each write in the caller's transaction, logged for sync)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Generic, TypeVar
from uuid import UUID

from pydantic import ValidationError

from vfapp.domain.changes import ChangeAction, RecordKind
from vfapp.domain.errors import NotFound
from vfapp.domain.models import Record
from vfapp.domain.supervision import Comment, SharedReviewFilm, SignOff, SupervisionSession
from vfapp.vault.casework import SYNC_COLUMNS, invalid_input, sync_fields, sync_values
from vfapp.vault.database import Database
from vfapp.vault.session import WriteBatch

R = TypeVar("R", bound=Record)


class _Table(Generic[R]):
    """One table of records: its name, model, fields after the sync columns, and sync kind."""

    def __init__(
        self, name: str, model: type[R], fields: tuple[str, ...], kind: RecordKind
    ) -> None:
        self.name, self.model, self.fields, self.kind = name, model, fields, kind
        self.columns = f"{SYNC_COLUMNS}, {', '.join(fields)}"

    def values(self, record: Record) -> tuple[Any, ...]:
        return tuple(_to_sql(getattr(record, field)) for field in self.fields)

    def record(self, row: tuple[Any, ...]) -> R:
        given = dict(zip(self.fields, row[5:], strict=True))
        return self.model.model_validate(sync_fields(row) | given)


COMMENTS: _Table[Comment] = _Table(
    "comments",
    Comment,
    ("visit_id", "recording_id", "target_kind", "target_id", "at_ms", "parent_id",
     "author_id", "body", "resolved"),
    RecordKind.COMMENT,
)  # fmt: skip
SIGN_OFFS: _Table[SignOff] = _Table(
    "sign_offs",
    SignOff,
    ("visit_id", "guider_id", "supervisor_id", "signed_on", "note"),
    RecordKind.SIGN_OFF,
)
SESSIONS: _Table[SupervisionSession] = _Table(
    "supervision_sessions",
    SupervisionSession,
    ("guider_id", "supervisor_id", "held_on", "minutes", "note"),
    RecordKind.SUPERVISION_SESSION,
)


def insert(batch: WriteBatch, table: _Table[R], **fields: Any) -> R:
    stamp = batch.stamp()
    try:
        record = table.model(**stamp.fresh_record(), **fields)
    except ValidationError as error:
        raise invalid_input(error) from None
    marks = ", ".join("?" * (5 + len(table.fields)))
    batch.db.execute(
        f"INSERT INTO {table.name} ({table.columns}) VALUES ({marks})",
        (*sync_values(record), *table.values(record)),
    )
    batch.changed(table.kind, record.id, ChangeAction.CREATED, stamp.hlc)
    return record


def update(batch: WriteBatch, table: _Table[R], record: R, changes: dict[str, Any]) -> R:
    stamp = batch.stamp()
    try:
        changed = type(record).model_validate(
            {**record.model_dump(), **changes, "hlc": stamp.hlc, "device_id": stamp.device_id}
        )
    except ValidationError as error:
        raise invalid_input(error) from None
    settings = ", ".join(f"{name} = ?" for name in table.fields)
    batch.db.execute(
        f"UPDATE {table.name} SET {settings}, hlc = ?, device_id = ?, deleted = ? WHERE id = ?",
        (*table.values(changed), stamp.hlc.encode(), stamp.device_id, int(changed.deleted),
         str(record.id)),
    )  # fmt: skip
    action = ChangeAction.DELETED if changed.deleted else ChangeAction.UPDATED
    batch.changed(table.kind, record.id, action, stamp.hlc)
    return changed


def get(db: Database, table: _Table[R], record_id: UUID) -> R:
    row = db.query_one(
        f"SELECT {table.columns} FROM {table.name} WHERE id = ? AND deleted = 0",
        (str(record_id),),
    )
    if row is None:
        raise NotFound(table.name.rstrip("s").replace("_", " "), str(record_id))
    return table.record(row)


def select(db: Database, table: _Table[R], where: str, params: tuple[Any, ...]) -> list[R]:
    rows = db.query(
        f"SELECT {table.columns} FROM {table.name} WHERE deleted = 0 AND {where} "
        "ORDER BY created_at, id",
        params,
    )
    return [table.record(row) for row in rows]


def link_shared_review_film(batch: WriteBatch, film: SharedReviewFilm) -> None:
    batch.db.execute(
        "INSERT OR REPLACE INTO shared_review_films (recording_id, visit_id, moment_ids) "
        "VALUES (?, ?, ?)",
        (str(film.recording_id), str(film.visit_id), json.dumps([str(m) for m in film.moment_ids])),
    )


def shared_review_films(db: Database, visit_id: UUID) -> list[SharedReviewFilm]:
    rows = db.query(
        "SELECT f.recording_id, f.visit_id, f.moment_ids FROM shared_review_films f "
        "JOIN recordings r ON r.id = f.recording_id WHERE f.visit_id = ? AND r.deleted = 0",
        (str(visit_id),),
    )
    return [
        SharedReviewFilm(
            recording_id=UUID(row[0]),
            visit_id=UUID(row[1]),
            moment_ids=tuple(UUID(m) for m in json.loads(row[2])),
        )
        for row in rows
    ]


def _to_sql(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value
