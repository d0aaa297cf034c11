"""`vfapp audit verify|show`: check the audit trail, and the access report for the
information-governance lead (admin only; both are themselves audited)."""

from __future__ import annotations

import argparse
import io
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from vfapp.app.context import CommandContext
from vfapp.domain.errors import InvalidInput
from vfapp.governance.audit_report import AccessReport, access_report, render_text, write_csv
from vfapp.governance.audit_verify import check_trail


def register(
    verbs: argparse._SubParsersAction[argparse.ArgumentParser], command: Callable[..., Any]
) -> None:
    """Add `audit verify` and `audit show`."""
    command(verbs, "verify", audit_verify, "check that no event was changed, removed or added")
    show = command(verbs, "show", audit_show, "who did what to which record (a readable report)")
    show.add_argument("--family", metavar="CODE", help="only events about this family")
    show.add_argument("--since", metavar="YYYY-MM-DD", help="only events from this day on (UTC)")
    show.add_argument("--format", choices=("text", "csv"), default="text", help="default: text")
    show.add_argument("--output", metavar="FILE", help="write the report to a new file")
    show.add_argument("--force", action="store_true", help="replace FILE if it exists")


def audit_verify(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        verdict = check_trail(actor)
    if ctx.wants_json:
        ctx.emit_json(verdict)
    else:
        ctx.say(verdict.summary())
    return 0 if verdict.ok else 1


def audit_show(ctx: CommandContext) -> int:
    since = _day(ctx.args.since)
    output = _new_file(ctx.args.output, ctx.args.force) if ctx.args.output else None
    with ctx.sign_in() as actor:
        report = access_report(actor, family_code=ctx.args.family, since=since)
    text = _render(report, "json" if ctx.wants_json else ctx.args.format)
    if output is None:
        ctx.out.write(text)
        return 0
    _write(output, text, replace=ctx.args.force)
    ctx.progress(
        f"Wrote the access report ({len(report.lines)} events) to {output}. It is not "
        "encrypted: keep it where your team keeps its governance records."
    )
    return 0


def _render(report: AccessReport, form: str) -> str:
    if form == "json":
        return json.dumps(report.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
    if form == "csv":
        buffer = io.StringIO(newline="")
        write_csv(report, buffer)
        return buffer.getvalue()
    return "\n".join(render_text(report)) + "\n"


def _day(given: str | None) -> date | None:
    if given is None:
        return None
    try:
        return date.fromisoformat(given)
    except ValueError:
        raise InvalidInput("--since date", f"{given!r} is not a date like 2027-03-01") from None


def _new_file(given: str, replace: bool) -> Path:
    """Where to write, checked before the vault is opened: no file replaced unless asked."""
    path = Path(given).expanduser()
    if path.is_dir():
        raise InvalidInput("output file", f"{path} is a folder")
    if path.exists() and not replace:
        raise InvalidInput(
            "output file", f"{path} already exists and was left as it is; add --force to replace it"
        )
    if not path.parent.is_dir():
        raise InvalidInput("output file", f"cannot go in {path.parent}, which is not a folder")
    return path


def _write(path: Path, text: str, *, replace: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if replace else os.O_EXCL)
    try:
        descriptor = os.open(path, flags, 0o600)
    except FileExistsError:
        raise InvalidInput(
            "output file", f"{path} appeared meanwhile and was left as it is"
        ) from None
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
