"""The consent ledger: events are appended per family and tier; what is in force is derived.

`require` is called (through `Actor.authorize`) before every record, play, still, export and
sync, and refuses with a sentence naming the consent that is missing.

How the events are read (`derive_tier`), in the order they took effect, ignoring any dated
after the moment asked about:
- given: the tier is in force from then, on that form's terms (who, expiry). A new "given"
  while it is already in force is a re-consent (a new form, or the other parent): it replaces
  the earlier terms, which stay in the history.
- changed: a new expiry (or none) for consent that is in force at that moment; it never
  revives a consent that was withdrawn or had lapsed (that takes a new "given").
- withdrawn: ends a consent that is in force at that moment.
- a tier is in force up to and including its expiry day (UTC), and no longer.
`record_consent` refuses a change or withdrawal of a tier that is not in force when it takes
effect, and any event dated in the future, so the ledger holds no events without effect.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from pydantic import ValidationError

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
from vfapp.vault.casework import get_family, invalid_input
from vfapp.vault.consent_store import append_consent_event, event_order, family_consent_events

if TYPE_CHECKING:
    from vfapp.governance.actor import Actor

# What each tier allows, to finish "consent to ...".
TIER_WORDS = {
    ConsentTier.FILMING: "filming",
    ConsentTier.SHARED_REVIEW: "showing clips to the family in a shared review",
    ConsentTier.SUPERVISION: "a supervisor watching the films",
    ConsentTier.TRAINING: "using the films to teach and train other professionals",
    ConsentTier.RESEARCH: "using the films for research",
}
# Each tier's short name, for lists and headings.
TIER_NAMES = {
    ConsentTier.FILMING: "filming",
    ConsentTier.SHARED_REVIEW: "shared review with the family",
    ConsentTier.SUPERVISION: "supervision",
    ConsentTier.TRAINING: "training and teaching",
    ConsentTier.RESEARCH: "research",
}
MAX_NAME = 80
MAX_NOTE = 500


def derive_tier(events: Iterable[ConsentEvent], tier: ConsentTier, now: datetime) -> TierState:
    """Where `tier` stands at `now` (see the module's notes). Events dated after `now` have
    not happened yet; the events may come in any order."""
    mine = sorted((e for e in events if e.tier is tier and e.effective_at <= now), key=event_order)
    state = TierState(tier=tier, in_force=False)
    for event in mine:
        if event.kind is ConsentEventKind.GIVEN:
            state = TierState(
                tier=tier,
                in_force=True,
                given_at=event.effective_at,
                given_by=event.given_by,
                expires_on=event.expires_on,
            )
        elif not _live(state, event.effective_at):
            continue  # nothing in force to change or withdraw
        elif event.kind is ConsentEventKind.CHANGED:
            state = state.model_copy(update={"expires_on": event.expires_on})
        else:
            state = state.model_copy(update={"in_force": False, "withdrawn_at": event.effective_at})
    if state.in_force and not _live(state, now):
        return state.model_copy(update={"in_force": False, "expired": True})
    return state


def _live(state: TierState, at: datetime) -> bool:
    """Given, not withdrawn, and not past its last day at `at`."""
    last_day = state.expires_on
    return state.in_force and (last_day is None or at.astimezone(UTC).date() <= last_day)


def family_state(actor: Actor, family_id: UUID) -> tuple[TierState, ...]:
    """Every tier's state for the family, now."""
    events = family_consent_events(actor.vault.db, family_id)
    now = actor.clock()
    return tuple(derive_tier(events, tier, now) for tier in ConsentTier)


def consent_history(actor: Actor, family_id: UUID) -> tuple[ConsentEvent, ...]:
    """The family's consent events, oldest first, for reading (checked and audited: they name
    the parents who gave consent)."""
    get_family(actor.vault, family_id)
    actor.authorize(
        Action.VIEW_CONSENT, family_id=family_id, record_kind="family", record_id=family_id
    )
    return tuple(family_consent_events(actor.vault.db, family_id))


def refusal_reason(state: TierState) -> str | None:
    """Why the tier is not in force, in words; None when it is."""
    if state.in_force:
        return None
    words = TIER_WORDS[state.tier]
    if state.expired and state.expires_on is not None:
        return f"the family's consent to {words} ended on {day_words(state.expires_on)}"
    if state.withdrawn_at is not None:
        return f"the family withdrew consent to {words} on {day_words(state.withdrawn_at.date())}"
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


def day_words(day: date) -> str:
    """E.g. "1 March 2027"."""
    return f"{day.day} {day:%B %Y}"


def change_consent(
    actor: Actor,
    family_id: UUID,
    tiers: Sequence[ConsentTier],
    expires_on: date | None,
    given_by: str,
    relationship: Relationship,
    method: ConsentMethod,
    note: str | None = None,
    *,
    effective_at: datetime | None = None,
) -> OpResult[tuple[ConsentEvent, ...]]:
    """Give consent that is in force a new last day (None: no expiry)."""
    return record_consent(
        actor,
        family_id,
        tiers,
        ConsentEventKind.CHANGED,
        given_by=given_by,
        relationship=relationship,
        method=method,
        expires_on=expires_on,
        note=note,
        effective_at=effective_at,
    )


def withdraw_consent(
    actor: Actor,
    family_id: UUID,
    tiers: Sequence[ConsentTier],
    given_by: str,
    relationship: Relationship,
    method: ConsentMethod,
    note: str | None = None,
    *,
    effective_at: datetime | None = None,
) -> OpResult[tuple[ConsentEvent, ...]]:
    """Record that the family withdrew consent to `tiers` (each must be in force)."""
    return record_consent(
        actor,
        family_id,
        tiers,
        ConsentEventKind.WITHDRAWN,
        given_by=given_by,
        relationship=relationship,
        method=method,
        note=note,
        effective_at=effective_at,
    )


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
    """Append one event per tier (given, changed or withdrawn) in one transaction, audited
    without names. `effective_at` (default now) may be in the past, never the future."""
    withdrawing = kind is ConsentEventKind.WITHDRAWN
    action = Action.WITHDRAW_CONSENT if withdrawing else Action.RECORD_CONSENT
    actor.authorize(
        action, family_id=family_id, record_kind="family", record_id=family_id, log=False
    )
    get_family(actor.vault, family_id)
    now = actor.clock()
    when = (effective_at or now).astimezone(UTC)
    _check_terms(tiers, kind, when, now, given_by, expires_on, note)
    made: list[ConsentEvent] = []
    with actor.vault.write() as batch:
        events = family_consent_events(batch.db, family_id)
        if kind is not ConsentEventKind.GIVEN:
            _check_in_force(events, tiers, kind, when, now)
        for tier in dict.fromkeys(tiers):
            stamp = batch.stamp()
            try:
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
                    expires_on=expires_on,
                    note=(note or "").strip() or None,
                )
            except ValidationError as error:
                raise invalid_input(error) from None
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


