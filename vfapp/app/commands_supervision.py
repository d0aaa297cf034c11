"""`vfapp comment add|list|resolve` and `vfapp supervision sign-off|log|progress`: supervision
through the same operations as the screens. Comment words are shown here, never audited."""

from __future__ import annotations

import argparse
from datetime import date
from uuid import UUID

from vfapp.app.commands_review import find_visit
from vfapp.app.context import CommandContext
from vfapp.app.governance_types import Command, Verbs
from vfapp.domain.errors import NotFound
from vfapp.domain.supervision import CommentTarget, CommentThread
from vfapp.governance import comment_ops, supervision_ops
from vfapp.governance.actor import Actor
from vfapp.vault.recordings import find_recording
from vfapp.vault.users import user_by_name


def register_comments(verbs: Verbs, command: Command) -> None:
    add = command(verbs, "add", comment_add, "comment on a visit, a time of its film, or reply")
    _visit(add)
    add.add_argument("text", metavar="TEXT", help="the comment")
    add.add_argument("--recording", metavar="ID", help="the film, for a comment on a time")
    add.add_argument("--at", type=float, metavar="SECONDS", help="the time on the film")
    add.add_argument("--reply-to", metavar="ID", help="the comment this answers")
    _visit(command(verbs, "list", comment_list, "a visit's comment threads"))
    resolve = command(verbs, "resolve", comment_resolve, "mark a thread resolved")
    resolve.add_argument("comment", metavar="ID", help="the comment (its full id)")
    resolve.add_argument("--reopen", action="store_true", help="open it again instead")


def register_supervision(verbs: Verbs, command: Command) -> None:
    sign = command(verbs, "sign-off", sign_off, "mark a guider's cycle (a visit) reviewed")
    _visit(sign)
    sign.add_argument("--guider", required=True, metavar="NAME", help="whose cycle it is")
    sign.add_argument("--note", metavar="TEXT")
    log = command(verbs, "log", log_hours, "log time in supervision")
    log.add_argument("--guider", required=True, metavar="NAME")
    log.add_argument("--minutes", type=int, required=True)
    log.add_argument("--on", type=date.fromisoformat, metavar="YYYY-MM-DD", help="default: today")
    log.add_argument("--note", metavar="TEXT")
    progress = command(verbs, "progress", show_progress, "a guider's progress to accreditation")
    progress.add_argument("--guider", required=True, metavar="NAME")


def _visit(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--visit", required=True, metavar="ID", help="8+ characters of its id")


def comment_add(ctx: CommandContext) -> int:
    args = ctx.args
    with ctx.sign_in() as actor:
        visit_id = find_visit(actor, args.visit)
        recording = find_recording(actor.vault, args.recording) if args.recording else None
        at_ms = None if args.at is None else round(args.at * 1000)
        comment = comment_ops.add_comment(
            actor, visit_id, args.text,
            target_kind=CommentTarget.TIME if at_ms is not None else CommentTarget.VISIT,
            recording_id=recording.id if recording else None, at_ms=at_ms,
            parent_id=UUID(args.reply_to) if args.reply_to else None,
        )  # fmt: skip
    if ctx.wants_json:
        ctx.emit_json(comment)
    else:
        ctx.say(f"Comment saved: {comment.id}")
    return 0


def comment_list(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        threads = comment_ops.threads(actor, find_visit(actor, ctx.args.visit))
    if ctx.wants_json:
        ctx.emit_json(threads)
    elif not threads:
        ctx.say("No comments on this visit yet.")
    else:
        ctx.say(*(line for thread in threads for line in _thread_lines(thread)))
    return 0


def comment_resolve(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        changed = comment_ops.set_resolved(actor, UUID(ctx.args.comment), not ctx.args.reopen)
    ctx.say("Resolved." if changed.resolved else "Open again.")
    return 0


def sign_off(ctx: CommandContext) -> int:
    args = ctx.args
    with ctx.sign_in() as actor:
        made = supervision_ops.sign_off(
            actor, find_visit(actor, args.visit), _user(actor, args.guider), args.note
        )
    if ctx.wants_json:
        ctx.emit_json(made)
    else:
        ctx.say(f"Cycle signed off on {made.signed_on.isoformat()}.")
    return 0


def log_hours(ctx: CommandContext) -> int:
    args = ctx.args
    with ctx.sign_in() as actor:
        made = supervision_ops.log_supervision(
            actor, _user(actor, args.guider), args.minutes,
            args.on or actor.clock().date(), note=args.note,
        )  # fmt: skip
    if ctx.wants_json:
        ctx.emit_json(made)
    else:
        ctx.say(f"{made.minutes} minutes of supervision on {made.held_on.isoformat()} logged.")
    return 0


def show_progress(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        progress = supervision_ops.progress(actor, _user(actor, ctx.args.guider))
    if ctx.wants_json:
        ctx.emit_json(progress)
        return 0
    lines = [f"{progress.guider_name}: progress towards VIG accreditation"]
    for stage in progress.stages:
        needs = stage.needs
        state = f"complete on {stage.completed_on.isoformat()}" if stage.completed_on else "open"
        lines.append(
            f"  Stage {needs.stage}: {stage.cycles}/{needs.cycles} cycles, "
            f"{stage.new_clients}/{needs.new_clients} new clients, "
            f"{stage.supervision_hours:g}/{needs.supervision_hours:g} hours of supervision "
            f"({state})"
        )
    ctx.say(*lines)
    return 0


def _user(actor: Actor, name: str) -> UUID:
    user = user_by_name(actor.vault.db, name)
    if user is None or user.deleted:
        raise NotFound("user", name)
    return user.id


def _thread_lines(thread: CommentThread) -> list[str]:
    first = thread.comment
    state = "resolved" if first.resolved else "open"
    where = f" at {first.at_ms / 1000:.1f} s" if first.at_ms is not None else ""
    head = f"[{state}] {thread.authors[first.author_id]} on a {first.target_kind.value}{where}"
    return [
        f"{head}: {first.body}  ({first.id})",
        *(f"    {thread.authors[r.author_id]}: {r.body}" for r in thread.replies),
    ]
