"""The audit trail's rows: events, each device's signed chain head, and this device's key.

Hashing and signing are governance's (`vfapp.governance.audit`); this module only stores.
Functions taking a `Database` run inside the caller's transaction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

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
    """Every device with events or a head, so that a chain whose rows all vanished shows."""
    rows = db.query(
        "SELECT device_id FROM audit_events UNION SELECT device_id FROM audit_heads ORDER BY 1"
    )
    return [str(r[0]) for r in rows]


def chain_rows(db: Database, device_id: str) -> list[AuditEvent]:
    """A device's events in the order they are stored (rowid), which is the order written."""
    rows = db.query(
        f"SELECT {_COLUMNS} FROM audit_events WHERE device_id = ? ORDER BY rowid", (device_id,)
    )
    return [_event(r) for r in rows]


def select_events(
    db: Database, *, family_id: UUID | None = None, since: date | None = None
) -> list[AuditEvent]:
    """Events for a report, oldest first, optionally about one family or from a day on."""
    conditions, params = [], []
    if family_id is not None:
        conditions.append("family_id = ?")
        params.append(str(family_id))
    if since is not None:
        conditions.append("at >= ?")
        params.append(datetime.combine(since, datetime.min.time(), UTC).isoformat())
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    rows = db.query(f"SELECT {_COLUMNS} FROM audit_events {where} ORDER BY at, seq", tuple(params))
    return [_event(r) for r in rows]


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
