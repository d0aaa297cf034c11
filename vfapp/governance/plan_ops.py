"""A visit's review plan as a guider builds it: the micro-moments to show the parent, in order,
each with a title, a question to wonder about together, and perhaps a still.

Planning needs the PLAN_REVIEW permission and the family's filming consent. Every change is
its own vault transaction with its audit event, which never holds a title's or a question's
words. Advice (a long moment, too many, no question) comes back with the plan as gentle
notes, never as a refusal.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID

from vfapp.domain.errors import InvalidInput, NotFound
from vfapp.domain.models import Family, RecordingStatus
from vfapp.domain.review import QUESTION_MAX, TITLE_MAX, PlanMoment, ReviewPlan, SuggestedMoment
from vfapp.domain.review_logic import checked_words, plan_notes, suggest_moments
from vfapp.governance.actor import Actor
from vfapp.governance.gates import family_of_recording
from vfapp.governance.policy import Action
from vfapp.playback.video_session import VideoSession
from vfapp.vault import casework, codebook_store, plan_store, still_store, tag_store
from vfapp.vault.database import Database
from vfapp.vault.recordings import get_recording
from vfapp.vault.session import Vault

_EDITABLE = frozenset({"recording_id", "start_ms", "end_ms", "title", "question", "still_id"})


def review_plan(actor: Actor, visit_id: UUID) -> ReviewPlan:
    """A visit's moments in the order they will be shown, with gentle notes on them."""
    _authorize_visit(actor, visit_id)
    return _plan(actor.vault.db, visit_id)


def add_moment(
    actor: Actor,
    visit_id: UUID,
    recording_id: UUID,
    start_ms: int,
    end_ms: int,
    title: str,
    question: str | None = None,
    still_id: UUID | None = None,
) -> PlanMoment:
    """Add a moment of one of the family's films at the end of the visit's plan."""
    family = _authorize_visit(actor, visit_id)
    fields = _checked(
        actor,
        family,
        {
            "recording_id": recording_id,
            "start_ms": start_ms,
            "end_ms": end_ms,
            "title": title,
            "question": question,
            "still_id": still_id,
        },
    )
    with actor.vault.write() as batch:
        moment = plan_store.insert_moment(batch, visit_id=visit_id, **fields)
        _audit(actor, family, moment, f"moment added: {_span(moment)}", batch.db)
    return moment


