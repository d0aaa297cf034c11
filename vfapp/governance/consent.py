"""The consent ledger: events are appended per family and tier; what is in force is derived.

`require` is called (through `Actor.authorize`) before every record, play, still, export and
sync, and refuses with a sentence naming the consent that is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from vfapp.domain.changes import OpResult
from vfapp.domain.errors import ConsentMissing, InvalidInput
from vfapp.domain.governance import (
    ConsentEvent,
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
    TierState,
)
from vfapp.governance.policy import Action
from vfapp.vault.casework import get_family
from vfapp.vault.consent_store import append_consent_event, family_consent_events

if TYPE_CHECKING:
    from vfapp.governance.actor import Actor

TIER_WORDS = {
    ConsentTier.FILMING: "filming",
    ConsentTier.SHARED_REVIEW: "showing clips to the family in a shared review",
    ConsentTier.SUPERVISION: "a supervisor watching the films",
    ConsentTier.TRAINING: "using the films to teach and train other professionals",
    ConsentTier.RESEARCH: "using the films for research",
}


def derive_tier(events: Iterable[ConsentEvent], tier: ConsentTier, now: datetime) -> TierState:
    """Where `tier` stands at `now`, from the events in the order they took effect. Events
    dated after `now` have not happened yet."""
    state = TierState(tier=tier, in_force=False)
    for event in events:
        if event.tier is not tier or event.effective_at > now:
            continue
        if event.kind is ConsentEventKind.WITHDRAWN:
            state = TierState(
                tier=tier,
                in_force=False,
                given_at=state.given_at,
                given_by=state.given_by,
                withdrawn_at=event.effective_at,
            )
        elif event.kind is ConsentEventKind.GIVEN or not state.given_at or state.withdrawn_at:
            state = TierState(
                tier=tier,
                in_force=True,
                given_at=event.effective_at,
                given_by=event.given_by,
                expires_on=event.expires_on,
            )
        else:  # CHANGED while given: a new expiry (or none), same consent
            state = state.model_copy(update={"expires_on": event.expires_on})
    if state.in_force and state.expires_on is not None and now.date() > state.expires_on:
        return state.model_copy(update={"in_force": False, "expired": True})
    return state


def family_state(actor: Actor, family_id: UUID) -> tuple[TierState, ...]:
    """Every tier's state for the family, now."""
    events = family_consent_events(actor.vault.db, family_id)
    now = actor.clock()
    return tuple(derive_tier(events, tier, now) for tier in ConsentTier)


def refusal_reason(state: TierState) -> str | None:
    """Why the tier is not in force, in words; None when it is."""
    if state.in_force:
        return None
    words = TIER_WORDS[state.tier]
    if state.expired and state.expires_on is not None:
        return f"the family's consent to {words} ended on {_day(state.expires_on)}"
    if state.withdrawn_at is not None:
        return f"the family withdrew consent to {words} on {_day(state.withdrawn_at.date())}"
    return f"the family has not given consent to {words}"


def require(actor: Actor, family_id: UUID, tier: ConsentTier, words: str) -> TierState:
    """The tier's state if it is in force; otherwise `ConsentMissing` saying which consent."""
    events = family_consent_events(actor.vault.db, family_id)
    state = derive_tier(events, tier, actor.clock())
    reason = refusal_reason(state)
    if reason is not None:
        family = get_family(actor.vault, family_id)
        raise ConsentMissing(family.case_code, words, reason, tier.value)
    return state


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def record_consent(
    actor: Actor,
    family_id: UUID,
    tiers: Sequence[ConsentTier],
    kind: ConsentEventKind,
    *,
    given_by: str,
    relationship: Relationship,
    method: ConsentMethod,
    expires_on: date | None = None,
    note: str | None = None,
    effective_at: datetime | None = None,
) -> OpResult[tuple[ConsentEvent, ...]]:
    """Append one event per tier (given, changed or withdrawn) in one transaction, audited."""
    withdrawing = kind is ConsentEventKind.WITHDRAWN
    action = Action.WITHDRAW_CONSENT if withdrawing else Action.RECORD_CONSENT
    actor.authorize(
        action, family_id=family_id, record_kind="family", record_id=family_id, log=False
    )
    get_family(actor.vault, family_id)
    if not tiers:
        raise InvalidInput("consent", "must name at least one tier")
    when = effective_at or actor.clock()
    if withdrawing and expires_on is not None:
        raise InvalidInput("expiry", "does not apply to a withdrawal")
    if expires_on is not None and expires_on < when.date():
        raise InvalidInput("expiry", f"({expires_on}) is before the consent takes effect")
    current = {s.tier: s for s in family_state(actor, family_id)}
    if kind is ConsentEventKind.CHANGED:
        lapsed = [t.value for t in tiers if not current[t].in_force]
        if lapsed:
            raise InvalidInput(
                "consent", f"to change must be in force ({', '.join(lapsed)} is not)"
            )
    made: list[ConsentEvent] = []
    with actor.vault.write() as batch:
        for tier in dict.fromkeys(tiers):
            stamp = batch.stamp()
            event = ConsentEvent(
                **stamp.fresh_record(),
                family_id=family_id,
                tier=tier,
                kind=kind,
                effective_at=when,
                given_by=" ".join(given_by.split()),
                relationship=relationship,
                method=method,
                recorded_by=actor.user.id,
                expires_on=None if withdrawing else expires_on,
                note=note,
            )
            made.append(append_consent_event(batch, event))
            actor.audit(
                action,
                record_kind="consent_event",
                record_id=event.id,
                family_id=family_id,
                detail=f"{kind.value}: {tier.value}, {method.value}",
                db=batch.db,
            )
    return OpResult(value=tuple(made), changes=tuple(batch.changes))
