"""`vfapp agreement start|finish|list|compare`: double coding of a film from the command line,
through the same operations as the screens."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any
from uuid import UUID

from vfapp.app.context import CommandContext
from vfapp.domain.agreement import AgreementSettings, CodeFigures, CodingPass, PassStatus
from vfapp.domain.agreement_words import kappa_text, moment_text, percent_text, seconds_text
from vfapp.domain.errors import InvalidInput
from vfapp.governance import agreement_ops
from vfapp.governance.agreement_ops import Coding, Comparison
from vfapp.vault.recordings import find_recording

FIRST = "first"  # names the film's first (primary) coding where a pass id could go


def register(
    verbs: argparse._SubParsersAction[argparse.ArgumentParser], command: Callable[..., Any]
) -> None:
    """Add `start`, `finish`, `list` and `compare`."""
    start = command(verbs, "start", agreement_start, "start your own coding of a film")
    _recording_argument(start)
    start.add_argument(
        "--blind",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="see no other coding of the film until you finish (default: blind)",
    )
    finish = command(verbs, "finish", agreement_finish, "finish your own coding of a film")
    _recording_argument(finish)
    listing = command(verbs, "list", agreement_list, "a film's codings")
    _recording_argument(listing)
    compare = command(verbs, "compare", agreement_compare, "how far two codings of a film agree")
    _recording_argument(compare)
    compare.add_argument(
        "--tolerance-ms",
        type=int,
        default=AgreementSettings().tolerance_ms,
        metavar="N",
        help="points match within ± N ms of each other (default: 1000)",
    )
    compare.add_argument(
        "--overlap",
        type=int,
        default=round(AgreementSettings().min_overlap * 100),
        metavar="PERCENT",
        help="ranges match when their intersection over union is at least this (default: 50)",
    )
    for side, default in (("--first", "the first coding"), ("--second", "the last finished")):
        compare.add_argument(
            side, metavar="PASS", help=f"a coding pass id (8+ characters) or '{FIRST}' ({default})"
        )


def _recording_argument(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--recording", required=True, metavar="ID", help="the film (8+ characters of its id)"
    )


def agreement_start(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        recording = find_recording(actor.vault, ctx.args.recording)
        coding = agreement_ops.start_pass(actor, recording.id, blind=ctx.args.blind)
    return _said(ctx, coding, "Your coding of this film is open")


def agreement_finish(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        recording = find_recording(actor.vault, ctx.args.recording)
        coding = agreement_ops.finish_pass(actor, recording.id)
    return _said(ctx, coding, "Your coding of this film is finished")


def agreement_list(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        recording = find_recording(actor.vault, ctx.args.recording)
        codings = agreement_ops.list_codings(actor, recording.id)
    if ctx.wants_json:
        ctx.emit_json(codings)
    else:
        ctx.say(*(_coding_line(coding) for coding in codings))
    return 0


def agreement_compare(ctx: CommandContext) -> int:
    args = ctx.args
    try:
        settings = AgreementSettings(tolerance_ms=args.tolerance_ms, min_overlap=args.overlap / 100)
    except ValueError:
        raise InvalidInput(
            "setting", "--tolerance-ms must be 0 to 60000 and --overlap 1 to 100"
        ) from None
    with ctx.sign_in() as actor:
        recording = find_recording(actor.vault, args.recording)
        sides = None
        if args.first or args.second:
            known = agreement_ops.list_codings(actor, recording.id)
            sides = (_chosen(known, args.first), _chosen(known, args.second, last=True))
        compared = agreement_ops.compare_codings(actor, recording.id, settings, sides=sides)
    if ctx.wants_json:
        ctx.emit_json(compared)
    else:
        ctx.say(*_report(compared))
    return 0


def _chosen(codings: list[Coding], text: str | None, *, last: bool = False) -> UUID | None:
    """A coding by pass id (8+ characters from either end) or 'first'; unnamed: the first
    coding, or (for --second) the pass finished last."""
    if text is None:
        done = [c for c in codings if c.pass_id is not None and c.status is PassStatus.FINISHED]
        return done[-1].pass_id if last and done else None
    wanted = text.strip().lower()
    if wanted == FIRST:
        return None
    if len(wanted) < 8:
        raise InvalidInput("coding pass id", "needs at least 8 of its characters")
    found = [
        c.pass_id
        for c in codings
        if c.pass_id is not None
        and (str(c.pass_id).startswith(wanted) or str(c.pass_id).endswith(wanted))
    ]
    if len(found) != 1:
        raise InvalidInput("coding pass id", f"{text!r} names no single coding of this film")
    return found[0]


def _said(ctx: CommandContext, coding: CodingPass, what: str) -> int:
    if ctx.wants_json:
        ctx.emit_json(coding)
    else:
        blind = "blind" if coding.blind else "not blind"
        ctx.say(f"{what} ({blind}).", f"Coding pass id: {coding.id}")
    return 0


def _coding_line(coding: Coding) -> str:
    which = "first coding" if coding.pass_id is None else f"pass {coding.pass_id}"
    state = "" if coding.pass_id is None else f", {coding.status.value}"
    blind = ", blind" if coding.blind else ""
    return f"{coding.coder}: {which}{blind}{state}, {coding.coded_tags} coded tags"


def _report(compared: Comparison) -> list[str]:
    got = compared.agreement
    settings = got.settings
    lines = [
        f"A: {_coding_line(compared.first)}",
        f"B: {_coding_line(compared.second)}",
        f"Points match within ± {seconds_text(settings.tolerance_ms)}; ranges when their "
        f"intersection over union is at least {percent_text(settings.min_overlap)}.",
        "",
    ]
    if got.moments:
        kappa = "cannot be computed" if got.kappa is None else kappa_text(got.kappa)
        lines += [
            f"Kappa {kappa}; agreement {percent_text(got.percent or 0)} "
            f"({got.agreements} of {got.moments} moments).",
            "",
        ]
    lines += [got.kappa_explanation, "", got.percent_explanation, ""]
    if got.codes:
        lines += [_row(("Code", "Agree", "A only", "B only", "Agreement", "Kappa"))]
        lines += [_row(_figures(code)) for code in got.codes]
        lines.append("")
    if got.disagreements:
        lines.append("Disagreements:")
        lines += [f"  {moment_text(p.at_ms)}  {p.words}" for p in got.disagreements]
        lines.append("")
    lines += ["How the moments were paired: " + got.method]
    for code in got.codes:
        lines += ["", code.explanation]
    return lines


def _figures(code: CodeFigures) -> tuple[str, ...]:
    kappa = "-" if code.kappa is None else kappa_text(code.kappa)
    return (
        code.code,
        str(code.agreements),
        str(code.a_only),
        str(code.b_only),
        percent_text(code.percent),
        kappa,
    )


def _row(cells: tuple[str, ...]) -> str:
    return f"{cells[0]:<10}" + "".join(f"{cell:>10}" for cell in cells[1:])
