"""Markers as a signed-in user changes them: a short note on a moment marked while filming.

Writing about a film is part of filming it, so it needs what filming needs (the RECORD
permission and the family's filming consent); the note and its audit event share one
transaction. The audit records that a note changed, never its words.
"""

from __future__ import annotations

from uuid import UUID

from vfapp.domain.models import Marker
from vfapp.governance.actor import Actor
from vfapp.governance.gates import family_of_recording
from vfapp.governance.policy import Action
from vfapp.vault.marker_notes import get_marker, set_marker_note
from vfapp.vault.markers import add_marker, list_markers


def add(
    actor: Actor,
    recording_id: UUID,
    at_ms: int,
    *,
    lookback_ms: int = 0,
    code: str | None = None,
) -> Marker:
    """Mark a moment of a film being made (a code, or a look-back over the last seconds)."""
    family = family_of_recording(actor, recording_id)
    actor.authorize(Action.RECORD, family_id=family.id, log=False)
    marker = add_marker(actor.vault, recording_id, at_ms, lookback_ms=lookback_ms, code=code).value
    actor.audit(
        Action.RECORD,
        record_kind="marker",
        record_id=marker.id,
        family_id=family.id,
        detail=f"marker {code or 'uncoded'}",
    )
    return marker


def set_note(actor: Actor, marker_id: UUID, note: str | None) -> Marker:
    """Give a marker a short note (None or blank: remove it)."""
    marker = get_marker(actor.vault, marker_id)
    family = family_of_recording(actor, marker.recording_id)
    actor.authorize(
        Action.RECORD, family_id=family.id, record_kind="marker", record_id=marker.id, log=False
    )
    with actor.vault.write() as batch:
        changed = set_marker_note(batch, marker, note)
        actor.audit(
            Action.RECORD,
            record_kind="marker",
            record_id=marker.id,
            family_id=family.id,
            detail="marker note removed" if changed.note is None else "marker note written",
            db=batch.db,
        )
    return changed


def markers(actor: Actor, recording_id: UUID) -> list[Marker]:
    """A film's markers, for the person who is filming (no audit: not a use of the film)."""
    family = family_of_recording(actor, recording_id)
    actor.authorize(Action.RECORD, family_id=family.id, log=False)
    return list_markers(actor.vault, recording_id)