def change_moment(actor: Actor, moment_id: UUID, /, **changes: Any) -> PlanMoment:
    """Change a moment's film, range, title, question or still; return the changed moment.
    To undo, call again with the old moment's values."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise InvalidInput("change", f"names fields a moment does not have: {', '.join(unknown)}")
    moment = _live(actor, moment_id)
    family = _authorize_visit(actor, moment.visit_id)
    fields = _checked(actor, family, {**moment.model_dump(include=set(_EDITABLE)), **changes})
    with actor.vault.write() as batch:
        changed = plan_store.update_moment_row(batch, moment, fields)
        _audit(actor, family, changed, f"moment changed: {_span(changed)}", batch.db)
    return changed


def remove_moment(actor: Actor, moment_id: UUID) -> PlanMoment:
    """Take a moment out of the plan (kept as a tombstone, so `restore_moment` can undo it)."""
    return _set_deleted(actor, moment_id, deleted=True)


def restore_moment(actor: Actor, moment_id: UUID) -> PlanMoment:
    """Put a removed moment back where it was (the undo of `remove_moment`)."""
    return _set_deleted(actor, moment_id, deleted=False)


def move_moment(actor: Actor, moment_id: UUID, new_position: int) -> ReviewPlan:
    """Move a moment to `new_position` (0 is shown first); return the plan in its new order."""
    moment = _live(actor, moment_id)
    family = _authorize_visit(actor, moment.visit_id)
    moments = plan_store.list_moment_rows(actor.vault.db, moment.visit_id)
    if not 0 <= new_position < len(moments):
        raise InvalidInput("new position", f"must be from 0 to {len(moments) - 1}")
    order = [m for m in moments if m.id != moment.id]
    order.insert(new_position, moment)
    with actor.vault.write() as batch:
        for position, each in enumerate(order):
            if each.position != position:
                plan_store.update_moment_row(batch, each, {"position": position})
        what = f"moment moved to place {new_position + 1} of {len(order)}"
        _audit(actor, family, moment, what, batch.db)
    return _plan(actor.vault.db, moment.visit_id)


def suggest(actor: Actor, recording_id: UUID, *, limit: int = 3) -> list[SuggestedMoment]:
    """Stretches of a film rich in received initiatives, from its coded tags, best first."""
    family = family_of_recording(actor, recording_id)
    actor.authorize(
        Action.PLAN_REVIEW,
        family_id=family.id,
        record_kind="recording",
        record_id=recording_id,
        log=False,
    )
    db = actor.vault.db
    coded = [tag for tag in tag_store.list_tag_rows(db, recording_id) if tag.code is not None]
    if not coded:
        return []
    # Codes are only comparable within one codebook: use the one most of the tags come from.
    codebook_id = Counter(tag.codebook_id for tag in coded).most_common(1)[0][0]
    tags = [tag for tag in coded if tag.codebook_id == codebook_id]
    content = None
    if codebook_id is not None:
        version = max(tag.codebook_version or 1 for tag in tags)
        content = codebook_store.read_version(db, codebook_id, version)
    return suggest_moments(tags, content, film_length_ms(actor.vault, recording_id), limit=limit)


def film_length_ms(vault: Vault, recording_id: UUID) -> int:
    """How long a film's pictures last, from its frame index (the same for every kind of
    film: filmed, recovered or imported)."""
    with VideoSession(vault, recording_id) as session:
        return round(session.index.duration_s * 1000)


def _checked(actor: Actor, family: Family, fields: dict[str, Any]) -> dict[str, Any]:
    """Fields for a moment of one of `family`'s films, with its range inside the film and its
    still (if any) from the same film."""
    recording = get_recording(actor.vault, fields["recording_id"])
    if family_of_recording(actor, recording.id).id != family.id:
        raise InvalidInput("film", f"is not one of {family.case_code}'s films")
    if recording.status is RecordingStatus.RECORDING:
        raise InvalidInput(
            "film", "is still being recorded or imported; plan its moments once it has finished"
        )
    start, end = fields["start_ms"], fields["end_ms"]
    if start < 0:
        raise InvalidInput("moment", "cannot start before the film does")
    if end <= start:
        raise InvalidInput("moment", "must end after it starts")
    length = film_length_ms(actor.vault, recording.id)
    if end > length:
        raise InvalidInput(
            "moment",
            f"ends at {end / 1000:.1f} s, after the end of the film ({length / 1000:.1f} s)",
        )
    still_id = fields["still_id"]
    if still_id is not None:
        still = still_store.find_still(actor.vault.db, still_id)
        if still is None or still.deleted:
            raise NotFound("still", str(still_id))
        if still.recording_id != recording.id:
            raise InvalidInput("still", "comes from another film; choose one of this moment's film")
    title = checked_words("title", fields["title"], TITLE_MAX)
    if title is None:
        raise InvalidInput("title", "is empty; give the moment a few words")
    return fields | {
        "title": title,
        "question": checked_words("question", fields["question"], QUESTION_MAX),
    }


def _set_deleted(actor: Actor, moment_id: UUID, *, deleted: bool) -> PlanMoment:
    moment = plan_store.get_moment(actor.vault.db, moment_id)
    family = _authorize_visit(actor, moment.visit_id)
    if moment.deleted == deleted:
        return moment
    with actor.vault.write() as batch:
        changed = plan_store.update_moment_row(batch, moment, {"deleted": deleted})
        what = "moment removed" if deleted else "moment restored"
        _audit(actor, family, changed, what, batch.db)
    return changed


def _plan(db: Database, visit_id: UUID) -> ReviewPlan:
    moments = tuple(plan_store.list_moment_rows(db, visit_id))
    return ReviewPlan(visit_id=visit_id, moments=moments, notes=plan_notes(moments))


def _live(actor: Actor, moment_id: UUID) -> PlanMoment:
    moment = plan_store.get_moment(actor.vault.db, moment_id)
    if moment.deleted:
        raise NotFound("moment", str(moment_id))
    return moment


def _authorize_visit(actor: Actor, visit_id: UUID) -> Family:
    visit = casework.get_visit(actor.vault, visit_id)
    family = casework.get_family(actor.vault, visit.family_id)
    actor.authorize(
        Action.PLAN_REVIEW, family_id=family.id, record_kind="visit", record_id=visit_id, log=False
    )
    return family


def _span(moment: PlanMoment) -> str:
    return f"{moment.start_ms / 1000:.1f}-{moment.end_ms / 1000:.1f} s"


def _audit(actor: Actor, family: Family, moment: PlanMoment, what: str, db: Database) -> None:
    actor.audit(
        Action.PLAN_REVIEW,
        record_kind="plan_moment",
        record_id=moment.id,
        family_id=family.id,
        detail=what,
        db=db,
    )
