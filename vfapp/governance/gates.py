"""Governed uses of a film: find the family a film belongs to, then check and audit the use."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import NotFound
from vfapp.domain.models import Family
from vfapp.governance.actor import Actor
from vfapp.governance.policy import Action
from vfapp.vault import casework
from vfapp.vault.recordings import get_recording

# The family `vfapp record` files equipment checks under when no family is named: it is
# nobody's case, so filming consent does not apply (the check is still audited).
CHECKS_FAMILY = "TEST-RECORDINGS"


def family_of_recording(actor: Actor, recording_id: UUID) -> Family:
    recording = get_recording(actor.vault, recording_id)
    visit = casework.get_visit(actor.vault, recording.visit_id)
    return casework.get_family(actor.vault, visit.family_id)


def use_film(actor: Actor, action: Action, recording_id: UUID) -> Family:
    """Check and audit one use of a film (watch, still, export...) by the family's consent."""
    family = family_of_recording(actor, recording_id)
    actor.authorize(action, family_id=family.id, record_kind="recording", record_id=recording_id)
    return family


class FilmingPlace(BaseModel):
    """Where a new film goes: the family, today's visit, and whether it is an equipment check."""

    model_config = ConfigDict(frozen=True)

    family: Family
    visit_id: UUID
    equipment_check: bool


def start_filming(actor: Actor, action: Action, case_code: str | None, on: date) -> FilmingPlace:
    """Check (and audit) filming or importing for a family, then find or make the day's visit.
    Without a family it is an equipment check: filed under CHECKS_FAMILY, no family's consent
    applies, and retention deletes it within days. Nothing is created before the check."""
    vault = actor.vault
    if case_code is None or case_code == CHECKS_FAMILY:
        actor.authorize(action, detail="equipment check")
        try:
            family = casework.find_family(vault, CHECKS_FAMILY)
        except NotFound:
            family = casework.add_family(vault, CHECKS_FAMILY, "Equipment checks").value
    else:
        family = casework.find_family(vault, case_code)
        actor.authorize(action, family_id=family.id, record_kind="family", record_id=family.id)
    visits = [v.id for v in casework.list_visits(vault, family.id) if v.visited_on == on]
    visit_id = visits[0] if visits else casework.add_visit(vault, family.id, on).value.id
    return FilmingPlace(
        family=family, visit_id=visit_id, equipment_check=family.case_code == CHECKS_FAMILY
    )
