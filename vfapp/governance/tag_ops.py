"""Tags as a signed-in user makes and changes them: coding moments of a family's film.

Coding needs the TAG permission and the family's filming consent. Every tag is saved in its
own vault transaction, with its audit event, the moment it is made: a crash loses nothing.
The audit records what was coded, never a note's words. A film's markers (made while
filming) are listed as uncoded tags until one is coded, which makes it a tag of its own.

Double coding: while a person's coding pass of a film is open (`agreement_ops.start_pass`),
the tags they make belong to that pass, they may change only those, and `list_tags` shows
them only those (and, unless the pass is blind, the primary coding too). Everyone else sees
the primary coding: the tags made outside any pass.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from vfapp.domain.agreement import CodingPass, CodingRefused, PassStatus
from vfapp.domain.errors import InvalidInput, NotFound
from vfapp.domain.models import Family, Marker
from vfapp.domain.tagging import Tag, TagActor
from vfapp.governance.actor import Actor
from vfapp.governance.gates import family_of_recording
from vfapp.governance.policy import Action
from vfapp.playback.frame_index import FORMAT, FrameIndex
from vfapp.vault import coding_pass_store, tag_store
from vfapp.vault.database import Database
from vfapp.vault.frame_indexes import load_frame_index
from vfapp.vault.marker_notes import get_marker
from vfapp.vault.markers import list_markers
from vfapp.vault.session import Vault

_EDITABLE = frozenset(
    {"start_ms", "end_ms", "code", "codebook_id", "codebook_version", "actor", "note"}
)


def add_tag(
    actor: Actor,
    recording_id: UUID,
    start_ms: int,
    end_ms: int | None = None,
    code: str | None = None,
    codebook_id: UUID | None = None,
    codebook_version: int | None = None,
    tag_actor: TagActor = TagActor.PARENT,
    note: str | None = None,
    *,
    from_marker: UUID | None = None,
) -> Tag:
    """Tag a point (or a range, with `end_ms`) of a film; saved and audited at once."""
    family = _authorize(actor, recording_id)
    with actor.vault.write() as batch:
        coding = open_pass(batch.db, actor, recording_id)
        fields = _checked(
            batch.db,
            _film_length_ms(actor.vault, recording_id),
            {
                "recording_id": recording_id,
                "start_ms": start_ms,
                "end_ms": end_ms,
                "code": code,
                "codebook_id": codebook_id,
                "codebook_version": codebook_version,
                "actor": tag_actor,
                "note": _tidy(note),
                "from_marker": from_marker,
                "pass_id": None if coding is None else coding.id,
                "coder_id": actor.user.id,
            },
        )
        tag = tag_store.insert_tag(batch, **fields)
        _audit(actor, family, tag, "tag added", batch.db)
    return tag


def update_tag(actor: Actor, tag_id: UUID, /, **changes: Any) -> Tag:
    """Change a tag's times, code, actor or note; return the changed tag. To undo, call
    again with the old tag's values. A marker listed as an uncoded tag becomes a tag."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise InvalidInput("change", f"names fields a tag does not have: {', '.join(unknown)}")
    if "note" in changes:
        changes["note"] = _tidy(changes["note"])
    if "code" in changes and changes["code"] is None:
        changes.update(codebook_id=None, codebook_version=None)
    stored = tag_store.find_tag(actor.vault.db, tag_id)
    if stored is None:
        marker = get_marker(actor.vault, tag_id)
        start = marker_tag(marker)
        fields = {k: getattr(start, k) for k in _EDITABLE} | changes
        fields["tag_actor"] = fields.pop("actor")
        return add_tag(actor, marker.recording_id, **fields, from_marker=marker.id)
    if stored.deleted:
        raise NotFound("tag", str(tag_id))
    family = _authorize(actor, stored.recording_id)
    _may_change(actor, stored)
    with actor.vault.write() as batch:
        length = _film_length_ms(actor.vault, stored.recording_id)
        fields = _checked(batch.db, length, {**stored.model_dump(include=set(_FIELDS)), **changes})
        changed = tag_store.update_tag_row(batch, stored, fields)
        _audit(actor, family, changed, "tag changed", batch.db)
    return changed


def delete_tag(actor: Actor, tag_id: UUID) -> Tag:
    """Delete a tag (kept as a tombstone, so that `restore_tag` can undo it)."""
    return _set_deleted(actor, tag_id, deleted=True)


def restore_tag(actor: Actor, tag_id: UUID) -> Tag:
    """Bring back a deleted tag (the undo of `delete_tag`)."""
    return _set_deleted(actor, tag_id, deleted=False)


