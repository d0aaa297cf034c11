"""The audit trail's rows: events, each device's signed chain head, and this device's key.

Hashing and signing are governance's (`vfapp.governance.audit`); this module only stores.
Functions taking a `Database` run inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, ValidationError

from vfapp.domain.governance import AuditEvent, AuditOutcome
from vfapp.vault.database import Database

_COLUMNS = (
    "device_id, seq, at, user_id, action, outcome, record_kind, record_id, family_id, detail, "
    "prev_hash, hash"
)


class AuditHead(BaseModel):
    """The last event of a device's chain, as that device signed it."""

    model_config = ConfigDict(frozen=True)

    device_id: str
    seq: int
    hash: str
    signature: bytes
    public_key: bytes


class SigningKey(BaseModel):
    model_config = ConfigDict(frozen=True)

    private_key: bytes
    public_key: bytes


def load_signing_key(db: Database, device_id: str) -> SigningKey | None:
    row = db.query_one(
        "SELECT private_key, public_key FROM device_keys WHERE device_id = ?", (device_id,)
    )
    return None if row is None else SigningKey(private_key=row[0], public_key=row[1])


def save_signing_key(db: Database, device_id: str, key: SigningKey) -> None:
    db.execute(
        "INSERT INTO device_keys (device_id, private_key, public_key, created_at) "
        "VALUES (?, ?, ?, ?)",
        (device_id, key.private_key, key.public_key, datetime.now(UTC).isoformat()),
    )


def last_event(db: Database, device_id: str) -> AuditEvent | None:
    row = db.query_one(
        f"SELECT {_COLUMNS} FROM audit_events WHERE device_id = ? ORDER BY seq DESC LIMIT 1",
        (device_id,),
    )
    return None if row is None else _event(row)


def insert_event(db: Database, event: AuditEvent) -> None:
    db.execute(
        f"INSERT INTO audit_events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.device_id,
            event.seq,
            event.at.isoformat(),
            _text(event.user_id),
            event.action,
            event.outcome.value,
            event.record_kind,
            _text(event.record_id),
            _text(event.family_id),
            event.detail,
            event.prev_hash,
            event.hash,
        ),
    )


def save_head(db: Database, head: AuditHead) -> None:
    db.execute(
        "INSERT INTO audit_heads (device_id, seq, hash, signature, public_key) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
        "seq = excluded.seq, hash = excluded.hash, signature = excluded.signature, "
        "public_key = excluded.public_key",
        (head.device_id, head.seq, head.hash, head.signature, head.public_key),
    )


def load_heads(db: Database) -> list[AuditHead]:
    rows = db.query("SELECT device_id, seq, hash, signature, public_key FROM audit_heads")
    return [
        AuditHead(device_id=r[0], seq=r[1], hash=r[2], signature=r[3], public_key=r[4])
        for r in rows
    ]


def device_ids(db: Database) -> list[str]:
    """Every device with events, a head or a signing key, so that a chain whose rows all
    vanished still shows."""
    rows = db.query(
        "SELECT device_id FROM audit_events UNION SELECT device_id FROM audit_heads "
        "UNION SELECT device_id FROM device_keys ORDER BY 1"
    )
    return [str(r[0]) for r in rows]


def chain_rows(db: Database, device_id: str) -> list[AuditEvent]:
    """A device's events in the order they are stored (rowid), which is the order written."""
    rows = db.query(
        f"SELECT {_COLUMNS} FROM audit_events WHERE device_id = ? ORDER BY rowid", (device_id,)
    )
    return [_event(r) for r in rows]


class StoredEvent(BaseModel):
    """One stored row of a chain: the event, or why it cannot be read (never an exception)."""

    model_config = ConfigDict(frozen=True)

    rowid: int
    device_id: str
    seq: int | None  # None when the stored number is not a whole number
    at: datetime | None  # None when the stored time cannot be read
    event: AuditEvent | None
    problem: str | None = None


class StoredHead(BaseModel):
    """A device's signed head as stored: the head, or why it cannot be read."""

    model_config = ConfigDict(frozen=True)

    device_id: str
    head: AuditHead | None
    problem: str | None = None


def read_chain(db: Database, device_id: str) -> list[StoredEvent]:
    """A device's rows in stored (rowid) order, each parsed if it can be."""
    rows = db.query(
        f"SELECT rowid, {_COLUMNS} FROM audit_events WHERE device_id = ? ORDER BY rowid",
        (device_id,),
    )
    return [_stored(r) for r in rows]


