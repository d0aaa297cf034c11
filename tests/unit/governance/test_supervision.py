"""Comments (threads, replies, resolving), sign-offs, supervision hours and accreditation
progress, through the governed operations on a real vault."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from tests.governance_fixtures import FakeClock
from vfapp.domain.errors import ConsentMissing, InvalidInput, NotPermitted
from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier, Relationship, Role
from vfapp.domain.supervision import CommentTarget
from vfapp.governance import comment_ops, consent, supervision_ops
from vfapp.governance.actor import Actor
from vfapp.governance.tag_ops import add_tag
from vfapp.vault import audit_store, casework
from vfapp.vault.recordings import begin_recording


def _give(actor: Actor, family: UUID, *tiers: ConsentTier) -> None:
    consent.record_consent(
        actor, family, tiers, ConsentEventKind.GIVEN, given_by="Jo Parent",
        relationship=Relationship.PARENT, method=ConsentMethod.WRITTEN,
    )  # fmt: skip


@pytest.fixture
def visit(admin: Actor, family: UUID) -> UUID:
    _give(admin, family, ConsentTier.FILMING, ConsentTier.SUPERVISION)
    return casework.add_visit(admin.vault, family, date(2027, 3, 1)).value.id


@pytest.fixture
def film(admin: Actor, visit: UUID) -> UUID:
    return begin_recording(admin.vault, visit).value.id


def details(actor: Actor) -> list[str]:
    return [e.detail or "" for e in audit_store.chain_rows(actor.vault.db, actor.vault.device_id)]


def test_a_thread_on_a_tag_with_a_reply_and_resolving(
    admin: Actor, as_role: Callable[[Role], Actor], visit: UUID, film: UUID
) -> None:
    tag = add_tag(admin, film, 2_000)
    supervisor = as_role(Role.SUPERVISOR)
    first = comment_ops.add_comment(
        supervisor, visit, "  Lovely  wait here ", target_kind=CommentTarget.TAG, target_id=tag.id
    )
    assert (first.body, first.recording_id, first.target_id) == ("Lovely wait here", film, tag.id)
    reply = comment_ops.add_comment(admin, visit, "Thank you", parent_id=first.id)
    assert (reply.parent_id, reply.target_kind, reply.target_id) == (
        first.id,
        CommentTarget.TAG,
        tag.id,
    )
    at_time = comment_ops.add_comment(
        admin, visit, "Look at her hands", target_kind=CommentTarget.TIME,
        recording_id=film, at_ms=4_500,
    )  # fmt: skip
    comment_ops.set_resolved(supervisor, reply.id, True)  # a reply resolves its thread
    threads = comment_ops.threads(admin, visit)
    assert [t.comment.id for t in threads] == [first.id, at_time.id]
    assert threads[0].resolved and [r.body for r in threads[0].replies] == ["Thank you"]
    assert threads[0].authors[first.author_id] == "supervisor user"
    assert not any("Lovely" in d or "hands" in d for d in details(admin))  # never the words
    assert any("comment written on a tag" in d for d in details(admin))


def test_comments_are_checked_and_gated(
    admin: Actor, as_role: Callable[[Role], Actor], family: UUID, visit: UUID, film: UUID
) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        comment_ops.add_comment(admin, visit, "   ")
    with pytest.raises(InvalidInput, match="names the film and the time"):
        comment_ops.add_comment(admin, visit, "x", target_kind=CommentTarget.TIME)
    other_visit = casework.add_visit(admin.vault, family, date(2027, 4, 1)).value.id
    other_film = begin_recording(admin.vault, other_visit).value.id
    with pytest.raises(InvalidInput, match="film of another visit"):
        comment_ops.add_comment(
            admin, visit, "x", target_kind=CommentTarget.TIME, recording_id=other_film, at_ms=0
        )
    consent.record_consent(
        admin, family, (ConsentTier.SUPERVISION,), ConsentEventKind.WITHDRAWN,
        given_by="Jo Parent", relationship=Relationship.PARENT, method=ConsentMethod.WRITTEN,
    )  # fmt: skip
    with pytest.raises(ConsentMissing, match="supervision"):
        comment_ops.add_comment(as_role(Role.SUPERVISOR), visit, "x")
    comment_ops.add_comment(admin, visit, "the team may still comment")


def test_a_supervisor_signs_off_a_cycle_once(
    admin: Actor, as_role: Callable[[Role], Actor], visit: UUID
) -> None:
    guider = as_role(Role.GUIDER)
    supervisor = as_role(Role.SUPERVISOR)
    with pytest.raises(NotPermitted):
        supervision_ops.sign_off(guider, visit, guider.user.id)
    made = supervision_ops.sign_off(supervisor, visit, guider.user.id, note="warm, attuned")
    assert (made.supervisor_id, made.guider_id) == (supervisor.user.id, guider.user.id)
    with pytest.raises(InvalidInput, match="already signed off"):
        supervision_ops.sign_off(supervisor, visit, guider.user.id)
    with pytest.raises(InvalidInput, match="not a guider"):
        supervision_ops.sign_off(supervisor, visit, supervisor.user.id)
    assert [s.id for s in supervision_ops.sign_offs(admin, visit)] == [made.id]
    assert "cycle signed off" in details(admin)


def test_hours_and_progress_towards_stage_one(
    admin: Actor, as_role: Callable[[Role], Actor], clock: FakeClock, family: UUID
) -> None:
    guider = as_role(Role.GUIDER)
    supervisor = as_role(Role.SUPERVISOR)
    _give(admin, family, ConsentTier.FILMING, ConsentTier.SUPERVISION)
    other = casework.add_family(admin.vault, "PIP-0043").value.id
    _give(admin, other, ConsentTier.FILMING, ConsentTier.SUPERVISION)
    for number in range(6):
        home = family if number % 2 else other
        visit = casework.add_visit(admin.vault, home, date(2027, 3, 1 + number)).value.id
        supervision_ops.sign_off(supervisor, visit, guider.user.id)
    for _ in range(7):
        supervision_ops.log_supervision(guider, guider.user.id, 60, clock.now.date())
    with pytest.raises(InvalidInput, match="future"):
        supervision_ops.log_supervision(guider, guider.user.id, 60, date(2099, 1, 1))
    with pytest.raises(InvalidInput, match="their supervisor"):
        supervision_ops.log_supervision(guider, admin.user.id, 60, clock.now.date())
    progress = supervision_ops.progress(supervisor, guider.user.id)
    first = progress.stages[0]
    assert (first.cycles, first.new_clients, first.supervision_hours) == (6, 2, 7.0)
    assert first.complete and not progress.stages[1].complete
    with pytest.raises(InvalidInput, match="their supervisor"):
        supervision_ops.progress(as_role(Role.PRACTITIONER), guider.user.id)
