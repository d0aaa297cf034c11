"""One table of synced records (the sync columns, then a model's fields): the SQL every such
store shares to add, change, find and list its records, each write logged for sync."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any, Generic, TypeVar
from uuid import UUID

from pydantic import ValidationError

from vfapp.domain.changes import ChangeAction, RecordKind
from vfapp.domain.errors import NotFound
from vfapp.domain.models import Record
from vfapp.vault.casework import SYNC_COLUMNS, invalid_input, sync_fields, sync_values
from vfapp.vault.database import Database
from vfapp.vault.session import WriteBatch

R = TypeVar("R", bound=Record)


class RecordTable(Generic[R]):
    """A table's name, its model, the fields after the sync columns, and its sync kind."""

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


def insert(batch: WriteBatch, table: RecordTable[R], **fields: Any) -> R:
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


def update(batch: WriteBatch, table: RecordTable[R], record: R, changes: dict[str, Any]) -> R:
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


def find(db: Database, table: RecordTable[R], record_id: UUID) -> R | None:
    """A record by id, deleted or not (a deleted one can be restored)."""
    row = db.query_one(f"SELECT {table.columns} FROM {table.name} WHERE id = ?", (str(record_id),))
    return None if row is None else table.record(row)


def get(db: Database, table: RecordTable[R], record_id: UUID, *, what: str) -> R:
    """A live record by id; NotFound (naming `what`) if there is none, or it was deleted."""
    record = find(db, table, record_id)
    if record is None or record.deleted:
        raise NotFound(what, str(record_id))
    return record


def select(
    db: Database,
    table: RecordTable[R],
    where: str,
    params: tuple[Any, ...],
    order: str = "created_at, id",
) -> list[R]:
    """The live records that match `where`, in `order`."""
    rows = db.query(
        f"SELECT {table.columns} FROM {table.name} WHERE deleted = 0 AND {where} ORDER BY {order}",
        params,
    )
    return [table.record(row) for row in rows]


def _to_sql(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Enum):
        return value.value
    return value