def select_rows(db: Database, family_ids: set[UUID] | None = None) -> list[StoredEvent]:
    """Rows for a report, every device's, optionally only those about the given families."""
    sql = f"SELECT rowid, {_COLUMNS} FROM audit_events"
    params: tuple[str, ...] = ()
    if family_ids is not None:
        if not family_ids:
            return []
        params = tuple(sorted(str(f) for f in family_ids))
        sql += f" WHERE family_id IN ({', '.join('?' for _ in params)})"
    return [_stored(r) for r in db.query(f"{sql} ORDER BY device_id, rowid", params)]


def read_head(db: Database, device_id: str) -> StoredHead | None:
    """A device's signed head, None when there is none."""
    row = db.query_one(
        "SELECT device_id, seq, hash, signature, public_key FROM audit_heads WHERE device_id = ?",
        (device_id,),
    )
    if row is None:
        return None
    try:
        head = AuditHead(
            device_id=row[0], seq=row[1], hash=row[2], signature=row[3], public_key=row[4]
        )
    except ValidationError as error:
        where = " ".join(str(p) for p in error.errors()[0]["loc"]) or "a value"
        return StoredHead(device_id=device_id, head=None, problem=f"its {where} is not valid")
    return StoredHead(device_id=device_id, head=head)


def chain_tip(db: Database, device_id: str) -> tuple[int, str] | None:
    """The highest-numbered event's number and hash, read without parsing the rest of it."""
    row = db.query_one(
        "SELECT seq, hash FROM audit_events WHERE device_id = ? AND typeof(seq) = 'integer' "
        "ORDER BY seq DESC LIMIT 1",
        (device_id,),
    )
    return None if row is None else (int(row[0]), str(row[1]))


def family_codes(db: Database) -> dict[UUID, str]:
    """Every family's case code, removed families included (the trail still names them)."""
    codes: dict[UUID, str] = {}
    for family_id, code in db.query("SELECT id, case_code FROM families"):
        try:
            codes[UUID(str(family_id))] = str(code)
        except ValueError:
            continue
    return codes


def _text(value: UUID | None) -> str | None:
    return None if value is None else str(value)


def _event(row: tuple[Any, ...]) -> AuditEvent:
    return AuditEvent(
        device_id=row[0],
        seq=row[1],
        at=datetime.fromisoformat(row[2]),
        user_id=None if row[3] is None else UUID(row[3]),
        action=row[4],
        outcome=AuditOutcome(row[5]),
        record_kind=row[6],
        record_id=None if row[7] is None else UUID(row[7]),
        family_id=None if row[8] is None else UUID(row[8]),
        detail=row[9],
        prev_hash=row[10],
        hash=row[11],
    )


def _stored(row: tuple[Any, ...]) -> StoredEvent:
    rowid, fields = int(row[0]), row[1:]
    seq = fields[1] if type(fields[1]) is int else None
    try:
        at: datetime | None = datetime.fromisoformat(fields[2])
    except (TypeError, ValueError):
        at = None
    try:
        event = _event(fields)
    except (TypeError, ValueError, AttributeError) as error:  # ValidationError is a ValueError
        return StoredEvent(
            rowid=rowid,
            device_id=str(fields[0]),
            seq=seq,
            at=at,
            event=None,
            problem=_unreadable(fields, error),
        )
    return StoredEvent(rowid=rowid, device_id=event.device_id, seq=seq, at=at, event=event)


_PARSERS: tuple[tuple[int, str, Callable[[Any], object], bool], ...] = (
    (1, "number", int, False),
    (2, "time", datetime.fromisoformat, False),
    (3, "user id", UUID, True),
    (5, "outcome", AuditOutcome, False),
    (7, "record id", UUID, True),
    (8, "family id", UUID, True),
)


def _unreadable(fields: tuple[Any, ...], error: Exception) -> str:
    """Which stored value could not be read, in plain words."""
    for index, label, parse, optional in _PARSERS:
        value = fields[index]
        if value is None and optional:
            continue
        try:
            if index == 1 and type(value) is not int:
                raise TypeError
            parse(value)
        except (TypeError, ValueError, AttributeError):
            return f"its {label} ({_show(value)}) is not valid"
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = " ".join(str(part) for part in first["loc"]).replace("_", " ") or "a value"
        return f"its {where} is not valid ({first['msg'].lower()})"
    return f"it is not a readable event ({type(error).__name__})"


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."
