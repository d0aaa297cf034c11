"""The library's read model: families with the consent in force, visits newest first with
their films (duration, status, markers), one audited check per listing."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest

from tests.unit.governance.conftest import FakeClock
from vfapp.domain.errors import NotFound
from vfapp.domain.governance import (
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
)
from vfapp.domain.models import RecordingStatus, VisitActivity, VisitPlace
from vfapp.governance import casework_ops, library_view
from vfapp.governance.actor import Actor
from vfapp.governance.consent import record_consent
from vfapp.vault import audit_store
from vfapp.vault.markers import add_marker
from vfapp.vault.recordings import begin_recording, close_recording


def film(actor: Actor, visit_id: UUID, seconds: float, status: RecordingStatus) -> UUID:
    """A recording of `seconds` (no media: the library only lists it)."""
    made = begin_recording(actor.vault, visit_id).value
    ended = made.started_at + timedelta(seconds=seconds)
    with actor.vault.write() as batch:
        close_recording(batch, made.model_copy(update={"ended_at": ended}), status)
    return made.id


def give(actor: Actor, family: UUID, *tiers: ConsentTier, kind: ConsentEventKind) -> None:
    record_consent(
        actor,
        family,
        tiers,
        kind,
        given_by="Jo Parent",
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
    )


def audited_views(actor: Actor) -> list[str]:
    return [
        event.detail or ""
        for event in audit_store.chain_rows(actor.vault.db, actor.vault.device_id)
        if event.action == "casework.view"
    ]


def test_families_show_the_consent_in_force_and_their_status(
    admin: Actor, clock: FakeClock
) -> None:
    b = casework_ops.add_family(admin, "PIP-2", "Bee family")
    a = casework_ops.add_family(admin, "pip-1")
    give(admin, a.id, ConsentTier.FILMING, ConsentTier.SUPERVISION, kind=ConsentEventKind.GIVEN)
    give(admin, a.id, ConsentTier.SUPERVISION, kind=ConsentEventKind.WITHDRAWN)
    casework_ops.close_family(admin, b.id, clock().date())
    before = len(audited_views(admin))

    rows = library_view.family_rows(admin)

    assert [row.case_code for row in rows] == ["pip-1", "PIP-2"]
    assert rows[0].tiers_in_force == (ConsentTier.FILMING,)
    assert [state.tier for state in rows[0].consent] == list(ConsentTier)
    assert not rows[0].closed
    assert (rows[1].display_name, rows[1].closed_on, rows[1].closed) == (
        "Bee family",
        clock().date(),
        True,
    )
    assert rows[1].tiers_in_force == ()
    assert len(audited_views(admin)) == before + 1  # once per listing, not per family


def test_expired_consent_is_not_in_force(admin: Actor, clock: FakeClock) -> None:
    family = casework_ops.add_family(admin, "PIP-3")
    record_consent(
        admin,
        family.id,
        (ConsentTier.FILMING,),
        ConsentEventKind.GIVEN,
        given_by="Jo Parent",
        relationship=Relationship.CARER,
        method=ConsentMethod.VERBAL,
        expires_on=clock().date() + timedelta(days=1),
    )
    assert library_view.family_row(admin, family.id).tiers_in_force == (ConsentTier.FILMING,)
    clock.advance(days=2)
    row = library_view.family_row(admin, family.id)
    assert row.tiers_in_force == ()
    assert row.consent[0].expired


def test_visits_newest_first_with_their_films(admin: Actor) -> None:
    family = casework_ops.add_family(admin, "PIP-4").id
    old = casework_ops.add_visit(admin, family, date(2027, 1, 5), VisitPlace.CLINIC)
    new = casework_ops.add_visit(
        admin, family, date(2027, 2, 9), VisitPlace.CENTRE, VisitActivity.BATH
    )
    first = film(admin, new.id, 125.5, RecordingStatus.COMPLETE)
    second = film(admin, new.id, 30, RecordingStatus.RECOVERED)
    for at_ms in (1000, 5000, 9000):
        add_marker(admin.vault, first, at_ms)
    before = len(audited_views(admin))

    rows = library_view.visit_rows(admin, family)

    assert [row.id for row in rows] == [new.id, old.id]
    assert (rows[0].place, rows[0].activity) == (VisitPlace.CENTRE, VisitActivity.BATH)
    assert [(r.id, r.status, r.markers) for r in rows[0].recordings] == [
        (first, RecordingStatus.COMPLETE, 3),
        (second, RecordingStatus.RECOVERED, 0),
    ]
    assert rows[0].recordings[0].duration_s == pytest.approx(125.5)
    assert rows[1].recordings == ()
    assert audited_views(admin)[before:] == ["visits and films"]


def test_a_film_still_being_written_has_no_duration(admin: Actor) -> None:
    family = casework_ops.add_family(admin, "PIP-5").id
    visit = casework_ops.add_visit(admin, family, date(2027, 2, 1))
    begin_recording(admin.vault, visit.id)
    (row,) = library_view.visit_rows(admin, family)
    assert row.recordings[0].duration_s is None
    assert row.recordings[0].status is RecordingStatus.RECORDING


def test_unknown_family_is_refused_in_words(admin: Actor) -> None:
    with pytest.raises(NotFound):
        library_view.visit_rows(admin, UUID(int=7))
