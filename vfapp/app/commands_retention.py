"""`vfapp retention policy|run|log`: how long material is kept, and deleting what is due."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from vfapp.app.context import CommandContext
from vfapp.domain.governance import ArtefactKind, DeletionReason
from vfapp.governance import retention

KIND_WORDS = {
    ArtefactKind.RAW_RECORDING: "raw recordings",
    ArtefactKind.CLIP: "clips and review plans",
    ArtefactKind.STILL: "stills",
    ArtefactKind.NOTE: "notes",
    ArtefactKind.EXPORT_RECORD: "records of exports",
}


def register(
    verbs: argparse._SubParsersAction[argparse.ArgumentParser], command: Callable[..., Any]
) -> None:
    policy = command(verbs, "policy", retention_policy, "show or change how long things are kept")
    policy.add_argument("--kind", choices=[k.value for k in ArtefactKind], help="what to change")
    policy.add_argument(
        "--keep-days",
        type=int,
        metavar="DAYS",
        help="days kept after the family's involvement ends",
    )
    run = command(verbs, "run", retention_run, "delete what is due (crypto-shredding)")
    run.add_argument("--dry-run", action="store_true", help="only list what is due and coming up")
    command(verbs, "log", retention_log, "list what retention has deleted, and why")


def retention_policy(ctx: CommandContext) -> int:
    if (ctx.args.kind is None) != (ctx.args.keep_days is None):
        ctx.warn("Give both --kind and --keep-days to change a policy.")
        return 2
    with ctx.sign_in() as actor:
        if ctx.args.kind is not None:
            retention.set_policy(actor, ArtefactKind(ctx.args.kind), ctx.args.keep_days)
        policies = retention.policies(actor)
    if ctx.wants_json:
        ctx.emit_json(policies)
        return 0
    for policy in policies:
        stored = "" if policy.kind in retention.STORED_KINDS else "  (none stored yet)"
        ctx.say(
            f"{KIND_WORDS[policy.kind]:<24} deleted {policy.keep_days} days after the "
            f"family's involvement ends{stored}"
        )
    ctx.say("Films are also deleted when the family withdraws their consent to filming.")
    return 0


def retention_run(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        report = retention.run_retention(actor, dry_run=ctx.args.dry_run)
    if ctx.wants_json:
        ctx.emit_json(report)
        return 0
    verb = "would be deleted" if report.dry_run else "deleted"
    if not report.due:
        ctx.say("Nothing is due for deletion.")
    else:
        ctx.say(f"{len(report.due)} item(s) {verb}:")
        for item in report.due:
            ctx.say(f"  {_line(item)}")
    if report.upcoming:
        ctx.say(f"Due within {retention.WARN_AHEAD_DAYS} days:")
        for item in report.upcoming:
            ctx.say(f"  {_line(item)}")
    if report.dry_run and report.due:
        ctx.say("Nothing was deleted (dry run). Run without --dry-run to delete.")
    return 0


def _line(item: retention.DueItem) -> str:
    why = "consent withdrawn" if item.reason is DeletionReason.WITHDRAWAL else "retention"
    return (
        f"{item.due_on}  {item.family_case_code:<12} {KIND_WORDS[item.artefact_kind][:-1]} "
        f"{item.artefact_id.hex[:12]}  ({why}: {item.rule})"
    )


def retention_log(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        records = retention.deletion_log(actor)
    if ctx.wants_json:
        ctx.emit_json(records)
    elif not records:
        ctx.say("Retention has not deleted anything in this vault.")
    else:
        for record in records:
            ctx.say(
                f"{record.deleted_at:%Y-%m-%d %H:%M}  {record.artefact_kind.value} "
                f"{record.artefact_id.hex[:12]}  {record.reason.value}: {record.rule}"
            )
    return 0
