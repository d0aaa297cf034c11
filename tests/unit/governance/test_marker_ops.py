"""A marker's note: written and cleared by someone who may film for the family, audited
without its words, refused without filming consent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from vfapp.domain.errors import ConsentMissing, InvalidInput, NotFound, NotPermitted
from vfapp.domain.governance import (
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
    Role,
)
from vfapp.governance import consent, marker_ops
from vfapp.governance.actor import Actor
from vfapp.vault import audit_store, casework
from vfapp.vault.markers import add_marker
from vfapp.vault.recordings import begin_recording


def _give(actor: Actor, family: UUID, kind: ConsentEventKind = ConsentEventKind.GIVEN) -> None:
    if kind is ConsentEventKind.WITHDRAWN:
        consent.withdraw_consent(
            actor,
            family,
            (ConsentTier.FILMING,),
            "Jo Parent",
            Relationship.PARENT,
            ConsentMethod.VERBAL,
        )
        return
    consent.record_consent(
        actor,
        family,
        (ConsentTier.FILMING,),
        kind,
        given_by="Jo Parent",
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
    )


@pytest.fixture
def marker_id(admin: Actor, family: UUID) -> UUID:
    _give(admin, family)
    visit = casework.add_visit(admin.vault, family, date(2027, 3, 1)).value
    recording = begin_recording(admin.vault, visit.id).value
    return add_marker(admin.vault, recording.id, 4_000, code="VIG-3").value.id


def test_a_note_is_written_cleared_and_audited_without_its_words(
    admin: Actor, marker_id: UUID
) -> None:
    marked = marker_ops.set_note(admin, marker_id, "  lovely   shared smile ")
    assert (marked.note, marked.code, marked.at_ms) == ("lovely shared smile", "VIG-3", 4_000)
    (stored,) = marker_ops.markers(admin, marked.recording_id)
    assert stored.note == "lovely shared smile"
    event = audit_store.chain_rows(admin.vault.db, admin.vault.device_id)[-1]
    assert (event.record_id, event.detail) == (marker_id, "marker note written")
    assert marker_ops.set_note(admin, marker_id, "   ").note is None
    (stored,) = marker_ops.markers(admin, marked.recording_id)
    assert stored.note is None


def test_a_note_too_long_or_a_missing_marker_is_refused_in_words(
    admin: Actor, marker_id: UUID
) -> None:
    with pytest.raises(InvalidInput, match="note"):
        marker_ops.set_note(admin, marker_id, "x" * 501)
    with pytest.raises(NotFound):
        marker_ops.set_note(admin, UUID(int=1), "where?")


def test_notes_need_filming_consent_and_the_record_permission(
    admin: Actor, marker_id: UUID, family: UUID, as_role: Callable[[Role], Actor]
) -> None:
    with pytest.raises(NotPermitted):
        marker_ops.set_note(as_role(Role.SUPERVISOR), marker_id, "not mine to write")
    _give(admin, family, ConsentEventKind.WITHDRAWN)
    with pytest.raises(ConsentMissing, match="filming"):
        marker_ops.set_note(admin, marker_id, "after withdrawal")
