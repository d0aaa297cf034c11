"""`vfapp family|visit|recording ...`: the caseload records, for scripts and administrators."""

from __future__ import annotations

from datetime import date

from vfapp.app.context import CommandContext
from vfapp.domain.errors import InvalidInput
from vfapp.domain.models import VisitActivity, VisitPlace
from vfapp.governance import casework_ops as ops
from vfapp.governance.policy import Action
from vfapp.vault import casework
from vfapp.vault.recordings import list_recordings


def family_add(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        family = ops.add_family(actor, ctx.args.code, ctx.args.name)
    if ctx.wants_json:
        ctx.emit_json(family)
    else:
        ctx.say(f"Added family {family.case_code}.")
    return 0


def family_list(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        families = ops.families(actor)
    if ctx.wants_json:
        ctx.emit_json(families)
    elif not families:
        ctx.say("No families yet. Add one with: vfapp family add CODE")
    else:
        for family in families:
            ended = f"  (ended {family.closed_on})" if family.closed_on else ""
            ctx.say(f"{family.case_code:<16} {family.display_name or ''}{ended}".rstrip())
    return 0


def family_close(ctx: CommandContext) -> int:
    on = None if ctx.args.reopen else _parse_date(ctx.args.on) if ctx.args.on else date.today()
    with ctx.sign_in() as actor:
        family = casework.find_family(actor.vault, ctx.args.code)
        ops.close_family(actor, family.id, on)
    if on is None:
        ctx.say(f"{family.case_code} is open again; its films are kept while it is open.")
    else:
        ctx.say(
            f"{family.case_code}'s involvement ended on {on}; its films are deleted when the "
            "retention policy says (see: vfapp retention policy)."
        )
    return 0


def visit_add(ctx: CommandContext) -> int:
    on = _parse_date(ctx.args.date) if ctx.args.date else date.today()
    with ctx.sign_in() as actor:
        family = casework.find_family(actor.vault, ctx.args.family)
        visit = ops.add_visit(
            actor, family.id, on, VisitPlace(ctx.args.place), VisitActivity(ctx.args.activity)
        )
    if ctx.wants_json:
        ctx.emit_json(visit)
    else:
        ctx.say(
            f"Added a {visit.place} visit ({visit.activity}) to {family.case_code} on "
            f"{visit.visited_on}."
        )
    return 0


def visit_list(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        codes = {f.id: f.case_code for f in ops.families(actor)}
        family_id = (
            casework.find_family(actor.vault, ctx.args.family).id if ctx.args.family else None
        )
        visits = ops.visits(actor, family_id)
    if ctx.wants_json:
        ctx.emit_json(visits)
    elif not visits:
        ctx.say("No visits yet.")
    else:
        for visit in visits:
            code = codes.get(visit.family_id, "?")
            ctx.say(
                f"{visit.visited_on}  {code:<16} {visit.place:<7} {visit.activity:<8} {visit.id}"
            )
    return 0


def recording_list(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        vault = actor.vault
        actor.authorize(Action.VIEW_CASEWORK)
        recordings = list_recordings(vault)
    if ctx.wants_json:
        ctx.emit_json(recordings)
    elif not recordings:
        ctx.say("No recordings yet.")
    else:
        for recording in recordings:
            ctx.say(
                f"{recording.started_at:%Y-%m-%d %H:%M}  {recording.status:<9}  "
                f"{recording.byte_size / 2**20:7.1f} MiB  {recording.id}"
            )
    return 0


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("date", f"{text!r} is not a date like 2026-11-26") from None