def list_tags(actor: Actor, recording_id: UUID) -> list[Tag]:
    """A film's tags, with its markers not yet coded as uncoded tags, in time order. Anyone
    who may watch the film may read them (a supervisor too, with the supervision consent).
    While the person's own coding pass is open: its tags, and the primary coding's with the
    markers only if the pass is not blind."""
    family = family_of_recording(actor, recording_id)
    actor.authorize(Action.PLAY, family_id=family.id, log=False)
    db = actor.vault.db
    coding = open_pass(db, actor, recording_id)
    own = [] if coding is None else tag_store.list_tag_rows(db, recording_id, coding.id)
    if coding is not None and coding.blind:
        return sorted(own, key=lambda t: (t.start_ms, str(t.id)))
    tags = tag_store.list_tag_rows(db, recording_id)
    coded = tag_store.coded_markers(db, recording_id)
    if coding is not None:
        coded |= tag_store.coded_markers(db, recording_id, coding.id)
    markers = [marker_tag(m) for m in list_markers(actor.vault, recording_id) if m.id not in coded]
    return sorted([*own, *tags, *markers], key=lambda t: (t.start_ms, str(t.id)))


def open_pass(db: Database, actor: Actor, recording_id: UUID) -> CodingPass | None:
    """The person's own coding pass of the film, while it is open."""
    coding = coding_pass_store.pass_of(db, recording_id, actor.user.id)
    return coding if coding is not None and coding.status is PassStatus.OPEN else None


def marker_tag(marker: Marker) -> Tag:
    """A marker shown as an uncoded tag (its id is the marker's)."""
    return Tag(
        id=marker.id,
        created_at=marker.created_at,
        hlc=marker.hlc,
        device_id=marker.device_id,
        recording_id=marker.recording_id,
        start_ms=marker.starts_ms,
        end_ms=marker.at_ms if marker.starts_ms < marker.at_ms else None,
        note=marker.note,
        from_marker=marker.id,
    )


_FIELDS = (
    "recording_id",
    "start_ms",
    "end_ms",
    "code",
    "codebook_id",
    "codebook_version",
    "actor",
    "note",
    "from_marker",
)


def _set_deleted(actor: Actor, tag_id: UUID, *, deleted: bool) -> Tag:
    stored = tag_store.get_tag(actor.vault.db, tag_id)
    family = _authorize(actor, stored.recording_id)
    _may_change(actor, stored)
    if stored.deleted == deleted:
        return stored
    with actor.vault.write() as batch:
        changed = tag_store.update_tag_row(batch, stored, {"deleted": deleted})
        _audit(actor, family, changed, "tag deleted" if deleted else "tag restored", batch.db)
    return changed


def _film_length_ms(vault: Vault, recording_id: UUID) -> int | None:
    """How long the film's pictures last, from its frame index once it has been opened
    (None before: a film cannot be coded without being watched, so that is rare)."""
    stored = load_frame_index(vault, recording_id, FORMAT)
    return None if stored is None else round(FrameIndex.from_bytes(stored).duration_s * 1000)


def _checked(db: Database, length: int | None, fields: dict[str, Any]) -> dict[str, Any]:
    """Fields for a tag, with its code checked against its codebook version and its range
    against the film's length (when it is known)."""
    code, codebook_id = fields["code"], fields["codebook_id"]
    if code is not None and codebook_id is None:
        raise InvalidInput("code", "needs the codebook it comes from")
    if code is None:
        fields |= {"codebook_id": None, "codebook_version": None}
    else:
        version = tag_store.check_code(db, codebook_id, fields["codebook_version"], code)
        fields["codebook_version"] = version
    last = fields["end_ms"] if fields["end_ms"] is not None else fields["start_ms"]
    if length is not None and last > length:
        raise InvalidInput(
            "tag",
            f"reaches {last / 1000:.1f} s, beyond the end of the film ({length / 1000:.1f} s)",
        )
    return fields


def _authorize(actor: Actor, recording_id: UUID) -> Family:
    family = family_of_recording(actor, recording_id)
    actor.authorize(Action.TAG, family_id=family.id, log=False)
    return family


def _may_change(actor: Actor, tag: Tag) -> None:
    """A pass's tags are its coder's alone, and only while it is open; someone with a pass
    open changes only that pass's tags."""
    db = actor.vault.db
    if tag.pass_id is None:
        if open_pass(db, actor, tag.recording_id) is not None:
            raise CodingRefused(
                "This tag belongs to the film's first coding; while your own coding of the "
                "film is open you can change only your own tags."
            )
        return
    coding = coding_pass_store.get_pass(db, tag.pass_id)
    if coding.coder_id != actor.user.id:
        raise CodingRefused(
            "This tag belongs to another person's coding of the film; only they can change it."
        )
    if coding.status is PassStatus.FINISHED:
        raise CodingRefused(
            "This tag belongs to your finished coding of the film, which is kept as it was "
            "when you finished it."
        )


def _tidy(note: str | None) -> str | None:
    words = " ".join((note or "").split())
    return words or None


def _audit(actor: Actor, family: Family, tag: Tag, what: str, db: Database) -> None:
    actor.audit(
        Action.TAG,
        record_kind="tag",
        record_id=tag.id,
        family_id=family.id,
        detail=f"{what}: {tag.code or 'uncoded'} at {tag.start_ms} ms",
        db=db,
    )
