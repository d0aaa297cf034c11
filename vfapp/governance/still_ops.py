"""Stills as a guider makes and changes them: a frame of a family's film frozen as a picture.

Making, captioning and deleting a still needs the MAKE_STILLS permission and the family's
filming consent; looking at one is watching the film (or, in a shared review, showing it to
the family). Each change is one vault transaction with its audit event, which never holds a
caption's words. The frame is decoded, encoded as PNG and sealed in memory only.
"""

from __future__ import annotations

from uuid import UUID

import av
import numpy as np
from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import InvalidInput, NotFound
from vfapp.domain.models import Family, Recording, RecordingStatus
from vfapp.domain.review import CAPTION_MAX, Still
from vfapp.domain.review_logic import checked_words
from vfapp.governance.actor import Actor
from vfapp.governance.gates import family_of_recording
from vfapp.governance.policy import Action
from vfapp.playback.video_session import RGB, VideoSession
from vfapp.vault import still_store
from vfapp.vault.database import Database
from vfapp.vault.recordings import get_recording
from vfapp.vault.session import Vault


class _Picture(BaseModel):
    """One decoded frame, upright and encoded as PNG, with where it is in the film."""

    model_config = ConfigDict(frozen=True)

    png: bytes
    at_ms: int
    width: int
    height: int


def make_still(
    actor: Actor, recording_id: UUID, frame_number: int, caption: str | None = None
) -> Still:
    """Freeze frame `frame_number` of a film (upright) as a still; saved and audited at once."""
    family = _authorize(actor, Action.STILL, recording_id)
    words = _caption(caption)
    picture = _picture(actor.vault, get_recording(actor.vault, recording_id), frame_number)
    with actor.vault.write() as batch:
        still = still_store.insert_still(
            batch,
            picture.png,
            recording_id=recording_id,
            frame_number=frame_number,
            at_ms=picture.at_ms,
            width=picture.width,
            height=picture.height,
            caption=words,
        )
        _audit(actor, family, still, f"still made: frame {frame_number}", batch.db)
    return still


def list_stills(actor: Actor, recording_id: UUID) -> list[Still]:
    """A film's stills (not deleted ones), in film order."""
    _authorize(actor, Action.PLAY, recording_id)
    return still_store.list_still_rows(actor.vault.db, recording_id)


def still_png(actor: Actor, still_id: UUID, *, for_shared_review: bool = False) -> bytes:
    """A still's picture as PNG bytes: watching the film, or showing it to the family in a
    shared review (which needs their consent to that). Each showing is audited."""
    still = _live(actor, still_id)
    action = Action.SHOW_FAMILY if for_shared_review else Action.PLAY
    family = _authorize(actor, action, still.recording_id)
    png = still_store.still_picture(actor.vault.db, still)
    actor.audit(
        action,
        record_kind="still",
        record_id=still.id,
        family_id=family.id,
        detail="still shown in a shared review" if for_shared_review else "still shown",
    )
    return png


def set_caption(actor: Actor, still_id: UUID, caption: str | None) -> Still:
    """Give a still a caption (None or blank: remove it); return the changed still."""
    still = _live(actor, still_id)
    family = _authorize(actor, Action.STILL, still.recording_id)
    words = _caption(caption)
    with actor.vault.write() as batch:
        changed = still_store.update_still_row(batch, still, {"caption": words})
        what = "still caption removed" if words is None else "still caption written"
        _audit(actor, family, changed, what, batch.db)
    return changed


def delete_still(actor: Actor, still_id: UUID) -> Still:
    """Delete a still (kept as a tombstone, so that `restore_still` can undo it)."""
    return _set_deleted(actor, still_id, deleted=True)


def restore_still(actor: Actor, still_id: UUID) -> Still:
    """Bring back a deleted still (the undo of `delete_still`)."""
    return _set_deleted(actor, still_id, deleted=False)


def encode_png(rgb: RGB) -> bytes:
    """An RGB picture as a PNG file's bytes, made in memory with PyAV's encoder."""
    height, width = rgb.shape[:2]
    codec = av.CodecContext.create("png", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "rgb24"
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
    return b"".join(bytes(packet) for packet in [*codec.encode(frame), *codec.encode(None)])


def _picture(vault: Vault, recording: Recording, frame_number: int) -> _Picture:
    if recording.status is RecordingStatus.RECORDING:
        raise InvalidInput(
            "film", "is still being recorded or imported; make stills once it has finished"
        )
    with VideoSession(vault, recording.id) as session:
        count = session.index.frame_count
        if not 0 <= frame_number < count:
            raise InvalidInput(
                "frame number",
                f"{frame_number} is not in the film, whose frames are numbered 0 to {count - 1}",
            )
        decoded = session.seek(frame_number)
        rgb = decoded.rgb()
    height, width = rgb.shape[:2]
    return _Picture(
        png=encode_png(rgb), at_ms=round(decoded.time_s * 1000), width=width, height=height
    )


def _set_deleted(actor: Actor, still_id: UUID, *, deleted: bool) -> Still:
    still = still_store.get_still(actor.vault.db, still_id)
    family = _authorize(actor, Action.STILL, still.recording_id)
    if still.deleted == deleted:
        return still
    with actor.vault.write() as batch:
        changed = still_store.update_still_row(batch, still, {"deleted": deleted})
        _audit(actor, family, changed, "still deleted" if deleted else "still restored", batch.db)
    return changed


def _caption(caption: str | None) -> str | None:
    return checked_words("caption", caption, CAPTION_MAX)


def _live(actor: Actor, still_id: UUID) -> Still:
    still = still_store.get_still(actor.vault.db, still_id)
    if still.deleted:
        raise NotFound("still", str(still_id))
    return still


def _authorize(actor: Actor, action: Action, recording_id: UUID) -> Family:
    family = family_of_recording(actor, recording_id)
    actor.authorize(
        action, family_id=family.id, record_kind="recording", record_id=recording_id, log=False
    )
    return family


def _audit(actor: Actor, family: Family, still: Still, what: str, db: Database) -> None:
    actor.audit(
        Action.STILL,
        record_kind="still",
        record_id=still.id,
        family_id=family.id,
        detail=what,
        db=db,
    )
