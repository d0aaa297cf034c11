"""`vfapp still list|add` and `vfapp plan show|suggest`: stills and review plans, through the
same operations as the screens.

Captions, titles and questions are shown here (the vault is open to the guider) but never
audited.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeAlias
from uuid import UUID

from vfapp.app.context import CommandContext
from vfapp.domain.errors import InvalidInput, NotFound
from vfapp.domain.review import PlanMoment, Still
from vfapp.governance import casework_ops, plan_ops, still_ops
from vfapp.governance.actor import Actor
from vfapp.vault.recordings import find_recording

Verbs: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Noun = Callable[[Verbs, str, str], Verbs]
Command = Callable[[Verbs, str, Callable[[CommandContext], int], str], argparse.ArgumentParser]


def register(nouns: Verbs, noun: Noun, command: Command) -> None:
    """Add `still list|add` and `plan show|suggest` (`noun` and `command` as in cli.py)."""
    stills = noun(nouns, "still", "frames of a film frozen as pictures, with captions")
    listing = command(stills, "list", still_list, "a film's stills")
    _recording_argument(listing)
    add = command(stills, "add", still_add, "freeze a frame of a film as a still")
    _recording_argument(add)
    add.add_argument(
        "--frame", type=_frame, required=True, metavar="N", help="the frame's number (from 0)"
    )
    add.add_argument("--caption", metavar="TEXT", help="a caption of up to 300 characters")

    plans = noun(nouns, "plan", "the moments chosen for a visit's shared review")
    show = command(plans, "show", plan_show, "a visit's review plan, with gentle notes")
    show.add_argument(
        "--visit", required=True, metavar="ID", help="the visit (8+ characters of its id)"
    )
    suggest = command(plans, "suggest", plan_suggest, "moments worth showing, from a film's tags")
    _recording_argument(suggest)


def _recording_argument(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--recording", required=True, metavar="ID", help="the film (8+ characters of its id)"
    )


def _frame(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a frame number") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a frame number (they start at 0)")
    return number


def still_add(ctx: CommandContext) -> int:
    args = ctx.args
    with ctx.sign_in() as actor:
        recording = find_recording(actor.vault, args.recording)
        still = still_ops.make_still(actor, recording.id, args.frame, args.caption)
    if ctx.wants_json:
        ctx.emit_json(still)
    else:
        ctx.say(f"Still made: {_still_line(still)}", f"Still id: {still.id}")
    return 0


def still_list(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        recording = find_recording(actor.vault, ctx.args.recording)
        stills = still_ops.list_stills(actor, recording.id)
    if ctx.wants_json:
        ctx.emit_json(stills)
    elif not stills:
        ctx.say(f"Recording {recording.id} has no stills yet.")
    else:
        ctx.say(*(f"{_still_line(still)}  {still.id}" for still in stills))
    return 0


def plan_show(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        visit_id = find_visit(actor, ctx.args.visit)
        plan = plan_ops.review_plan(actor, visit_id)
    if ctx.wants_json:
        ctx.emit_json(plan)
        return 0
    if not plan.moments:
        ctx.say(f"Visit {visit_id} has no moments planned yet.")
    ctx.say(*(_moment_line(number, m) for number, m in enumerate(plan.moments, start=1)))
    ctx.say(*(f"Note: {note.text}" for note in plan.notes))
    return 0


def plan_suggest(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        recording = find_recording(actor.vault, ctx.args.recording)
        suggestions = plan_ops.suggest(actor, recording.id)
    if ctx.wants_json:
        ctx.emit_json(suggestions)
    elif not suggestions:
        ctx.say(f"Recording {recording.id} has no coded tags to suggest moments from yet.")
    else:
        ctx.say(*(f"{number}. {s.reason}" for number, s in enumerate(suggestions, start=1)))
    return 0


def find_visit(actor: Actor, text: str) -> UUID:
    """A visit by its id, or by 8+ characters from its end or its beginning, if only one
    matches (as recordings are found)."""
    wanted = text.strip().lower()
    if len(wanted) < 8:
        raise InvalidInput("visit id", "needs at least 8 of its characters")
    found = [
        v.id
        for v in casework_ops.visits(actor)
        if str(v.id).startswith(wanted) or str(v.id).endswith(wanted)
    ]
    if len(found) != 1:
        raise NotFound("visit" if not found else "single visit matching", text)
    return found[0]


def _still_line(still: Still) -> str:
    where = (
        f"frame {still.frame_number} at {still.at_ms / 1000:.2f} s, {still.width}x{still.height}"
    )
    return f"{where}  {still.caption}" if still.caption else where


def _moment_line(number: int, moment: PlanMoment) -> str:
    span = f"{moment.start_ms / 1000:.1f} s to {moment.end_ms / 1000:.1f} s"
    line = f"{number}. {span}  {moment.title}"
    if moment.question:
        line += f"  ({moment.question})"
    if moment.still_id:
        line += f"  [still {str(moment.still_id)[-8:]}]"
    return line
