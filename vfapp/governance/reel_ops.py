"""The review reel as a governed export: the visit's planned moments as one MP4 where the user
chose, for the family's case work (filming consent) or for training (the training consent),
with faces other than those kept blurred and the sound muted if asked. Finding the faces to
choose from is watching the film; each export is audited once, without titles or paths."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from vfapp.domain.errors import InvalidInput
from vfapp.domain.exports import (
    CancelToken,
    ExportKind,
    ExportResult,
    FaceTrack,
    Progress,
    ReelPurpose,
)
from vfapp.domain.review import NothingPlanned
from vfapp.governance.actor import Actor
from vfapp.governance.export_gate import attempt, audit_export, open_export
from vfapp.governance.policy import Action
from vfapp.playback.plain_out import checked_destination, plain_file
from vfapp.playback.reel import ReelMoment, ReelRecipe, find_moment_faces, write_reel
from vfapp.vault import plan_store

PURPOSE_ACTIONS = {
    ReelPurpose.CASE: Action.EXPORT_CASE,
    ReelPurpose.TRAINING: Action.EXPORT_TRAINING,
}


def find_faces(
    actor: Actor,
    visit_id: UUID,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> list[FaceTrack]:
    """The faces in the visit's planned moments, numbered, for the person to choose which to
    keep (the parent's and the baby's) before a blurred reel is made."""
    scope = open_export(actor, visit_id, Action.PLAY)
    tracks = find_moment_faces(
        actor.vault, _moments(actor, visit_id), progress=progress, cancel=cancel
    )
    audit_export(
        actor, scope, f"faces looked for in the review plan's moments: {len(tracks)} found"
    )
    return tracks


def export_reel(
    actor: Actor,
    visit_id: UUID,
    destination: Path,
    *,
    purpose: ReelPurpose | str = ReelPurpose.CASE,
    title_cards: bool = True,
    mute: bool = False,
    keep_faces: set[int] | frozenset[int] | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """Write the visit's review reel to `destination` (a new .mp4 file). `keep_faces` None
    blurs nothing; a set (even empty) blurs every face found except the numbered ones kept,
    numbered as `find_faces` numbers them."""
    purpose = ReelPurpose(purpose)
    scope = open_export(actor, visit_id, PURPOSE_ACTIONS[purpose])
    target = checked_destination(destination, (".mp4",), overwrite=overwrite)
    moments = _moments(actor, visit_id)
    faces = None
    if keep_faces is not None:
        faces = tuple(find_moment_faces(actor.vault, moments, cancel=cancel))
        _check_keep(faces, keep_faces)
    recipe = ReelRecipe(
        moments=moments,
        title_cards=title_cards,
        mute=mute,
        faces=faces,
        keep_faces=frozenset(keep_faces or ()),
    )
    with attempt(actor, scope, f"review reel for {purpose.value}"), plain_file(target) as partial:
        made = write_reel(actor.vault, recipe, partial, progress=progress, cancel=cancel)
    blurred = 0 if faces is None else len([f for f in faces if f.id not in recipe.keep_faces])
    how = [
        f"{len(moments)} moment(s)",
        f"{made.duration_s:.1f} s",
        "title cards" if title_cards else "no title cards",
        "muted" if mute else "with sound" if "audio" in made.streams else "no sound",
        "faces not blurred" if faces is None else f"{blurred} face track(s) blurred",
    ]
    audit_export(actor, scope, f"review reel exported for {purpose.value}: {', '.join(how)}")
    return ExportResult(
        kind=ExportKind.REEL,
        paths=(target,),
        bytes=target.stat().st_size,
        duration_s=round(made.duration_s, 3),
        streams=made.streams,
        faces_blurred=blurred,
    )


def _moments(actor: Actor, visit_id: UUID) -> tuple[ReelMoment, ...]:
    rows = plan_store.list_moment_rows(actor.vault.db, visit_id)
    if not rows:
        raise NothingPlanned()
    return tuple(
        ReelMoment(
            number=number,
            recording_id=row.recording_id,
            start_ms=row.start_ms,
            end_ms=row.end_ms,
            title=row.title,
        )
        for number, row in enumerate(rows, start=1)
    )


def _check_keep(faces: tuple[FaceTrack, ...], keep: set[int] | frozenset[int]) -> None:
    unknown = sorted(set(keep) - {face.id for face in faces})
    if unknown:
        known = f"1 to {len(faces)}" if faces else "none were found"
        raise InvalidInput(
            "faces to keep", f"include {unknown[0]}, which is not one of the faces found ({known})"
        )
