"""Recording consent: re-consent, changes, withdrawals that must have something to withdraw,
plain refusals of bad input, names kept out of the audit trail, and rows that never change."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID

import pytest

from tests.unit.governance.conftest import FakeClock
from vfapp.domain.errors import InvalidInput, NotFound, NotPermitted, VaultWriteFailed
from vfapp.domain.governance import (
    AuditOutcome,
    ConsentEvent,
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
    Role,
    TierState,
)
from vfapp.governance import consent
from vfapp.governance.actor import Actor
from vfapp.vault import audit_store
from vfapp.vault.consent_store import family_consent_events

FILMING, TRAINING = ConsentTier.FILMING, ConsentTier.TRAINING


def give(
    actor: Actor,
    family: UUID,
    *tiers: ConsentTier,
    by: str = "Jo Parent",
    expires_on: date | None = None,
    **extra: object,
) -> tuple[ConsentEvent, ...]:
    return consent.record_consent(
        actor,
        family,
        tiers,
        ConsentEventKind.GIVEN,
        given_by=by,
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
        expires_on=expires_on,
        **extra,  # type: ignore[arg-type]
    ).value


def withdraw(actor: Actor, family: UUID, *tiers: ConsentTier, **extra: object) -> None:
    consent.withdraw_consent(
        actor,
        family,
        tiers,
        "Jo Parent",
        Relationship.PARENT,
        ConsentMethod.WRITTEN,
        **extra,  # type: ignore[arg-type]
    )


def state(actor: Actor, family: UUID, tier: ConsentTier) -> TierState:
    return {s.tier: s for s in consent.family_state(actor, family)}[tier]


def test_a_new_form_while_in_force_replaces_the_terms(admin: Actor, family: UUID) -> None:
    give(admin, family, FILMING, expires_on=date(2027, 4, 1))
    give(admin, family, FILMING, by="Sam Carer")  # the other parent signs a form, no expiry
    now = state(admin, family, FILMING)
    assert (now.in_force, now.given_by, now.expires_on) == (True, "Sam Carer", None)
    assert len(family_consent_events(admin.vault.db, family)) == 2


def test_a_change_moves_the_expiry_of_consent_in_force(
    admin: Actor, family: UUID, clock: FakeClock
) -> None:
    give(admin, family, FILMING, TRAINING, expires_on=date(2027, 3, 10))
    consent.change_consent(
        admin,
        family,
        [TRAINING],
        date(2027, 6, 30),
        "Jo Parent",
        Relationship.PARENT,
        ConsentMethod.VERBAL,
    )
    clock.advance(days=20)
    assert not state(admin, family, FILMING).in_force
    training = state(admin, family, TRAINING)
    assert training.in_force and training.expires_on == date(2027, 6, 30)
    with pytest.raises(InvalidInput, match=r"^The change cannot be recorded: .*ended on 10 March"):
        consent.change_consent(
            admin, family, [FILMING], None, "Jo", Relationship.PARENT, ConsentMethod.WRITTEN
        )


@pytest.mark.parametrize("history", ["never given", "withdrawn", "expired"])
def test_only_consent_in_force_can_be_withdrawn(
    admin: Actor, family: UUID, clock: FakeClock, history: str
) -> None:
    if history == "withdrawn":
        give(admin, family, TRAINING)
        withdraw(admin, family, TRAINING)
    elif history == "expired":
        give(admin, family, TRAINING, expires_on=date(2027, 3, 2))
        clock.advance(days=2)
    give(admin, family, FILMING)
    before = family_consent_events(admin.vault.db, family)
    with pytest.raises(InvalidInput) as caught:
        withdraw(admin, family, FILMING, TRAINING)  # filming is in force; training is not
    words = consent.TIER_WORDS[TRAINING]
    expected = {
        "never given": f"the family has not given consent to {words}",
        "withdrawn": f"the family withdrew consent to {words} on 1 March 2027",
        "expired": f"the family's consent to {words} ended on 2 March 2027",
    }[history]
    assert str(caught.value) == f"The withdrawal cannot be recorded: {expected}."
    assert family_consent_events(admin.vault.db, family) == before  # nothing half-done
    assert state(admin, family, FILMING).in_force


def test_a_withdrawal_may_be_dated_back_to_when_it_was_said(
    admin: Actor, family: UUID, clock: FakeClock
) -> None:
    give(admin, family, FILMING)
    said = clock.now + timedelta(days=5)
    clock.advance(days=10)
    withdraw(admin, family, FILMING, effective_at=said)
    now = state(admin, family, FILMING)
    assert not now.in_force and now.withdrawn_at == said
    with pytest.raises(InvalidInput, match=r"has not given consent .* \(as of 27 February 2027\)"):
        withdraw(admin, family, FILMING, effective_at=clock.now - timedelta(days=12))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tiers": ()}, "The consent must name at least one tier (for example filming)."),
        ({"by": "   "}, "The name of the person giving or withdrawing consent is missing."),
        ({"by": ""}, "The name of the person giving or withdrawing consent is missing."),
        ({"by": "x" * 81}, "is longer than 80 characters."),
        ({"note": "n" * 501}, "The note is longer than 500 characters."),
        ({"expires_on": date(2027, 2, 28)}, "The expiry (2027-02-28) is before the consent"),
        ({"days_ahead": 1}, "The date (2027-03-02) is in the future; record consent on or after"),
    ],
)
def test_bad_input_is_refused_in_one_plain_sentence(
    admin: Actor, family: UUID, clock: FakeClock, change: dict[str, object], message: str
) -> None:
    tiers: tuple[ConsentTier, ...] = change.pop("tiers", (FILMING,))  # type: ignore[assignment]
    if "days_ahead" in change:
        change["effective_at"] = clock.now + timedelta(days=change.pop("days_ahead"))  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as caught:
        give(admin, family, *tiers, **change)  # type: ignore[arg-type]
    assert message in str(caught.value)
    assert family_consent_events(admin.vault.db, family) == []


def test_a_withdrawal_carries_no_expiry(admin: Actor, family: UUID) -> None:
    give(admin, family, FILMING)
    with pytest.raises(InvalidInput, match=r"^The expiry does not apply to a withdrawal\.$"):
        consent.record_consent(
            admin,
            family,
            [FILMING],
            ConsentEventKind.WITHDRAWN,
            given_by="Jo",
            relationship=Relationship.PARENT,
            method=ConsentMethod.WRITTEN,
            expires_on=date(2027, 5, 1),
        )


def test_an_unknown_family_is_not_found(admin: Actor) -> None:
    with pytest.raises(NotFound):
        give(admin, UUID(int=7), FILMING)


def test_names_and_notes_stay_out_of_the_audit_trail(admin: Actor, family: UUID) -> None:
    made = give(admin, family, FILMING, TRAINING, by="Jo Zyxwv", note="signed at the clinic")
    withdraw(admin, family, TRAINING, note="said on the phone")
    history = consent.consent_history(admin, family)
    assert [e.given_by for e in history] == ["Jo Zyxwv", "Jo Zyxwv", "Jo Parent"]
    events = audit_store.chain_rows(admin.vault.db, admin.vault.device_id)
    text = json.dumps([e.model_dump(mode="json") for e in events])
    for secret in ("Zyxwv", "Jo Parent", "clinic", "phone"):
        assert secret not in text
    recorded = [(e.action, e.record_id, e.detail) for e in events if e.record_kind]
    assert recorded[:2] == [
        ("consent.record", made[0].id, "given: filming, written"),
        ("consent.record", made[1].id, "given: training, written"),
    ]
    assert recorded[2][0::2] == ("consent.withdraw", "withdrawn: training, written")
    assert recorded[3] == ("consent.view", family, None)


def test_a_supervisor_cannot_record_consent_and_is_audited(
    as_role: Callable[[Role], Actor], family: UUID
) -> None:
    supervisor = as_role(Role.SUPERVISOR)
    with pytest.raises(NotPermitted, match="cannot record consent"):
        give(supervisor, family, FILMING)
    last = audit_store.last_event(supervisor.vault.db, supervisor.vault.device_id)
    assert last is not None and (last.action, last.outcome) == (
        "consent.record",
        AuditOutcome.REFUSED,
    )
    practitioner = as_role(Role.PRACTITIONER)
    (event,) = give(practitioner, family, FILMING)
    assert event.recorded_by == practitioner.user.id


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE consent_events SET kind = 'given'",
        "UPDATE consent_events SET expires_on = NULL",
        "UPDATE consent_events SET given_by = 'someone else'",
        "UPDATE consent_events SET deleted = 1",
        "DELETE FROM consent_events",
    ],
)
def test_the_database_refuses_to_change_or_remove_events(
    admin: Actor, family: UUID, statement: str
) -> None:
    give(admin, family, FILMING, expires_on=date(2027, 5, 1))
    withdraw(admin, family, FILMING)
    before = family_consent_events(admin.vault.db, family)
    refused = pytest.raises(VaultWriteFailed, match="the database refused the change")
    with refused, admin.vault.write() as batch:
        batch.db.execute(statement)
    assert family_consent_events(admin.vault.db, family) == before
