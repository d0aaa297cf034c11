"""`vfapp import`: bring a video file made elsewhere (a phone, another tool) into the vault."""

from __future__ import annotations

from pathlib import Path

from vfapp.app.commands_capture import visit_today
from vfapp.app.context import CommandContext
from vfapp.capture.import_progress import check_importable
from vfapp.capture.importer import ImportResult, StreamHandling, import_video
from vfapp.governance.policy import Action

_HOW = {StreamHandling.KEPT: "kept as it was", StreamHandling.CONVERTED: "converted"}


def import_file(ctx: CommandContext) -> int:
    path = Path(ctx.args.file).expanduser()
    check_importable(path)  # a missing or unreadable file is told before any password is asked
    shown = -1

    def progress(fraction: float) -> None:
        nonlocal shown
        percent = int(fraction * 100)
        if percent != shown and not ctx.wants_json:
            shown = percent
            ctx.progress(f"  Importing: {percent}%")

    with ctx.sign_in() as actor:
        place = visit_today(actor, ctx.args.family, ctx, Action.IMPORT)
        result = import_video(actor.vault, place.visit_id, path, progress=progress)
        actor.audit(
            Action.IMPORT,
            record_kind="recording",
            record_id=result.recording.id,
            family_id=place.family.id,
            detail=f"{len(result.warnings)} warning(s)",
        )
    if ctx.wants_json:
        ctx.emit_json({"recording_id": str(result.recording.id), **result.model_dump(mode="json")})
    else:
        ctx.say(_summary(path, result))
    for warning in result.warnings:
        ctx.warn(warning)
    return 0


def _summary(path: Path, result: ImportResult) -> str:
    minutes, seconds = divmod(round(result.readable_s), 60)
    sound = "no sound" if result.audio is StreamHandling.NONE else f"sound {_HOW[result.audio]}"
    return (
        f"Imported {path.name} as recording {result.recording.id} ({minutes}:{seconds:02d}; "
        f"picture {_HOW[result.video]}, {sound})."
    )
