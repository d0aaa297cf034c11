"""Retention's rows: the policy per artefact kind, the deletion records, and the films with the
facts their retention clock needs. Functions taking a `Database` run in the caller's
transaction."""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import VfappError
from vfapp.domain.governance import (
    ArtefactKind,
    DeletionReason,
    DeletionRecord,
    RetentionPolicy,
)
from vfapp.vault.database import Database


class FilmFacts(BaseModel):
    """A stored film and what decides when it must go."""

    model_config = ConfigDict(frozen=True)

    recording_id: UUID
    family_id: UUID
    case_code: str
    started_at: datetime
    family_closed_on: date | None


def stored_policies(db: Database) -> dict[ArtefactKind, RetentionPolicy]:
    rows = db.query("SELECT kind, keep_days, updated_at, updated_by FROM retention_policies")
    return {
        ArtefactKind(r[0]): RetentionPolicy(
            kind=ArtefactKind(r[0]),
            keep_days=r[1],
            updated_at=None if r[2] is None else datetime.fromisoformat(r[2]),
            updated_by=None if r[3] is None else UUID(r[3]),
        )
        for r in rows
    }


def save_policy(db: Database, policy: RetentionPolicy) -> None:
    db.execute(
        "INSERT INTO retention_policies (kind, keep_days, updated_at, updated_by) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (kind) DO UPDATE SET keep_days = excluded.keep_days, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        (
            policy.kind.value,
            policy.keep_days,
            None if policy.updated_at is None else policy.updated_at.isoformat(),
            None if policy.updated_by is None else str(policy.updated_by),
        ),
    )


def stored_films(db: Database) -> list[FilmFacts]:
    """Every film still in the vault (not one being recorded right now)."""
    rows = db.query(
        "SELECT r.id, f.id, f.case_code, r.started_at, f.closed_on FROM recordings r "
        "JOIN visits v ON v.id = r.visit_id JOIN families f ON f.id = v.family_id "
        "WHERE r.deleted = 0 AND r.status != 'recording' ORDER BY r.started_at"
    )
    return [
        FilmFacts(
            recording_id=UUID(r[0]),
            family_id=UUID(r[1]),
            case_code=r[2],
            started_at=datetime.fromisoformat(r[3]),
            family_closed_on=None if r[4] is None else date.fromisoformat(r[4]),
        )
        for r in rows
    ]


def insert_deletion(db: Database, record: DeletionRecord) -> None:
    db.execute(
        "INSERT INTO deletion_records (id, artefact_kind, artefact_id, family_id, reason, rule, "
        "deleted_at, deleted_by, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            str(record.id),
            record.artefact_kind.value,
            str(record.artefact_id),
            None if record.family_id is None else str(record.family_id),
            record.reason.value,
            record.rule,
            record.deleted_at.isoformat(),
            None if record.deleted_by is None else str(record.deleted_by),
            record.device_id,
        ),
    )


def deletion_records(db: Database) -> list[DeletionRecord]:
    rows = db.query(
        "SELECT id, artefact_kind, artefact_id, family_id, reason, rule, deleted_at, "
        "deleted_by, device_id FROM deletion_records ORDER BY deleted_at"
    )
    return [_deletion(r) for r in rows]


def _deletion(r: tuple[Any, ...]) -> DeletionRecord:
    return DeletionRecord(
        id=UUID(r[0]),
        artefact_kind=ArtefactKind(r[1]),
        artefact_id=UUID(r[2]),
        family_id=None if r[3] is None else UUID(r[3]),
        reason=DeletionReason(r[4]),
        rule=r[5],
        deleted_at=datetime.fromisoformat(r[6]),
        deleted_by=None if r[7] is None else UUID(r[7]),
        device_id=r[8],
    )


def fold_log(db: Database) -> None:
    """Checkpoint and truncate the write-ahead log (best effort on a full disk)."""
    with contextlib.suppress(VfappError):
        db.pragma("wal_checkpoint(TRUNCATE)")
