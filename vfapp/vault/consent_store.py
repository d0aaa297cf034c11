"""Consent events as rows: appended, never changed (the table's triggers refuse edits)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from vfapp.domain.changes import ChangeAction, RecordKind
from vfapp.domain.governance import (
    ConsentEvent,
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
)
from vfapp.vault.casework import SYNC_COLUMNS, sync_fields, sync_values
from vfapp.vault.database import Database
from vfapp.vault.session import WriteBatch

_OWN = (
    "family_id, tier, kind, effective_at, given_by, relationship, method, recorded_by, "
    "expires_on, note"
)


def append_consent_event(batch: WriteBatch, event: ConsentEvent) -> ConsentEvent:
    """Add one event inside the caller's transaction (there is no update or delete)."""
    batch.db.execute(
        f"INSERT INTO consent_events ({SYNC_COLUMNS}, {_OWN}) VALUES ({', '.join('?' * 15)})",
        (
            *sync_values(event),
            str(event.family_id),
            event.tier.value,
            event.kind.value,
            event.effective_at.isoformat(),
            event.given_by,
            event.relationship.value,
            event.method.value,
            str(event.recorded_by),
            None if event.expires_on is None else event.expires_on.isoformat(),
            event.note,
        ),
    )
    batch.changed(RecordKind.CONSENT_EVENT, event.id, ChangeAction.CREATED, event.hlc)
    return event


def family_consent_events(db: Database, family_id: UUID) -> list[ConsentEvent]:
    """A family's events in the order they took effect (ties: the order they were made).

    Sorted on the parsed times as well, so that times written with different UTC offsets
    (e.g. by another device) still come in the right order."""
    rows = db.query(
        f"SELECT {SYNC_COLUMNS}, {_OWN} FROM consent_events "
        "WHERE family_id = ? AND deleted = 0 ORDER BY effective_at, hlc",
        (str(family_id),),
    )
    return sorted((_event(r) for r in rows), key=event_order)


def event_order(event: ConsentEvent) -> tuple[datetime, tuple[int, int, str]]:
    """When an event took effect, then its clock stamp: the order the ledger is read in."""
    return (event.effective_at, event.hlc.sort_key())


def _event(row: tuple[Any, ...]) -> ConsentEvent:
    return ConsentEvent(
        **sync_fields(row),
        family_id=UUID(row[5]),
        tier=ConsentTier(row[6]),
        kind=ConsentEventKind(row[7]),
        effective_at=datetime.fromisoformat(row[8]),
        given_by=row[9],
        relationship=Relationship(row[10]),
        method=ConsentMethod(row[11]),
        recorded_by=UUID(row[12]),
        expires_on=None if row[13] is None else date.fromisoformat(row[13]),
        note=row[14],
    )
