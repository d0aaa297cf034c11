"""The synced tables as rows: which family each row belongs to, and reading and writing rows
by column name for the sync engine (changes arriving from other devices are not re-logged)."""

from __future__ import annotations

import base64
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from vfapp.vault.database import Database

Row = dict[str, Any]


class TableSpec(BaseModel):
    """How one table syncs.

    record: fields are last-writer-wins by HLC (the note fields keep concurrent versions);
    append: rows are only ever added (consent, audit, deletion records, codebook versions);
    policy: retention rows, the newest `updated_at` wins.
    """

    model_config = ConfigDict(frozen=True)

    name: str
    mode: Literal["record", "append", "policy"]
    key: tuple[str, ...] = ("id",)
    # SQL giving the row's family id from its key (None: the row belongs to the whole team).
    family_sql: str | None = None
    notes: tuple[str, ...] = ()
    # A unique column two devices may fill alike while offline: the later row is renamed.
    unique: str | None = None


_BY_RECORDING = (
    "SELECT v.family_id FROM recordings r JOIN visits v ON v.id = r.visit_id WHERE r.id = "
    "(SELECT recording_id FROM {table} WHERE id = ?)"
)
_BY_VISIT = "SELECT family_id FROM visits WHERE id = (SELECT visit_id FROM {table} WHERE id = ?)"


def _spec(name: str, mode: Literal["record", "append", "policy"], **kw: Any) -> TableSpec:
    if isinstance(kw.get("family_sql"), str):
        kw["family_sql"] = kw["family_sql"].format(table=name)
    return TableSpec(name=name, mode=mode, **kw)


# In the order their records depend on one another (a parent before its children).
TABLES: tuple[TableSpec, ...] = (
    _spec("users", "record", unique="name"),
    _spec("codebooks", "record"),
    _spec("codebook_versions", "append", key=("codebook_id", "version")),
    _spec("retention_policies", "policy", key=("kind",)),
    _spec("families", "record", family_sql="SELECT id FROM families WHERE id = ?",
          unique="case_code"),
    _spec("consent_events", "append",
          family_sql="SELECT family_id FROM consent_events WHERE id = ?", notes=()),
    _spec("visits", "record", family_sql="SELECT family_id FROM visits WHERE id = ?"),
    _spec("recordings", "record", family_sql=_BY_VISIT),
    _spec("shared_review_films", "append", key=("recording_id",), family_sql=(
        "SELECT family_id FROM visits WHERE id = "
        "(SELECT visit_id FROM shared_review_films WHERE recording_id = ?)")),
    _spec("coding_passes", "record", family_sql=_BY_RECORDING),
    _spec("markers", "record", family_sql=_BY_RECORDING, notes=("note",)),
    _spec("stills", "record", family_sql=_BY_RECORDING, notes=("caption",)),
    _spec("tags", "record", family_sql=_BY_RECORDING, notes=("note",)),
    _spec("plan_moments", "record", family_sql=_BY_VISIT),
    _spec("comments", "record", family_sql=_BY_VISIT),
    _spec("sign_offs", "record", family_sql=_BY_VISIT, notes=("note",)),
    _spec("supervision_sessions", "record", notes=("note",)),
    _spec("deletion_records", "append",
          family_sql="SELECT family_id FROM deletion_records WHERE id = ?"),
    _spec("audit_events", "append", key=("device_id", "seq"),
          family_sql="SELECT family_id FROM audit_events WHERE device_id = ? AND seq = ?"),
)  # fmt: skip
SPECS = {spec.name: spec for spec in TABLES}


# Every open vault is migrated to the same schema, so each table's shape is read once per
# process, not once per row (applying 10,000 ops asked SQLite 30,000 times).
_COLUMNS: dict[str, list[str]] = {}
_PARENTS: dict[str, list[tuple[str, str]]] = {}


def columns(db: Database, table: str) -> list[str]:
    if table not in _COLUMNS:
        _COLUMNS[table] = [str(row[1]) for row in db.pragma(f"table_info({SPECS[table].name})")]
    return _COLUMNS[table]


def parents(db: Database, table: str) -> list[tuple[str, str]]:
    """(column, parent table) for each foreign key of the table."""
    if table not in _PARENTS:
        found = db.pragma(f"foreign_key_list({SPECS[table].name})")
        _PARENTS[table] = [(str(r[3]), str(r[2])) for r in found]
    return _PARENTS[table]


def to_wire(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    return value


def from_wire(value: Any) -> Any:
    if isinstance(value, dict) and "$b" in value:
        return base64.b64decode(value["$b"])
    return value


def _where(spec: TableSpec) -> str:
    return " AND ".join(f"{column} = ?" for column in spec.key)


def read_row(db: Database, table: str, key: tuple[Any, ...]) -> Row | None:
    spec = SPECS[table]
    names = columns(db, table)
    row = db.query_one(f"SELECT {', '.join(names)} FROM {spec.name} WHERE {_where(spec)}", key)
    return None if row is None else dict(zip(names, row, strict=True))


def rows_since(db: Database, table: str, hlc: str) -> list[Row]:
    """Record rows stamped after `hlc` (every local change since the last export among them)."""
    names = columns(db, table)
    rows = db.query(f"SELECT {', '.join(names)} FROM {table} WHERE hlc > ? ORDER BY hlc", (hlc,))
    return [dict(zip(names, row, strict=True)) for row in rows]


def rows_after(db: Database, table: str, rowid: int) -> tuple[list[Row], int]:
    """Rows of an append-only or policy table added after `rowid`, and the newest rowid."""
    names = columns(db, table)
    rows = db.query(
        f"SELECT rowid, {', '.join(names)} FROM {table} WHERE rowid > ? ORDER BY rowid", (rowid,)
    )
    last = max((int(r[0]) for r in rows), default=rowid)
    return [dict(zip(names, r[1:], strict=True)) for r in rows], last


def all_rows(db: Database, table: str) -> list[Row]:
    names = columns(db, table)
    rows = db.query(f"SELECT {', '.join(names)} FROM {table}")
    return [dict(zip(names, row, strict=True)) for row in rows]


def family_of(db: Database, table: str, key: tuple[Any, ...]) -> str | None:
    spec = SPECS[table]
    if spec.family_sql is None:
        return None
    row = db.query_one(spec.family_sql, key)
    return None if row is None or row[0] is None else str(row[0])


def insert_row(db: Database, table: str, row: Row) -> None:
    names = list(row)
    db.execute(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        tuple(row[name] for name in names),
    )


def update_row(db: Database, table: str, key: tuple[Any, ...], values: Row) -> None:
    if not values:
        return
    settings = ", ".join(f"{name} = ?" for name in values)
    db.execute(
        f"UPDATE {table} SET {settings} WHERE {_where(SPECS[table])}", (*values.values(), *key)
    )


def exists(db: Database, table: str, column: str, value: Any) -> bool:
    return db.query_one(f"SELECT 1 FROM {table} WHERE {column} = ? LIMIT 1", (value,)) is not None


def live_clash(db: Database, table: str, column: str, value: Any, row_id: str) -> str | None:
    """The id of another live row already using `value` in a unique column, if any."""
    found = db.query_one(
        f"SELECT id FROM {table} WHERE {column} = ? AND deleted = 0 AND id != ?", (value, row_id)
    )
    return None if found is None else str(found[0])
