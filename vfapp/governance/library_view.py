"""What the library screen lists, read in one go: families with the consent tiers in force,
and a family's visits with each visit's recordings (duration, status, marker count).

Each listing is checked and audited once (`Action.VIEW_CASEWORK`), like `casework_ops`."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.governance import ConsentEvent, ConsentTier, TierState
from vfapp.domain.models import (
    Family,
    Recording,
    RecordingStatus,
    Visit,
    VisitActivity,
    VisitPlace,
)
from vfapp.governance.actor import Actor
from vfapp.governance.consent import derive_tier
from vfapp.governance.policy import Action
from vfapp.vault import casework
from vfapp.vault.consent_store import family_consent_events
from vfapp.vault.markers import list_markers
from vfapp.vault.recordings import list_recordings


class FamilyRow(BaseModel):
    """One family on the caseload, with the consent tiers in force today."""

    model_config = ConfigDict(frozen=True)

    id: UUID
    case_code: str
    display_name: str | None = None
    closed_on: date | None = None
    consent: tuple[TierState, ...] = ()  # every tier, in ConsentTier order

    @property
    def closed(self) -> bool:
        return self.closed_on is not None

    @property
    def tiers_in_force(self) -> tuple[ConsentTier, ...]:
        return tuple(state.tier for state in self.consent if state.in_force)


class RecordingRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: UUID
    started_at: datetime
    duration_s: float | None  # None while it is still being written
    status: RecordingStatus
    markers: int


class VisitRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: UUID
    family_id: UUID
    visited_on: date
    place: VisitPlace
    activity: VisitActivity
    recordings: tuple[RecordingRow, ...] = ()


def family_rows(actor: Actor) -> list[FamilyRow]:
    """Every family (open and closed), by case code, with its consent today."""
    actor.authorize(Action.VIEW_CASEWORK, detail="families")
    now = actor.clock()
    rows = [
        _family_row(family, family_consent_events(actor.vault.db, family.id), now)
        for family in casework.list_families(actor.vault)
    ]
    return sorted(rows, key=lambda row: row.case_code.casefold())


def family_row(actor: Actor, family_id: UUID) -> FamilyRow:
    """One family as `family_rows` shows it."""
    actor.authorize(Action.VIEW_CASEWORK, family_id=family_id, detail="family")
    family = casework.get_family(actor.vault, family_id)
    return _family_row(family, family_consent_events(actor.vault.db, family_id), actor.clock())


def visit_rows(actor: Actor, family_id: UUID) -> list[VisitRow]:
    """The family's visits, newest first, each with its recordings in the order filmed."""
    actor.authorize(Action.VIEW_CASEWORK, family_id=family_id, detail="visits and films")
    casework.get_family(actor.vault, family_id)  # NotFound, in words, for a wrong id
    rows = [
        VisitRow(
            id=visit.id,
            family_id=visit.family_id,
            visited_on=visit.visited_on,
            place=visit.place,
            activity=visit.activity,
            recordings=_recording_rows(actor, visit),
        )
        for visit in casework.list_visits(actor.vault, family_id)
    ]
    return sorted(rows, key=lambda row: (row.visited_on, row.id), reverse=True)


def _family_row(family: Family, events: list[ConsentEvent], now: datetime) -> FamilyRow:
    return FamilyRow(
        id=family.id,
        case_code=family.case_code,
        display_name=family.display_name,
        closed_on=family.closed_on,
        consent=tuple(derive_tier(events, tier, now) for tier in ConsentTier),
    )


def _recording_rows(actor: Actor, visit: Visit) -> tuple[RecordingRow, ...]:
    films = sorted(list_recordings(actor.vault, visit.id), key=lambda r: r.started_at)
    return tuple(_recording_row(actor, film) for film in films)


def _recording_row(actor: Actor, film: Recording) -> RecordingRow:
    ended = film.ended_at
    return RecordingRow(
        id=film.id,
        started_at=film.started_at,
        duration_s=None if ended is None else max(0.0, (ended - film.started_at).total_seconds()),
        status=film.status,
        markers=len(list_markers(actor.vault, film.id)),
    )
