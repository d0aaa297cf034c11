"""`vfapp export csv|eaf|boris` (a film's codes out, for a stated purpose) and
`vfapp import-codes FILE` (codes made in ELAN or BORIS onto a film)."""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from vfapp.app.context import CommandContext
from vfapp.app.governance_types import Command, Verbs
from vfapp.domain.exports import ExportCancelled, Progress
from vfapp.domain.interchange import (
    boris_events,
    boris_project_write,
    boris_table,
    csv_codes,
    eaf_read,
    eaf_write,
    import_plan,
)
from vfapp.domain.interchange.formats import READABLE
from vfapp.domain.interchange.import_plan import ImportOptions
from vfapp.domain.interchange.models import CodeFormat, EafLayout, Purpose
from vfapp.domain.tagging import TagActor
from vfapp.governance.code_exchange_ops import SUFFIXES, export_codes
from vfapp.governance.code_import_ops import import_codes
from vfapp.vault.recordings import find_recording

_NAMES = {CodeFormat.CSV: "CSV", CodeFormat.EAF: "ELAN", CodeFormat.BORIS: "BORIS"}
_ABOUT = {
    CodeFormat.CSV: "One row per tag. Columns:\n\n" + csv_codes.COLUMN_HELP,
    CodeFormat.EAF: eaf_write.__doc__ or "",
    CodeFormat.BORIS: (boris_table.__doc__ or "").split("\n\nRead")[0]
    + "\n\nOUT.boris: a BORIS project. "
    + (boris_project_write.__doc__ or "").split("\n\n", 1)[-1],
}
_HELP = {
    CodeFormat.CSV: "a film's codes as CSV, one row per tag (UNENCRYPTED)",
    CodeFormat.EAF: "a film's codes as an ELAN .eaf file (UNENCRYPTED)",
    CodeFormat.BORIS: "a film's codes as a BORIS table (.tsv) or project (.boris), UNENCRYPTED",
}


def register(verbs: Verbs, command: Command) -> None:
    """Add `csv`, `eaf` and `boris` to `vfapp export`."""
    for fmt in CodeFormat:
        sub = command(verbs, fmt.value, _exporter(fmt), _HELP[fmt])
        sub.description = _ABOUT[fmt]
        sub.formatter_class = argparse.RawDescriptionHelpFormatter
        _recording(sub)
        names = "|".join(f"OUT{suffix}" for suffix in SUFFIXES[fmt])
        sub.add_argument("output", metavar=names, help="the file to write")
        sub.add_argument(
            "--purpose",
            required=True,
            choices=[p.value for p in Purpose],
            help="what the codes are for: each needs the family's consent to it",
        )
        sub.add_argument(
            "--with-notes",
            action="store_true",
            help="include the tags' notes (left out unless asked: they may hold personal words)",
        )
        sub.add_argument(
            "--with-uncoded", action="store_true", help="include markers not yet coded"
        )
        sub.add_argument("--force", action="store_true", help="replace the file if it exists")
        if fmt is CodeFormat.EAF:
            sub.add_argument(
                "--tiers",
                choices=[layout.value for layout in EafLayout],
                default=EafLayout.PRINCIPLE.value,
                help="one tier per principle (default) or per actor",
            )


def register_import(nouns: Verbs, command: Command) -> None:
    """Add `vfapp import-codes FILE`."""
    sub = command(nouns, "import-codes", import_file, f"codes onto a film from {READABLE}")
    sub.description = "\n\n".join(
        doc or "" for doc in (import_plan.__doc__, eaf_read.__doc__, boris_events.__doc__)
    )
    sub.formatter_class = argparse.RawDescriptionHelpFormatter
    sub.add_argument("file", metavar="FILE", help="the .eaf, .boris, .tsv or .csv file")
    _recording(sub)
    sub.add_argument("--codebook", metavar="NAME", help="the codebook (needed if there are more)")
    sub.add_argument("--observation", metavar="ID", help="which observation of a BORIS file")
    sub.add_argument(
        "--skip-unknown", action="store_true", help="import the rest when codes are unknown"
    )
    sub.add_argument(
        "--skip-outside",
        action="store_true",
        help="import the rest when events fall outside the film",
    )
    sub.add_argument(
        "--shift",
        type=_seconds,
        default=0,
        metavar="SECONDS",
        help="the file's time where the film starts (taken from every time)",
    )
    sub.add_argument(
        "--actor",
        default=TagActor.PARENT.value,
        choices=[a.value for a in TagActor],
        help="whose moments, where the file does not say (default: parent)",
    )
    sub.add_argument("--without-notes", action="store_true", help="leave the file's notes out")


