"""Comments as people write and read them: on a tag, a plan moment, a time on a film, or a
visit's cycle as a whole, with threaded replies that can be marked resolved.

Writing needs the COMMENT permission and the family's filming consent (a supervisor's, the
supervision consent); reading is watching the films. Each comment is saved in its own
transaction with its audit event, which never holds the comment's words."""

from __future__ import annotations

from uuid import UUID

from vfapp.domain.errors import InvalidInput
from vfapp.domain.models import Family
from vfapp.domain.supervision import Comment, CommentTarget, CommentThread
from vfapp.governance.actor import Actor
from vfapp.governance.policy import Action
from vfapp.vault import casework, plan_store, tag_store
from vfapp.vault import record_table as records
from vfapp.vault import supervision_store as store
from vfapp.vault.recordings import get_recording
from vfapp.vault.session import WriteBatch
from vfapp.vault.users import live_users


def add_comment(
    actor: Actor,
    visit_id: UUID,
    body: str,
    *,
    target_kind: CommentTarget = CommentTarget.VISIT,
    target_id: UUID | None = None,
    recording_id: UUID | None = None,
    at_ms: int | None = None,
    parent_id: UUID | None = None,
) -> Comment:
    """Write a comment (or, with `parent_id`, a reply, which is about what its parent is)."""
    family = _family(actor, visit_id)
    actor.authorize(Action.COMMENT, family_id=family.id, log=False)
    words = " ".join(body.split()) if body else ""
    if not words:
        raise InvalidInput("comment", "is empty: write something first")
    if parent_id is not None:
        parent = records.get(actor.vault.db, store.COMMENTS, parent_id, what="comment")
        if parent.visit_id != visit_id:
            raise InvalidInput("reply", "is to a comment on another visit")
        parent = _root(actor, parent)
        target_kind, target_id = parent.target_kind, parent.target_id
        recording_id, at_ms, parent_id = parent.recording_id, parent.at_ms, parent.id
    else:
        recording_id = _checked_target(actor, visit_id, target_kind, target_id, recording_id)
    with actor.vault.write() as batch:
        comment = records.insert(
            batch,
            store.COMMENTS,
            visit_id=visit_id,
            recording_id=recording_id,
            target_kind=target_kind,
            target_id=target_id,
            at_ms=at_ms,
            parent_id=parent_id,
            author_id=actor.user.id,
            body=words,
        )
        what = "reply written" if parent_id else f"comment written on a {target_kind.value}"
        _audit(actor, family, comment.id, what, batch)
    return comment


def set_resolved(actor: Actor, comment_id: UUID, resolved: bool) -> Comment:
    """Mark a thread resolved (or open again); a reply resolves its thread."""
    comment = _root(actor, records.get(actor.vault.db, store.COMMENTS, comment_id, what="comment"))
    family = _family(actor, comment.visit_id)
    actor.authorize(Action.COMMENT, family_id=family.id, log=False)
    if comment.resolved == resolved:
        return comment
    with actor.vault.write() as batch:
        changed = records.update(batch, store.COMMENTS, comment, {"resolved": resolved})
        _audit(actor, family, changed.id, "resolved" if resolved else "opened again", batch)
    return changed


def threads(actor: Actor, visit_id: UUID) -> list[CommentThread]:
    """A visit's comment threads, oldest first, each with its replies and who wrote them."""
    family = _family(actor, visit_id)
    actor.authorize(Action.PLAY, family_id=family.id, log=False)
    comments = records.select(actor.vault.db, store.COMMENTS, "visit_id = ?", (str(visit_id),))
    names = {user.id: user.name for user in live_users(actor.vault.db)}
    replies: dict[UUID, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [
        CommentThread(
            comment=comment,
            replies=tuple(replies.get(comment.id, ())),
            authors={
                c.author_id: names.get(c.author_id, "someone no longer on the team")
                for c in (comment, *replies.get(comment.id, ()))
            },
        )
        for comment in comments
        if comment.parent_id is None
    ]


def _checked_target(
    actor: Actor,
    visit_id: UUID,
    kind: CommentTarget,
    target_id: UUID | None,
    recording_id: UUID | None,
) -> UUID | None:
    """The film the comment is on, after checking that its target belongs to the visit."""
    db = actor.vault.db
    if kind is CommentTarget.TAG:
        if target_id is None:
            raise InvalidInput("comment", "on a tag needs the tag")
        recording_id = tag_store.get_tag(db, target_id).recording_id
    elif kind is CommentTarget.MOMENT:
        if target_id is None:
            raise InvalidInput("comment", "on a moment needs the moment")
        moment = plan_store.get_moment(db, target_id)
        if moment.visit_id != visit_id:
            raise InvalidInput("comment", "is on a moment of another visit's plan")
        recording_id = moment.recording_id
    if recording_id is not None and get_recording(actor.vault, recording_id).visit_id != visit_id:
        raise InvalidInput("comment", "is on a film of another visit")
    return recording_id


def _root(actor: Actor, comment: Comment) -> Comment:
    while comment.parent_id is not None:
        comment = records.get(actor.vault.db, store.COMMENTS, comment.parent_id, what="comment")
    return comment


def _family(actor: Actor, visit_id: UUID) -> Family:
    visit = casework.get_visit(actor.vault, visit_id)
    return casework.get_family(actor.vault, visit.family_id)


def _audit(actor: Actor, family: Family, comment_id: UUID, what: str, batch: WriteBatch) -> None:
    actor.audit(
        Action.COMMENT,
        record_kind="comment",
        record_id=comment_id,
        family_id=family.id,
        detail=what,
        db=batch.db,
    )
