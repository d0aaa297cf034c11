"""Governed uses of a film: find the family a film belongs to, then check and audit the use."""

from __future__ import annotations

from uuid import UUID

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


def start_filming(actor: Actor, action: Action, family: Family) -> None:
    """Check and audit filming (or importing a film) for a family."""
    if family.case_code == CHECKS_FAMILY:
        actor.authorize(action, record_kind="family", record_id=family.id)
    else:
        actor.authorize(action, family_id=family.id, record_kind="family", record_id=family.id)
