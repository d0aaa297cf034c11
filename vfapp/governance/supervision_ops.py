"""Supervision as people record it: a supervisor signs off a guider's cycle, supervision
hours are logged, a shared review's own film is linked to the moments it showed, and each
guider's progress towards VIG accreditation is read from those records.

Signing off needs the SIGN_OFF permission and the family's consent to supervision; logging
hours is not about a family. Every change is one transaction with its audit event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from vfapp.domain.accreditation_logic import Cycle, accreditation
from vfapp.domain.errors import InvalidInput, NotFound
from vfapp.domain.governance import Role, User
from vfapp.domain.supervision import Accreditation, SharedReviewFilm, SignOff, SupervisionSession
from vfapp.governance.actor import Actor
from vfapp.governance.policy import Action
from vfapp.vault import casework, plan_store
from vfapp.vault import record_table as records
from vfapp.vault import supervision_store as store
from vfapp.vault.recordings import get_recording
from vfapp.vault.users import live_users, user_by_id

GUIDING_ROLES = (Role.GUIDER, Role.PRACTITIONER, Role.ADMIN)


def sign_off(actor: Actor, visit_id: UUID, guider_id: UUID, note: str | None = None) -> SignOff:
    """Mark a guider's cycle (the visit's film, micro-analysis and shared review) reviewed."""
    visit = casework.get_visit(actor.vault, visit_id)
    actor.authorize(Action.SIGN_OFF, family_id=visit.family_id, log=False)
    guider = _guider(actor, guider_id)
    done = records.select(
        actor.vault.db, store.SIGN_OFFS, "visit_id = ? AND guider_id = ?",
        (str(visit_id), str(guider.id)),
    )  # fmt: skip
    if done:
        raise InvalidInput(
            "cycle", f"was already signed off for {guider.name} on {done[0].signed_on:%-d %B %Y}"
        )
    with actor.vault.write() as batch:
        made = records.insert(
            batch, store.SIGN_OFFS, visit_id=visit_id, guider_id=guider.id,
            supervisor_id=actor.user.id, signed_on=actor.clock().date(), note=_words(note),
        )  # fmt: skip
        actor.audit(
            Action.SIGN_OFF, record_kind="visit", record_id=visit_id,
            family_id=visit.family_id, detail="cycle signed off", db=batch.db,
        )  # fmt: skip
    return made


def sign_offs(actor: Actor, visit_id: UUID) -> list[SignOff]:
    actor.authorize(Action.VIEW_CASEWORK, log=False)
    return list(records.select(actor.vault.db, store.SIGN_OFFS, "visit_id = ?", (str(visit_id),)))


def log_supervision(
    actor: Actor,
    guider_id: UUID,
    minutes: int,
    held_on: date,
    supervisor_id: UUID | None = None,
    note: str | None = None,
) -> SupervisionSession:
    """Record time in supervision. A guider logs their own; a supervisor or admin anyone's."""
    actor.authorize(Action.LOG_SUPERVISION, log=False)
    guider = _guider(actor, guider_id)
    if guider.id != actor.user.id and actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise InvalidInput("supervision", "of another guider is logged by their supervisor")
    if held_on > actor.clock().date():
        raise InvalidInput("date", "is in the future: log supervision once it has happened")
    with actor.vault.write() as batch:
        made = records.insert(
            batch, store.SESSIONS, guider_id=guider.id, supervisor_id=supervisor_id,
            held_on=held_on, minutes=minutes, note=_words(note),
        )  # fmt: skip
        actor.audit(
            Action.LOG_SUPERVISION, record_kind="user", record_id=guider.id,
            detail=f"{minutes} minutes of supervision logged", db=batch.db,
        )  # fmt: skip
    return made


def supervision_sessions(actor: Actor, guider_id: UUID) -> list[SupervisionSession]:
    _may_see_progress(actor, guider_id)
    return list(records.select(actor.vault.db, store.SESSIONS, "guider_id = ?", (str(guider_id),)))


def progress(actor: Actor, guider_id: UUID) -> Accreditation:
    """A guider's cycles, clients and supervision hours against the three VIG stages."""
    _may_see_progress(actor, guider_id)
    guider = _guider(actor, guider_id)
    db = actor.vault.db
    signed = records.select(db, store.SIGN_OFFS, "guider_id = ?", (str(guider.id),))
    cycles = [
        Cycle(
            family_id=casework.get_visit(actor.vault, s.visit_id).family_id, signed_on=s.signed_on
        )
        for s in signed
    ]
    sessions = records.select(db, store.SESSIONS, "guider_id = ?", (str(guider.id),))
    return accreditation(guider.id, guider.name, cycles, sessions)


def guiders(actor: Actor) -> list[User]:
    """The people whose practice is supervised (for pickers)."""
    actor.authorize(Action.VIEW_CASEWORK, log=False)
    return [user for user in live_users(actor.vault.db) if user.role in GUIDING_ROLES]


def link_shared_review_film(
    actor: Actor, recording_id: UUID, visit_id: UUID, moment_ids: Sequence[UUID]
) -> SharedReviewFilm:
    """Say that `recording_id` is the film of the shared review of `visit_id`'s plan, which
    showed `moment_ids`. A supervisor watching it needs the family's supervision consent."""
    visit = casework.get_visit(actor.vault, visit_id)
    recording = get_recording(actor.vault, recording_id)
    filmed_at = casework.get_visit(actor.vault, recording.visit_id)
    if filmed_at.family_id != visit.family_id:
        raise InvalidInput("film", "is of another family than the reviewed visit")
    actor.authorize(Action.RECORD, family_id=visit.family_id, log=False)
    for moment_id in moment_ids:
        if plan_store.get_moment(actor.vault.db, moment_id).visit_id != visit_id:
            raise InvalidInput("moment", "is not in this visit's review plan")
    film = SharedReviewFilm(
        recording_id=recording_id, visit_id=visit_id, moment_ids=tuple(moment_ids)
    )
    with actor.vault.write() as batch:
        store.link_shared_review_film(batch, film)
        actor.audit(
            Action.RECORD, record_kind="recording", record_id=recording_id,
            family_id=visit.family_id, detail=f"film of a shared review: {len(moment_ids)} moments",
            db=batch.db,
        )  # fmt: skip
    return film


def shared_review_films(actor: Actor, visit_id: UUID) -> list[SharedReviewFilm]:
    actor.authorize(Action.VIEW_CASEWORK, log=False)
    return store.shared_review_films(actor.vault.db, visit_id)


def _guider(actor: Actor, guider_id: UUID) -> User:
    user = user_by_id(actor.vault.db, guider_id)
    if user is None or user.deleted:
        raise NotFound("user", str(guider_id))
    if user.role not in GUIDING_ROLES:
        raise InvalidInput("guider", f"{user.name} is a {user.role.value}, not a guider")
    return user


def _may_see_progress(actor: Actor, guider_id: UUID) -> None:
    actor.authorize(Action.VIEW_CASEWORK, log=False)
    if guider_id != actor.user.id and actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise InvalidInput("progress", "of another guider is for them and their supervisor")


def _words(text: str | None) -> str | None:
    tidy = " ".join((text or "").split())
    return tidy or None
