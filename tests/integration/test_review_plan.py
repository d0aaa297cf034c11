"""A visit's review plan on real films: moments in order (move, remove, restore), each change
audited without its words; ranges inside the film, stills from the same film, films of the
same family; gentle notes; suggestions from the film's own VIG tags; refusals by role and
consent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from tests.integration.test_stills import consent_to, events, make_film
from vfapp.domain.errors import ConsentMissing, InvalidInput, NotFound, NotPermitted
from vfapp.domain.governance import Role
from vfapp.domain.review import NoteKind, ReviewPlan
from vfapp.governance import codebook_ops, plan_ops, still_ops, tag_ops
from vfapp.governance.actor import Actor
from vfapp.vault import casework
from vfapp.vault.recordings import begin_recording, get_recording

FILM_SECONDS = 16


@pytest.fixture
def film(admin: Actor, family: UUID) -> UUID:
    consent_to(admin, family)
    return make_film(admin.vault, FILM_SECONDS)


@pytest.fixture
def visit(admin: Actor, film: UUID) -> UUID:
    return get_recording(admin.vault, film).visit_id


def titles(plan: ReviewPlan) -> list[str]:
    return [m.title for m in plan.moments]


def test_moments_keep_their_order_through_moves_removal_and_undo(
    admin: Actor, film: UUID, visit: UUID
) -> None:
    a, b, c = (
        plan_ops.add_moment(admin, visit, film, 1_000 * i, 1_000 * i + 3_000, name, "Why?")
        for i, name in enumerate("ABC")
    )
    assert titles(plan_ops.review_plan(admin, visit)) == ["A", "B", "C"]
    assert titles(plan_ops.move_moment(admin, c.id, 0)) == ["C", "A", "B"]
    assert titles(plan_ops.move_moment(admin, a.id, 2)) == ["C", "B", "A"]
    assert plan_ops.remove_moment(admin, b.id).deleted
    assert titles(plan_ops.review_plan(admin, visit)) == ["C", "A"]
    assert not plan_ops.restore_moment(admin, b.id).deleted
    assert titles(plan_ops.review_plan(admin, visit)) == ["C", "B", "A"]
    with pytest.raises(InvalidInput, match=r"^The new position must be from 0 to 2\.$"):
        plan_ops.move_moment(admin, a.id, 3)
    with pytest.raises(NotFound, match="There is no moment"):
        plan_ops.remove_moment(admin, UUID(int=7))
    details = [e.detail or "" for e in events(admin) if e.action == "review.plan"]
    assert details == [
        "moment added: 0.0-3.0 s",
        "moment added: 1.0-4.0 s",
        "moment added: 2.0-5.0 s",
        "moment moved to place 1 of 3",
        "moment moved to place 3 of 3",
        "moment removed",
        "moment restored",
    ]


def test_a_moment_changes_and_changes_back_without_its_words_in_the_audit(
    admin: Actor, film: UUID, visit: UUID
) -> None:
    still = still_ops.make_still(admin, film, 60, "Look at me!")
    made = plan_ops.add_moment(admin, visit, film, 1_500, 9_000, " Peekaboo  ", None, still.id)
    assert (made.title, made.question, made.still_id) == ("Peekaboo", None, still.id)
    changed = plan_ops.change_moment(
        admin, made.id, title="Big smile", question="What was she telling you?", still_id=None
    )
    assert (changed.title, changed.question, changed.still_id) == (
        "Big smile",
        "What was she telling you?",
        None,
    )
    assert changed.position == made.position and changed.id == made.id
    undone = plan_ops.change_moment(
        admin, made.id, title=made.title, question=made.question, still_id=made.still_id
    )
    assert (undone.title, undone.question, undone.still_id) == ("Peekaboo", None, still.id)
    assert plan_ops.review_plan(admin, visit).moments == (undone,)
    with pytest.raises(InvalidInput, match="names fields a moment does not have: visit_id"):
        plan_ops.change_moment(admin, made.id, visit_id=visit)
    words = " ".join(e.detail or "" for e in events(admin))
    assert not any(w in words for w in ("Peekaboo", "smile", "telling", "Look at me"))


def test_ranges_stills_and_films_are_checked_in_words(
    admin: Actor, film: UUID, visit: UUID
) -> None:
    length = plan_ops.film_length_ms(admin.vault, film)
    assert abs(length - FILM_SECONDS * 1000) <= 100
    with pytest.raises(InvalidInput, match=rf"^The moment ends at {(length + 500) / 1000:.1f} s, "
                       rf"after the end of the film \({length / 1000:.1f} s\)\.$"):  # fmt: skip
        plan_ops.add_moment(admin, visit, film, 5_000, length + 500, "Too far")
    with pytest.raises(InvalidInput, match=r"^The moment must end after it starts\.$"):
        plan_ops.add_moment(admin, visit, film, 5_000, 5_000, "Nothing")
    with pytest.raises(InvalidInput, match=r"^The title is empty; give the moment a few words\.$"):
        plan_ops.add_moment(admin, visit, film, 0, 1_000, "   ")
    with pytest.raises(InvalidInput, match=r"^The title is 81 characters long; keep it to 80\.$"):
        plan_ops.add_moment(admin, visit, film, 0, 1_000, "x" * 81)
    with pytest.raises(InvalidInput, match=r"^The question is 301 characters long"):
        plan_ops.add_moment(admin, visit, film, 0, 1_000, "Ok", "?" * 301)

    second = make_film(admin.vault, 2)  # the same family, another visit
    other_still = still_ops.make_still(admin, second, 1, None)
    with pytest.raises(InvalidInput, match=r"^The still comes from another film; choose one"):
        plan_ops.add_moment(admin, visit, film, 0, 1_000, "Ok", None, other_still.id)
    across = plan_ops.add_moment(admin, visit, second, 0, 1_000, "From the other visit")
    assert across.recording_id == second
    still_ops.delete_still(admin, other_still.id)
    with pytest.raises(NotFound, match="There is no still"):
        plan_ops.add_moment(admin, visit, second, 0, 1_000, "Ok", None, other_still.id)

    stranger = casework.add_family(admin.vault, "PIP-0099").value.id
    consent_to(admin, stranger)
    their_visit = casework.add_visit(admin.vault, stranger, date(2027, 3, 1)).value.id
    with pytest.raises(InvalidInput, match=r"^The film is not one of PIP-0099's films\.$"):
        plan_ops.add_moment(admin, their_visit, film, 0, 1_000, "Not theirs")
    filming = begin_recording(admin.vault, visit).value.id
    with pytest.raises(InvalidInput, match="still being recorded or imported"):
        plan_ops.add_moment(admin, visit, filming, 0, 1_000, "Too soon")
    assert titles(plan_ops.review_plan(admin, visit)) == ["From the other visit"]


def test_gentle_notes_come_back_with_the_plan(admin: Actor, film: UUID, visit: UUID) -> None:
    plan_ops.add_moment(admin, visit, film, 0, 14_000, "Long", "What happened here?")
    plan_ops.add_moment(admin, visit, film, 0, 9_000, "Short", "And here?")
    assert [n.text for n in plan_ops.review_plan(admin, visit).notes] == [
        "Moment 1 lasts 14 s. Micro-moments of about 10 seconds or less are easier to take in "
        "together."
    ]
    plan_ops.add_moment(admin, visit, film, 1_000, 5_000, "Third", "Hmm?")
    fourth = plan_ops.add_moment(admin, visit, film, 2_000, 6_000, "Fourth")
    notes = plan_ops.review_plan(admin, visit).notes
    assert [n.kind for n in notes] == [
        NoteKind.MANY_MOMENTS,
        NoteKind.LONG_MOMENT,
        NoteKind.NO_QUESTION,
    ]
    assert notes[0].text == "The plan has 4 moments; a shared review usually shows up to three."
    assert notes[2].moment_id == fourth.id


def test_suggestions_come_from_the_films_vig_tags(admin: Actor, film: UUID) -> None:
    assert plan_ops.suggest(admin, film) == []
    (vig, *_) = codebook_ops.install_default_codebooks(admin)
    for second in (3, 4.5, 6):
        tag_ops.add_tag(admin, film, round(second * 1000), code="VIG-3.4", codebook_id=vig.id)
    tag_ops.add_tag(admin, film, 11_000, 13_000, code="VIG-4", codebook_id=vig.id)
    tag_ops.add_tag(admin, film, 9_000, code="VIG-1", codebook_id=vig.id)  # not a reception
    tag_ops.add_tag(admin, film, 14_000)  # uncoded
    found = plan_ops.suggest(admin, film)
    assert [(s.start_ms, s.end_ms, s.reason) for s in found] == [
        (2_000, 7_000, "3 received initiatives in 5 s, 0:02-0:07"),
        (11_000, 13_000, "1 attuned interaction in 2 s, 0:11-0:13"),
    ]


def test_planning_needs_the_role_and_filming_consent(
    as_role: Callable[[Role], Actor], admin: Actor, family: UUID, visit: UUID
) -> None:
    with pytest.raises(NotPermitted, match="cannot plan a shared review"):
        plan_ops.review_plan(as_role(Role.PRACTITIONER), visit)
    with pytest.raises(NotPermitted):
        plan_ops.review_plan(as_role(Role.SUPERVISOR), visit)
    assert plan_ops.review_plan(as_role(Role.GUIDER), visit).moments == ()
    unconsented = casework.add_family(admin.vault, "PIP-0099").value.id
    their_visit = casework.add_visit(admin.vault, unconsented, date(2027, 3, 1)).value.id
    with pytest.raises(ConsentMissing, match=r"^Cannot plan a shared review for family PIP-0099"):
        plan_ops.review_plan(admin, their_visit)
    with pytest.raises(NotFound, match="There is no visit"):
        plan_ops.review_plan(admin, UUID(int=5))
