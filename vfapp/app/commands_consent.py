"""`vfapp consent record|change|withdraw|show`: a family's consent, tier by tier.

Parents' names appear here (the consent record lives inside the encrypted vault); the audit
trail records only that consent was recorded or read, never who gave it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from vfapp.app.context import CommandContext
from vfapp.domain.errors import InvalidInput
from vfapp.domain.governance import (
    ConsentEvent,
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
    TierState,
)
from vfapp.governance import consent
from vfapp.governance.actor import Actor
from vfapp.vault import casework, users

_KIND_WORDS = {
    ConsentEventKind.GIVEN: "given",
    ConsentEventKind.CHANGED: "changed",
    ConsentEventKind.WITHDRAWN: "withdrawn",
}
_METHOD_WORDS = {ConsentMethod.WRITTEN: "on a written form", ConsentMethod.VERBAL: "verbally"}


def register(
    verbs: argparse._SubParsersAction[argparse.ArgumentParser], command: Callable[..., Any]
) -> None:
    """Add `record`, `change`, `withdraw` and `show`."""
    record = command(verbs, "record", consent_record, "record consent given to one or more tiers")
    _event_arguments(record)
    record.add_argument("--expires", metavar="DATE", help="the last day it is in force")
    change = command(verbs, "change", consent_change, "give consent in force a new last day")
    _event_arguments(change)
    ends = change.add_mutually_exclusive_group(required=True)
    ends.add_argument("--expires", metavar="DATE", help="the new last day it is in force")
    ends.add_argument("--no-expiry", action="store_true", help="in force until withdrawn")
    withdraw = command(verbs, "withdraw", consent_withdraw, "record a withdrawal of consent")
    _event_arguments(withdraw)
    show = command(verbs, "show", consent_show, "which consent is in force for a family")
    show.add_argument("--family", metavar="CODE", required=True, help="the family's case code")
    show.add_argument("--history", action="store_true", help="also list every consent event")


def _event_arguments(sub: argparse.ArgumentParser) -> None:
    tiers = ", ".join(t.value for t in ConsentTier)
    sub.add_argument("--family", metavar="CODE", required=True, help="the family's case code")
    sub.add_argument(
        "--tier", action="append", type=_tier, required=True, help=f"repeat as needed: {tiers}"
    )
    sub.add_argument("--by", required=True, metavar="NAME", help="the parent or carer's name")
    sub.add_argument(
        "--relationship",
        required=True,
        choices=[r.value for r in Relationship],
        help="parent or carer, with parental responsibility",
    )
    sub.add_argument(
        "--method",
        required=True,
        choices=[m.value for m in ConsentMethod],
        help="written (a signed form) or verbal (you, recording it, attest it)",
    )
    sub.add_argument("--note", metavar="TEXT", help="e.g. which form, or what was said")
    sub.add_argument("--on", metavar="DATE", help="the day it was given (default: now)")


def _tier(text: str) -> ConsentTier:
    try:
        return ConsentTier(text.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        names = ", ".join(t.value for t in ConsentTier)
        raise argparse.ArgumentTypeError(f"{text!r} is not a consent tier ({names})") from None


def consent_record(ctx: CommandContext) -> int:
    return _record(ctx, ConsentEventKind.GIVEN, _day(ctx.args.expires, "expiry"))


def consent_change(ctx: CommandContext) -> int:
    return _record(ctx, ConsentEventKind.CHANGED, _day(ctx.args.expires, "expiry"))


def consent_withdraw(ctx: CommandContext) -> int:
    return _record(ctx, ConsentEventKind.WITHDRAWN, None)


def _record(ctx: CommandContext, kind: ConsentEventKind, expires_on: date | None) -> int:
    args = ctx.args
    on = _day(args.on, "date")
    with ctx.sign_in() as actor:
        family = casework.find_family(actor.vault, args.family)
        now = actor.clock()
        made = consent.record_consent(
            actor,
            family.id,
            args.tier,
            kind,
            given_by=args.by,
            relationship=Relationship(args.relationship),
            method=ConsentMethod(args.method),
            expires_on=expires_on,
            note=args.note,
            effective_at=None if on is None or on == now.date() else _start_of(on),
        ).value
        recorder = actor.user.name
    if ctx.wants_json:
        ctx.emit_json(made)
        return 0
    first = made[0]
    tiers = _and([consent.TIER_NAMES[e.tier] for e in made])
    when = consent.day_words(first.effective_at.date())
    ctx.say(f"Family {family.case_code}: consent {_KIND_WORDS[kind]} for {tiers}.")
    ctx.say(
        f"  By {first.given_by} ({first.relationship.value}), "
        f"{_METHOD_WORDS[first.method]}, on {when}."
    )
    if kind is not ConsentEventKind.WITHDRAWN:
        last = consent.day_words(first.expires_on) if first.expires_on else None
        ctx.say(f"  In force until {last} (inclusive)." if last else "  No expiry.")
    if first.method is ConsentMethod.VERBAL:
        ctx.say(f"  Verbal: {recorder}, who recorded it, attests that it was said.")
    else:
        ctx.say(f"  Recorded by {recorder}.")
    return 0


def consent_show(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        family = casework.find_family(actor.vault, ctx.args.family)
        history = consent.consent_history(actor, family.id)
        now = actor.clock()
        states = [consent.derive_tier(history, tier, now) for tier in ConsentTier]
        names = _recorders(actor, history) if ctx.args.history else {}
    if ctx.wants_json:
        shown: dict[str, Any] = {
            "family": family.case_code,
            "as_of": now.isoformat(),
            "tiers": [s.model_dump(mode="json") for s in states],
        }
        if ctx.args.history:
            shown["history"] = [e.model_dump(mode="json") for e in history]
        ctx.emit_json(shown)
        return 0
    ctx.say(f"Consent for family {family.case_code}, as of {consent.day_words(now.date())}:")
    for state in states:
        ctx.say(f"  {consent.TIER_NAMES[state.tier]}: {_state_words(state)}")
    if ctx.args.history:
        ctx.say("History:" if history else "History: no consent recorded yet.")
        for event in history:
            ctx.say(f"  {_event_words(event, names)}")
    return 0


def _state_words(state: TierState) -> str:
    given = ""
    if state.given_at is not None:
        given = f"given by {state.given_by} on {consent.day_words(state.given_at.date())}"
    if state.in_force:
        until = f", until {consent.day_words(state.expires_on)}" if state.expires_on else ""
        return f"in force, {given}{until}"
    if state.expired and state.expires_on is not None:
        return f"ended on {consent.day_words(state.expires_on)} ({given})"
    if state.withdrawn_at is not None:
        return f"withdrawn on {consent.day_words(state.withdrawn_at.date())} ({given})"
    return "not given"


def _event_words(event: ConsentEvent, names: dict[Any, str]) -> str:
    expiry = f", until {event.expires_on}" if event.expires_on else ""
    if event.kind is ConsentEventKind.CHANGED and event.expires_on is None:
        expiry = ", no expiry"
    note = f" Note: {event.note}" if event.note else ""
    return (
        f"{event.effective_at:%Y-%m-%d %H:%M}  {_KIND_WORDS[event.kind]:<9} "
        f"{consent.TIER_NAMES[event.tier]}: by {event.given_by} ({event.relationship.value}), "
        f"{_METHOD_WORDS[event.method]}{expiry}; recorded by "
        f"{names.get(event.recorded_by, 'a former user')}.{note}"
    )


def _recorders(actor: Actor, history: Sequence[ConsentEvent]) -> dict[Any, str]:
    found = {}
    for user_id in {e.recorded_by for e in history}:
        user = users.user_by_id(actor.vault.db, user_id)
        if user is not None:
            found[user_id] = user.name
    return found


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _day(text: str | None, field: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field, f"{text!r} is not a date like 2027-03-01") from None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)
