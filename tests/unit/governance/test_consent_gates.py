"""Every use of a film that needs consent is refused without its tier, allowed with it, and
refused again once the tier expires or is withdrawn; each refusal is in the audit trail."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from uuid import UUID

import pytest

from tests.unit.governance.conftest import FakeClock
from vfapp.domain.errors import ConsentMissing, NotPermitted
from vfapp.domain.governance import (
    AuditEvent,
    AuditOutcome,
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
    Role,
)
from vfapp.governance import consent
from vfapp.governance.actor import Actor
from vfapp.governance.policy import RULES, Action
from vfapp.vault import audit_store, casework

GATED = (
    Action.RECORD,
    Action.IMPORT,
    Action.PLAY,
    Action.SUPERVISE,
    Action.SHOW_FAMILY,
    Action.STILL,
    Action.EXPORT_CASE,
    Action.EXPORT_TRAINING,
    Action.EXPORT_RESEARCH,
    Action.EXPORT_CODES,
    Action.EXPORT_CODES_TRAINING,
    Action.EXPORT_CODES_RESEARCH,
    Action.SYNC,
    Action.TAG,
    Action.PLAN_REVIEW,
    Action.COMMENT,
    Action.SUPERVISE_COMMENT,
    Action.SIGN_OFF,
    Action.PASS_START,
    Action.PASS_FINISH,
    Action.COMPARE_CODINGS,
    Action.SUPERVISE_COMPARE,
)


def give(
    actor: Actor, family: UUID, tiers: Sequence[ConsentTier], expires_on: date | None = None
) -> None:
    consent.record_consent(
        actor,
        family,
        tiers,
        ConsentEventKind.GIVEN,
        given_by="Jo Parent",
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
        expires_on=expires_on,
    )


def withdraw(actor: Actor, family: UUID, tiers: Sequence[ConsentTier]) -> None:
    consent.withdraw_consent(
        actor, family, tiers, "Jo Parent", Relationship.PARENT, ConsentMethod.VERBAL
    )


def trail(actor: Actor) -> list[AuditEvent]:
    return audit_store.chain_rows(actor.vault.db, actor.vault.device_id)


def refused(actor: Actor, action: Action, family: UUID, why: str) -> ConsentMissing:
    """Authorizing is refused with a sentence naming the consent; the refusal is audited."""
    tier = RULES[action].tier
    assert tier is not None
    before = len(trail(actor))
    with pytest.raises(ConsentMissing) as caught:
        actor.authorize(action, family_id=family)
    message = str(caught.value)
    assert message.startswith(f"Cannot {RULES[action].words} for family PIP-0042: ")
    assert re.search(why.format(words=re.escape(consent.TIER_WORDS[tier])), message), message
    assert caught.value.tier == tier.value
    (event,) = trail(actor)[before:]
    assert (event.action, event.outcome, event.family_id) == (
        action.value,
        AuditOutcome.REFUSED,
        family,
    )
    assert event.detail == f"no {tier.value} consent"
    return caught.value


def allowed(actor: Actor, action: Action, family: UUID) -> None:
    assert actor.authorize(action, family_id=family) == RULES[action]
    last = trail(actor)[-1]
    assert (last.action, last.outcome, last.family_id) == (action.value, AuditOutcome.DONE, family)


def test_the_gated_actions_are_those_that_use_films() -> None:
    assert {action for action, rule in RULES.items() if rule.tier is not None} == set(GATED)


@pytest.mark.parametrize("action", GATED, ids=lambda a: a.value)
def test_each_gated_action_needs_its_own_tier_in_force(
    admin: Actor, family: UUID, clock: FakeClock, action: Action
) -> None:
    tier = RULES[action].tier
    assert tier is not None
    give(admin, family, [t for t in ConsentTier if t is not tier])  # every other tier
    refused(admin, action, family, "the family has not given consent to {words}\\.$")

    last_day = clock.now.date() + timedelta(days=30)
    give(admin, family, [tier], expires_on=last_day)
    allowed(admin, action, family)
    clock.advance(days=30)  # the expiry is the last day in force
    allowed(admin, action, family)
    clock.advance(days=1)
    refused(admin, action, family, "the family's consent to {words} ended on 31 March 2027\\.$")

    give(admin, family, [tier])  # a new form, without an expiry
    allowed(admin, action, family)
    clock.advance(days=2)
    withdraw(admin, family, [tier])
    refused(admin, action, family, "the family withdrew consent to {words} on 3 April 2027\\.$")
    clock.advance(days=365)
    refused(admin, action, family, "withdrew consent")

    refusals = [e for e in trail(admin) if e.outcome is AuditOutcome.REFUSED]
    assert [e.action for e in refusals] == [action.value] * 4


def test_one_familys_consent_does_not_cover_another(admin: Actor, family: UUID) -> None:
    other = casework.add_family(admin.vault, "PIP-0043").value.id
    give(admin, other, list(ConsentTier))
    refused(admin, Action.PLAY, family, "has not given consent to {words}")
    allowed(admin, Action.PLAY, other)


def test_the_role_is_checked_before_the_consent(
    as_role: Callable[[Role], Actor], family: UUID
) -> None:
    supervisor = as_role(Role.SUPERVISOR)
    with pytest.raises(NotPermitted):
        supervisor.authorize(Action.RECORD, family_id=family)
    refused(supervisor, Action.SUPERVISE, family, "has not given consent to {words}")
    give(as_role(Role.PRACTITIONER), family, [ConsentTier.SUPERVISION])
    allowed(supervisor, Action.SUPERVISE, family)


def test_consent_dated_later_today_is_not_yet_in_force(
    admin: Actor, family: UUID, clock: FakeClock
) -> None:
    clock.advance(hours=2)
    give(admin, family, [ConsentTier.FILMING])
    clock.advance(hours=-1)  # an hour before it was given
    refused(admin, Action.RECORD, family, "has not given consent to {words}")
    clock.advance(hours=1)
    allowed(admin, Action.RECORD, family)
