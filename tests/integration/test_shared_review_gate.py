"""The shared-review gate: shown only under the family's consent to it and with a plan; the
parent's screen gets the moments and nothing else; each showing audited as it opens and
closes."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest

from tests.governance_fixtures import FakeClock
from tests.integration.test_stills import consent_to, events, make_film
from vfapp.domain.errors import ConsentMissing, InvalidInput, NotPermitted
from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier, Relationship, Role
from vfapp.domain.review import NothingPlanned, SharedMoment
from vfapp.governance import plan_ops, still_ops, tag_ops
from vfapp.governance.actor import Actor
from vfapp.governance.consent import record_consent
from vfapp.governance.shared_review_ops import close_shared_review, open_shared_review
from vfapp.vault import casework
from vfapp.vault.recordings import get_recording


@pytest.fixture
def film(admin: Actor, family: UUID) -> UUID:
    consent_to(admin, family)
    return make_film(admin.vault, 8)


@pytest.fixture
def visit(admin: Actor, film: UUID) -> UUID:
    return get_recording(admin.vault, film).visit_id


def test_refused_in_words_without_consent_to_a_shared_review(
    admin: Actor, film: UUID, visit: UUID
) -> None:
    plan_ops.add_moment(admin, visit, film, 0, 3_000, "Peekaboo")
    with pytest.raises(ConsentMissing) as refused:
        open_shared_review(admin, visit)
    assert str(refused.value) == (
        "Cannot show a film in a shared review for family PIP-0042: the family has not given "
        "consent to showing clips to the family in a shared review."
    )
    last = events(admin)[-1]
    assert (last.action, last.outcome.value, last.detail) == (
        "recording.show_family",
        "refused",
        "no shared_review consent",
    )


def test_refused_in_one_sentence_while_nothing_is_planned(
    admin: Actor, family: UUID, visit: UUID
) -> None:
    consent_to(admin, family, ConsentTier.SHARED_REVIEW)
    with pytest.raises(NothingPlanned) as refused:
        open_shared_review(admin, visit)
    assert str(refused.value) == (
        "This visit has no moments planned yet; choose them in the review plan first."
    )


def test_the_parents_screen_gets_the_moments_and_nothing_else(
    admin: Actor, family: UUID, film: UUID, visit: UUID, clock: FakeClock
) -> None:
    consent_to(admin, family, ConsentTier.SHARED_REVIEW)
    casework.update_family(admin.vault, family, "Jo Smith")
    tag_ops.add_tag(admin, film, 1_000, note="private tag note")
    still = still_ops.make_still(admin, film, 40, "I did it!")
    gone = still_ops.make_still(admin, film, 80, "deleted caption")
    first = plan_ops.add_moment(admin, visit, film, 500, 4_000, "Rolling the ball", "What now?",
                                still.id)  # fmt: skip
    second = plan_ops.add_moment(admin, visit, film, 4_500, 7_500, "Peekaboo", None, gone.id)
    still_ops.delete_still(admin, gone.id)
    plan_ops.move_moment(admin, second.id, 0)

    review = open_shared_review(admin, visit)
    assert review.visit_id == visit
    assert review.moments == (
        SharedMoment(
            moment_id=second.id, recording_id=film, start_ms=4_500, end_ms=7_500, title="Peekaboo"
        ),
        SharedMoment(
            moment_id=first.id,
            recording_id=film,
            start_ms=500,
            end_ms=4_000,
            title=first.title,
            question="What now?",
            still_id=still.id,
            still_caption="I did it!",
        ),
    )
    shown = review.model_dump_json()
    for private in ("PIP-0042", "Jo Smith", "private tag note", "deleted caption", str(family)):
        assert private not in shown
    opened = events(admin)[-1]
    assert (opened.action, opened.detail, opened.record_id, opened.family_id) == (
        "recording.show_family",
        "shared review shown: 2 moments",
        visit,
        family,
    )
    clock.advance(seconds=42)
    close_shared_review(admin, visit, 42.2)
    closed = events(admin)[-1]
    assert (closed.action, closed.detail, closed.record_id) == (
        "recording.show_family",
        "shared review closed after 42 s",
        visit,
    )
    with pytest.raises(InvalidInput, match="is not a length of one showing"):
        close_shared_review(admin, visit, -1)


def test_a_showing_is_closed_even_if_consent_was_withdrawn_meanwhile(
    admin: Actor, family: UUID, film: UUID, visit: UUID, clock: FakeClock
) -> None:
    consent_to(admin, family, ConsentTier.SHARED_REVIEW)
    plan_ops.add_moment(admin, visit, film, 0, 3_000, "Peekaboo")
    open_shared_review(admin, visit)
    clock.advance(minutes=5)
    record_consent(
        admin,
        family,
        (ConsentTier.SHARED_REVIEW,),
        ConsentEventKind.WITHDRAWN,
        given_by="Jo Parent",
        relationship=Relationship.PARENT,
        method=ConsentMethod.VERBAL,
    )
    close_shared_review(admin, visit, 300)
    assert events(admin)[-1].detail == "shared review closed after 300 s"
    with pytest.raises(ConsentMissing, match="withdrew consent"):
        open_shared_review(admin, visit)


def test_only_those_who_plan_reviews_show_them(
    as_role: Callable[[Role], Actor], admin: Actor, family: UUID, film: UUID, visit: UUID
) -> None:
    consent_to(admin, family, ConsentTier.SHARED_REVIEW)
    plan_ops.add_moment(admin, visit, film, 0, 3_000, "Peekaboo")
    for role in (Role.PRACTITIONER, Role.SUPERVISOR):
        with pytest.raises(NotPermitted, match="cannot show a film in a shared review"):
            open_shared_review(as_role(role), visit)
        with pytest.raises(NotPermitted):
            close_shared_review(as_role(role), visit, 10)
    assert len(open_shared_review(as_role(Role.GUIDER), visit).moments) == 1
