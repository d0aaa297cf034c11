"""`vfapp export report|faces|reel|stills`: a visit's session report, the faces in its planned
moments, its review reel and its stills, through the same operations as the screens.

Each writes plain files only where it is told, shows progress on stderr, and stops cleanly on
Ctrl-C (nothing half-written is left behind).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from vfapp.app.commands_review import find_visit
from vfapp.app.context import CommandContext
from vfapp.app.governance_types import Command, Verbs
from vfapp.domain.exports import ExportKind, ExportResult, FaceTrack, Progress, ReelPurpose
from vfapp.governance import reel_ops, report_ops, still_export_ops
from vfapp.vault.recordings import find_recording

CANCELLED = "The export was cancelled; nothing was written."
T = TypeVar("T")


def register(verbs: Verbs, command: Command) -> None:
    """Add `report`, `faces`, `reel` and `stills` to `vfapp export`."""
    report = command(verbs, "report", export_report, "a visit's session report as a PDF")
    _visit_argument(report)
    report.add_argument("output", metavar="OUT.pdf", help="the PDF file to write")
    report.add_argument("--notes", action="store_true", help="include the tags' notes")
    _force_argument(report)

    faces = command(verbs, "faces", list_faces, "the faces in a visit's planned moments")
    _visit_argument(faces)

    reel = command(verbs, "reel", export_reel, "a visit's planned moments as one MP4")
    _visit_argument(reel)
    reel.add_argument("output", metavar="OUT.mp4", help="the MP4 file to write")
    reel.add_argument(
        "--purpose",
        choices=[p.value for p in ReelPurpose],
        default=ReelPurpose.CASE.value,
        help="case work (filming consent) or training (training consent); default case",
    )
    reel.add_argument("--mute", action="store_true", help="leave the sound out")
    reel.add_argument("--no-titles", action="store_true", help="no title card before moments")
    reel.add_argument(
        "--blur-faces", action="store_true", help="blur every face found but those --keep names"
    )
    reel.add_argument(
        "--keep",
        type=_face_numbers,
        metavar="N,N",
        help="faces not to blur, by the numbers `vfapp export faces` gives (implies --blur-faces)",
    )
    _force_argument(reel)

    stills = command(verbs, "stills", export_stills, "a visit's or a film's stills as PNG files")
    source = stills.add_mutually_exclusive_group(required=True)
    source.add_argument("--visit", metavar="ID", help="the visit (8+ characters of its id)")
    source.add_argument("--recording", metavar="ID", help="one film (8+ characters of its id)")
    stills.add_argument("folder", metavar="FOLDER", help="an existing folder to write them in")
    stills.add_argument("--no-caption", action="store_true", help="the pictures without captions")
    stills.add_argument("--no-watermark", action="store_true", help="no 'confidential' mark")


def _visit_argument(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--visit", required=True, metavar="ID", help="the visit (8+ characters of its id)"
    )


def _force_argument(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--force", action="store_true", help="replace the file if it exists")


def _face_numbers(text: str) -> set[int]:
    try:
        numbers = {int(part) for part in text.split(",") if part.strip()}
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of face numbers") from None
    if not numbers or min(numbers) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of face numbers (from 1)")
    return numbers


def export_report(ctx: CommandContext) -> int:
    args = ctx.args
    with ctx.sign_in() as actor:
        visit_id = find_visit(actor, args.visit)
        result = _cancellable(
            ctx,
            lambda progress: report_ops.export_report(
                actor,
                visit_id,
                Path(args.output),
                include_notes=args.notes,
                overwrite=args.force,
                progress=progress,
            ),
            "Writing the report",
        )
    if result is None:
        return 130
    return _done(ctx, result, f"Wrote the session report ({result.pages} page(s))")


def list_faces(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        visit_id = find_visit(actor, ctx.args.visit)
        tracks = _cancellable(
            ctx,
            lambda progress: reel_ops.find_faces(actor, visit_id, progress=progress),
            "Looking for faces",
        )
    if tracks is None:
        return 130
    if ctx.wants_json:
        ctx.emit_json(tracks)
    elif not tracks:
        ctx.say("No faces were found in the planned moments.")
    else:
        ctx.say(*(_face_line(track) for track in tracks))
        ctx.say("Keep faces with: vfapp export reel ... --keep N,N (the others are blurred).")
    return 0


def export_reel(ctx: CommandContext) -> int:
    args = ctx.args
    keep = args.keep if args.keep is not None else (set() if args.blur_faces else None)
    with ctx.sign_in() as actor:
        visit_id = find_visit(actor, args.visit)
        result = _cancellable(
            ctx,
            lambda progress: reel_ops.export_reel(
                actor,
                visit_id,
                Path(args.output),
                purpose=args.purpose,
                title_cards=not args.no_titles,
                mute=args.mute,
                keep_faces=keep,
                overwrite=args.force,
                progress=progress,
            ),
            "Making the reel",
        )
    if result is None:
        return 130
    blurred = f", {result.faces_blurred} face(s) blurred" if keep is not None else ""
    what = f"Wrote the review reel ({result.duration_s:.1f} s, {' + '.join(result.streams)}"
    return _done(ctx, result, f"{what}{blurred})")


def export_stills(ctx: CommandContext) -> int:
    args = ctx.args
    with ctx.sign_in() as actor:
        if args.visit:
            source = find_visit(actor, args.visit)
        else:
            source = find_recording(actor.vault, args.recording).id
        result = _cancellable(
            ctx,
            lambda progress: still_export_ops.export_stills(
                actor,
                source,
                Path(args.folder),
                caption=not args.no_caption,
                watermark=not args.no_watermark,
                progress=progress,
            ),
            "Writing stills",
        )
    if result is None:
        return 130
    return _done(ctx, result, f"Wrote {len(result.paths)} still(s)")


def _cancellable(ctx: CommandContext, run: Callable[[Progress], T], doing: str) -> T | None:
    """Run an export with its progress on stderr (every 5%); Ctrl-C cancels it (None)."""
    shown = -1

    def progress(fraction: float, what: str) -> None:
        nonlocal shown
        percent = int(fraction * 20) * 5
        if percent != shown and not ctx.wants_json:
            shown = percent
            ctx.progress(f"  {doing}: {percent}% ({what})")

    try:
        return run(progress)
    except KeyboardInterrupt:
        ctx.progress(CANCELLED)
        return None


def _done(ctx: CommandContext, result: ExportResult, what: str) -> int:
    if ctx.wants_json:
        ctx.emit_json(result)
        return 0
    where = result.path.parent if result.kind is ExportKind.STILLS else result.path
    ctx.say(f"{what}: {where} ({result.bytes / 2**20:.1f} MiB).")
    ctx.warn(
        f"{where} holds an UNENCRYPTED copy. Keep it on an encrypted disk, share it only as "
        "the family agreed, and delete it when done."
    )
    return 0


def _face_line(track: FaceTrack) -> str:
    return f"Face {track.id}: {track.describe()}"