def _recording(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--recording", required=True, metavar="ID", help="the film (8+ characters of its id)"
    )


def _seconds(text: str) -> int:
    try:
        return round(float(text) * 1000)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None


def _exporter(fmt: CodeFormat) -> Callable[[CommandContext], int]:
    def run(ctx: CommandContext) -> int:
        return export_file(ctx, fmt)

    return run


def export_file(ctx: CommandContext, fmt: CodeFormat) -> int:
    args = ctx.args
    purpose = Purpose(args.purpose)
    with ctx.sign_in() as actor, _ctrl_c_cancels() as cancel:
        recording = find_recording(actor.vault, args.recording)
        try:
            done = export_codes(
                actor,
                recording.id,
                fmt,
                purpose,
                Path(args.output),
                layout=EafLayout(getattr(args, "tiers", EafLayout.PRINCIPLE.value)),
                with_notes=args.with_notes,
                with_uncoded=args.with_uncoded,
                overwrite=args.force,
                progress=_progress(ctx, "Exporting codes"),
                cancel=cancel,
            )
        except ExportCancelled as cancelled:
            ctx.progress(str(cancelled))
            return 130
    notes = "with their notes" if done.notes else "without notes"
    ctx.warn(
        f"{done.path} is an UNENCRYPTED copy of the film's codes ({notes}). Keep it on an "
        "encrypted disk and delete it when done."
    )
    if ctx.wants_json:
        ctx.emit_json(done)
    else:
        ctx.say(
            f"Exported {done.tags} tag{'s' * (done.tags != 1)} of recording {recording.id} "
            f"as {_NAMES[fmt]} for {purpose.value} work to {done.path}."
        )
    return 0


def import_file(ctx: CommandContext) -> int:
    args = ctx.args
    options = ImportOptions(
        skip_unknown=args.skip_unknown,
        skip_outside=args.skip_outside,
        shift_ms=args.shift,
        default_actor=TagActor(args.actor),
        with_notes=not args.without_notes,
    )
    with ctx.sign_in() as actor, _ctrl_c_cancels() as cancel:
        recording = find_recording(actor.vault, args.recording)
        done = import_codes(
            actor,
            recording.id,
            Path(args.file).expanduser(),
            codebook=args.codebook,
            observation=args.observation,
            options=options,
            progress=_progress(ctx, "Importing codes"),
            cancel=cancel,
        )
    if done.cancelled:
        ctx.progress(
            f"Cancelled after {done.imported} tag{'s' * (done.imported != 1)}; those are "
            "kept (each was saved on its own)."
        )
    if ctx.wants_json:
        ctx.emit_json(done)
        return 0
    source = f"{done.kind} file {done.file!r}"
    if done.observation is not None:
        source += f" (observation {done.observation!r})"
    lines = [
        f"Imported {done.imported} tag{'s' * (done.imported != 1)} from {source} onto "
        f"recording {recording.id}, with the codebook {done.codebook!r}."
    ]
    if done.skipped:
        reasons = "; ".join(f"{why} ({count})" for why, count in done.skipped.items())
        lines.append(f"Skipped: {reasons}.")
    ctx.say(*lines)
    return 130 if done.cancelled else 0


@contextlib.contextmanager
def _ctrl_c_cancels() -> Iterator[threading.Event]:
    """Ctrl-C asks the export or import to stop at its next step (and clean up)."""
    cancel = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield cancel
        return
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
    try:
        yield cancel
    finally:
        signal.signal(signal.SIGINT, previous)


def _progress(ctx: CommandContext, doing: str) -> Progress:
    """Progress on stderr, every 10% (not with --json)."""
    shown = -1

    def progress(fraction: float, what: str) -> None:
        nonlocal shown
        percent = int(fraction * 10) * 10
        if percent != shown and not ctx.wants_json:
            shown = percent
            ctx.progress(f"  {doing}: {percent}% ({what})")

    return progress