def _check_terms(
    tiers: Sequence[ConsentTier],
    kind: ConsentEventKind,
    when: datetime,
    now: datetime,
    given_by: str,
    expires_on: date | None,
    note: str | None,
) -> None:
    """Refuse, in words, what a consent event may not say."""
    if not tiers:
        raise InvalidInput("consent", "must name at least one tier (for example filming)")
    name = " ".join(given_by.split())
    if not name:
        raise InvalidInput("name of the person giving or withdrawing consent", "is missing")
    if len(name) > MAX_NAME:
        raise InvalidInput(
            "name of the person giving or withdrawing consent",
            f"is longer than {MAX_NAME} characters",
        )
    if note is not None and len(note.strip()) > MAX_NOTE:
        raise InvalidInput("note", f"is longer than {MAX_NOTE} characters")
    if when > now:
        raise InvalidInput(
            "date",
            f"({when.date()}) is in the future; record consent on or after the day it is given",
        )
    if kind is ConsentEventKind.WITHDRAWN and expires_on is not None:
        raise InvalidInput("expiry", "does not apply to a withdrawal")
    if expires_on is not None and expires_on < when.date():
        raise InvalidInput("expiry", f"({expires_on}) is before the consent takes effect")


def _check_in_force(
    events: Sequence[ConsentEvent],
    tiers: Sequence[ConsentTier],
    kind: ConsentEventKind,
    when: datetime,
    now: datetime,
) -> None:
    """A change or withdrawal needs the tier in force when it takes effect."""
    then = "" if when.date() == now.date() else f" (as of {day_words(when.date())})"
    reasons = [
        reason
        for tier in dict.fromkeys(tiers)
        if (reason := refusal_reason(derive_tier(events, tier, when))) is not None
    ]
    if not reasons:
        return
    reasons[-1] += then
    if kind is ConsentEventKind.WITHDRAWN:
        raise InvalidInput("withdrawal", f"cannot be recorded: {'; and '.join(reasons)}")
    raise InvalidInput(
        "change",
        f"cannot be recorded: {'; and '.join(reasons)} (record it as given instead)",
    )
