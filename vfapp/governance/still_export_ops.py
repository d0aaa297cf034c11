"""Stills as PNG files for the family or the case file: each decoded from its seal in memory,
optionally captioned and watermarked, and written where the user chose as still-01.png,
still-02.png... (no names in them). Needs the family's filming consent; audited once."""

from __future__ import annotations

import contextlib
from pathlib import Path
from uuid import UUID

from vfapp.domain.errors import InvalidInput, NotFound
from vfapp.domain.exports import (
    CancelToken,
    ExportKind,
    ExportResult,
    Progress,
    check_cancel,
    tell,
)
from vfapp.domain.review import Still
from vfapp.governance.actor import Actor
from vfapp.governance.export_gate import attempt, audit_export, open_export
from vfapp.playback.plain_out import checked_folder, write_plain
from vfapp.playback.stills_png import presented_png
from vfapp.vault import casework, still_store
from vfapp.vault.recordings import get_recording, list_recordings


def export_stills(
    actor: Actor,
    source_id: UUID,
    folder: Path,
    *,
    caption: bool = True,
    watermark: bool = True,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """Write the stills of a visit (all its films) or of one film (`source_id` names either)
    into `folder`. Nothing is overwritten; a cancel removes what this export had written."""
    visit_id, recording_ids, what = _source(actor, source_id)
    scope = open_export(actor, visit_id)
    folder = checked_folder(folder)
    stills = [s for r in recording_ids for s in still_store.list_still_rows(actor.vault.db, r)]
    if not stills:
        raise InvalidInput(what, "has no stills to export; make stills in the review first")
    targets = _names(folder, len(stills))
    written: list[Path] = []
    try:
        with attempt(actor, scope, "stills as PNG"):
            for number, (still, target) in enumerate(zip(stills, targets, strict=True)):
                tell(progress, number / len(stills), f"still {number + 1} of {len(stills)}")
                check_cancel(cancel)
                write_plain(target, _png(actor, still, caption=caption, watermark=watermark))
                written.append(target)
            check_cancel(cancel)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    tell(progress, 1.0, "done")
    extras = [w for w, on in (("captions", caption), ("watermark", watermark)) if on]
    how = f" ({', '.join(extras)})" if extras else ""
    audit_export(actor, scope, f"{len(written)} still(s) exported as PNG{how}")
    return ExportResult(
        kind=ExportKind.STILLS,
        paths=tuple(written),
        bytes=sum(p.stat().st_size for p in written),
    )


def _source(actor: Actor, source_id: UUID) -> tuple[UUID, list[UUID], str]:
    """The visit, and the films whose stills go: a visit's films in the order they were made,
    or the one film named."""
    try:
        visit = casework.get_visit(actor.vault, source_id)
    except NotFound:
        try:
            recording = get_recording(actor.vault, source_id)
        except NotFound:
            raise NotFound("visit or film", str(source_id)) from None
        return recording.visit_id, [recording.id], "film"
    films = sorted(list_recordings(actor.vault, visit.id), key=lambda r: (r.started_at, r.id))
    return visit.id, [film.id for film in films if not film.deleted], "visit"


def _names(folder: Path, count: int) -> list[Path]:
    width = max(2, len(str(count)))
    targets = [folder / f"still-{number:0{width}d}.png" for number in range(1, count + 1)]
    taken = [t.name for t in targets if t.exists()]
    if taken:
        raise InvalidInput(
            "folder", f"already holds {taken[0]}; choose an empty folder or move those files"
        )
    return targets


def _png(actor: Actor, still: Still, *, caption: bool, watermark: bool) -> bytes:
    png = still_store.still_picture(actor.vault.db, still)
    return presented_png(png, still.caption if caption else None, watermark=watermark)
