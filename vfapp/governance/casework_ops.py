"""Families and visits as a signed-in user changes and reads them: checked and audited."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from vfapp.domain.models import Family, Visit, VisitActivity, VisitPlace
from vfapp.governance.actor import Actor
from vfapp.governance.policy import Action
from vfapp.vault import casework


def add_family(actor: Actor, case_code: str, display_name: str | None = None) -> Family:
    actor.authorize(Action.EDIT_CASEWORK, log=False)
    family = casework.add_family(actor.vault, case_code, display_name).value
    _audit(actor, "family", family.id, family.id, "family added")
    return family


def rename_family(actor: Actor, family_id: UUID, display_name: str | None) -> Family:
    actor.authorize(Action.EDIT_CASEWORK, log=False)
    family = casework.update_family(actor.vault, family_id, display_name).value
    _audit(actor, "family", family.id, family.id, "display name changed")
    return family


def close_family(actor: Actor, family_id: UUID, on: date | None) -> Family:
    """Record the day the team's involvement ended (None: open again); retention counts
    from it."""
    actor.authorize(Action.EDIT_CASEWORK, log=False)
    family = casework.close_family(actor.vault, family_id, on).value
    _audit(actor, "family", family.id, family.id, "reopened" if on is None else f"closed {on}")
    return family


def add_visit(
    actor: Actor,
    family_id: UUID,
    visited_on: date,
    place: VisitPlace = VisitPlace.HOME,
    activity: VisitActivity = VisitActivity.PLAY,
) -> Visit:
    actor.authorize(Action.EDIT_CASEWORK, log=False)
    visit = casework.add_visit(actor.vault, family_id, visited_on, place, activity).value
    _audit(actor, "visit", visit.id, family_id, "visit added")
    return visit


def change_visit(
    actor: Actor, visit_id: UUID, visited_on: date, place: VisitPlace, activity: VisitActivity
) -> Visit:
    actor.authorize(Action.EDIT_CASEWORK, log=False)
    visit = casework.update_visit(actor.vault, visit_id, visited_on, place, activity).value
    _audit(actor, "visit", visit.id, visit.family_id, "visit changed")
    return visit


def families(actor: Actor) -> list[Family]:
    actor.authorize(Action.VIEW_CASEWORK, detail="families")
    return casework.list_families(actor.vault)


def visits(actor: Actor, family_id: UUID | None = None) -> list[Visit]:
    actor.authorize(Action.VIEW_CASEWORK, family_id=family_id, detail="visits")
    return casework.list_visits(actor.vault, family_id)


def family_of_visit(actor: Actor, visit_id: UUID) -> Family:
    """The family a visit was with (checked as seeing casework, not audited on its own)."""
    actor.authorize(Action.VIEW_CASEWORK, log=False)
    visit = casework.get_visit(actor.vault, visit_id)
    return casework.get_family(actor.vault, visit.family_id)


def _audit(actor: Actor, kind: str, record_id: UUID, family_id: UUID, detail: str) -> None:
    actor.audit(
        Action.EDIT_CASEWORK,
        record_kind=kind,
        record_id=record_id,
        family_id=family_id,
        detail=detail,
    )
