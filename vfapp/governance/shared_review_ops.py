"""The shared review: a visit's planned moments shown full-screen to the parent.

Showing needs the PLAN_REVIEW permission and the family's consent to a shared review. What
the parent's screen is given holds only the moments themselves (films' ranges, titles,
questions, stills and their captions): no case code, names, notes or tags. Each showing is
audited when it opens and when it closes.
"""

from __future__ import annotations

from uuid import UUID

from vfapp.domain.errors import InvalidInput
from vfapp.domain.models import Family
from vfapp.domain.review import NothingPlanned, PlanMoment, SharedMoment, SharedReview
from vfapp.governance.actor import Actor
from vfapp.governance.policy import Action
from vfapp.vault import casework, plan_store, still_store


def open_shared_review(actor: Actor, visit_id: UUID) -> SharedReview:
    """What the parent's screen shows, once the family's consent to it is checked; audited."""
    family = _family(actor, visit_id)
    actor.authorize(
        Action.SHOW_FAMILY, family_id=family.id, record_kind="visit", record_id=visit_id, log=False
    )
    moments = plan_store.list_moment_rows(actor.vault.db, visit_id)
    if not moments:
        raise NothingPlanned()
    review = SharedReview(visit_id=visit_id, moments=tuple(_shown(actor, m) for m in moments))
    count = len(review.moments)
    _audit(actor, family, visit_id, f"shared review shown: {count} moment{'s' * (count != 1)}")
    return review


def close_shared_review(actor: Actor, visit_id: UUID, seconds_shown: float) -> None:
    """Record that the shared review opened for `visit_id` has ended, and how long it was
    shown. Never refused for consent: a showing that was allowed to start is always closed."""
    if not 0 <= seconds_shown < 86_400:
        raise InvalidInput("time shown", f"({seconds_shown} s) is not a length of one showing")
    family = _family(actor, visit_id)
    # The role is checked, not the consent (no family given): it may have lapsed meanwhile.
    actor.authorize(Action.SHOW_FAMILY, record_kind="visit", record_id=visit_id, log=False)
    _audit(actor, family, visit_id, f"shared review closed after {round(seconds_shown)} s")


def _shown(actor: Actor, moment: PlanMoment) -> SharedMoment:
    still = None
    if moment.still_id is not None:
        found = still_store.find_still(actor.vault.db, moment.still_id)
        still = found if found is not None and not found.deleted else None
    return SharedMoment(
        moment_id=moment.id,
        recording_id=moment.recording_id,
        start_ms=moment.start_ms,
        end_ms=moment.end_ms,
        title=moment.title,
        question=moment.question,
        still_id=None if still is None else still.id,
        still_caption=None if still is None else still.caption,
    )


def _family(actor: Actor, visit_id: UUID) -> Family:
    visit = casework.get_visit(actor.vault, visit_id)
    return casework.get_family(actor.vault, visit.family_id)


def _audit(actor: Actor, family: Family, visit_id: UUID, what: str) -> None:
    with actor.vault.write() as batch:
        actor.audit(
            Action.SHOW_FAMILY,
            record_kind="visit",
            record_id=visit_id,
            family_id=family.id,
            detail=what,
            db=batch.db,
        )
