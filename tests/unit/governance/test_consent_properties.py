"""Property tests: the derived consent state against a simple model written independently.

The model finds the last "given" at or before the moment asked about, then walks forward
from it: a withdrawal ends the consent, a change moves its last day, and nothing counts once
the consent has ended (withdrawn or past its last day) until a new "given".
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.governance.conftest import FakeClock
from vfapp.domain.errors import InvalidInput
from vfapp.domain.governance import (
    ConsentEvent,
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
    TierState,
)
from vfapp.domain.hlc import HlcStamp
from vfapp.governance import consent
from vfapp.governance.actor import Actor
from vfapp.vault import casework
from vfapp.vault.consent_store import family_consent_events

START = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
FAMILY = UUID(int=42)
TIERS = (ConsentTier.FILMING, ConsentTier.TRAINING)
GIVEN, CHANGED, WITHDRAWN = (
    ConsentEventKind.GIVEN,
    ConsentEventKind.CHANGED,
    ConsentEventKind.WITHDRAWN,
)
PROPERTIES = settings(max_examples=100, deadline=None)

# (made, event): `made` is the order events were recorded in, the tie-break for equal times.
Made = tuple[int, ConsentEvent]


def model(made: Sequence[Made], tier: ConsentTier, at: datetime) -> TierState:
    mine = sorted(
        ((e.effective_at, n, e) for n, e in made if e.tier is tier and e.effective_at <= at),
        key=lambda item: item[:2],
    )
    kinds = [e.kind for _, _, e in mine]
    if GIVEN not in kinds:
        return TierState(tier=tier, in_force=False)
    start = len(kinds) - 1 - kinds[::-1].index(GIVEN)
    form = mine[start][2]
    last_day, withdrawn_at = form.expires_on, None
    for when, _, event in mine[start + 1 :]:
        if withdrawn_at is not None or (last_day is not None and when.date() > last_day):
            break
        if event.kind is WITHDRAWN:
            withdrawn_at = when
        else:
            last_day = event.expires_on
    expired = withdrawn_at is None and last_day is not None and at.date() > last_day
    return TierState(
        tier=tier,
        in_force=withdrawn_at is None and not expired,
        given_at=form.effective_at,
        given_by=form.given_by,
        expires_on=last_day,
        withdrawn_at=withdrawn_at,
        expired=expired,
    )


def event(
    n: int, tier: ConsentTier, kind: ConsentEventKind, at: datetime, last: date | None
) -> ConsentEvent:
    return ConsentEvent(
        id=uuid4(),
        created_at=START,
        hlc=HlcStamp(wall_ms=1_000 + n, counter=0, device="ab"),
        device_id="ab",
        family_id=FAMILY,
        tier=tier,
        kind=kind,
        effective_at=at,
        given_by=f"Parent {n}",
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
        recorded_by=UUID(int=1),
        expires_on=None if kind is WITHDRAWN else last,
    )


# Times on a coarse grid (6-hour steps over 30 days) so that ties and same-day events happen.
moments = st.integers(0, 120).map(lambda step: START + timedelta(hours=6 * step))


@st.composite
def raw_events(draw: st.DrawFn) -> tuple[ConsentTier, ConsentEventKind, datetime, date | None]:
    """A tier, a kind, when it takes effect and its last day (None, or -1 to 12 days on)."""
    at = draw(moments)
    days = draw(st.none() | st.integers(-1, 12))
    last = None if days is None else at.date() + timedelta(days=days)
    return draw(st.sampled_from(TIERS)), draw(st.sampled_from(ConsentEventKind)), at, last


@st.composite
def ledgers(draw: st.DrawFn) -> list[Made]:
    drawn = draw(st.lists(raw_events(), min_size=1, max_size=30))
    return [(n, event(n, *fields)) for n, fields in enumerate(drawn)]


@PROPERTIES
@given(made=ledgers(), at=moments, shuffle=st.randoms(use_true_random=False))
def test_the_derived_state_matches_the_model_at_any_moment(made, at, shuffle) -> None:  # type: ignore[no-untyped-def]
    events = [e for _, e in made]
    shuffle.shuffle(events)  # the ledger sorts by time, then by clock stamp, itself
    # The random moment, and also each event's own moment and the next day's.
    days = [e.effective_at + timedelta(days=later) for e in events for later in (0, 1)]
    for moment in (at, *days):
        for tier in ConsentTier:
            assert consent.derive_tier(events, tier, moment) == model(made, tier, moment)


@PROPERTIES
@given(made=ledgers(), at=moments, later=st.lists(raw_events(), max_size=8))
def test_events_dated_in_the_future_are_not_yet_in_force(made, at, later) -> None:  # type: ignore[no-untyped-def]
    events = [e for _, e in made]
    future = [
        event(100 + n, tier, kind, at + (when - START) + timedelta(minutes=1), last)
        for n, (tier, kind, when, last) in enumerate(later)
    ]
    for tier in ConsentTier:
        assert consent.derive_tier(events + future, tier, at) == consent.derive_tier(
            events, tier, at
        )
    for n, first in enumerate(future):
        alone = consent.derive_tier([first], first.tier, at)
        assert not alone.in_force and alone.given_at is None
        if first.kind is GIVEN and first.expires_on is None:
            assert consent.derive_tier([first], first.tier, first.effective_at).in_force, n


operations = st.lists(
    st.tuples(
        st.sampled_from(TIERS[:2]),
        st.sampled_from(ConsentEventKind),
        st.integers(0, 24 * 15),  # hours the clock moves on first
        st.integers(0, 48),  # hours the event is dated back
        st.none() | st.integers(0, 20),  # its last day, in days after it takes effect
    ),
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations)
def test_recording_through_the_ledger_matches_the_model(
    admin: Actor,
    clock: FakeClock,
    ops: list[tuple[ConsentTier, ConsentEventKind, int, int, int | None]],
) -> None:
    """One vault for all examples: each example is a new family and starts the clock again."""
    clock.now = START
    family = casework.add_family(admin.vault, f"P-{next(_codes)}").value.id
    accepted: list[Made] = []
    for n, (tier, kind, hours, back, days) in enumerate(ops):
        clock.advance(hours=hours)
        when = clock.now - timedelta(hours=back)
        last = None if days is None or kind is WITHDRAWN else when.date() + timedelta(days=days)
        expect_ok = kind is GIVEN or model(accepted, tier, when).in_force
        try:
            (made,) = consent.record_consent(
                admin,
                family,
                [tier],
                kind,
                given_by=f"Parent {n}",
                relationship=Relationship.CARER,
                method=ConsentMethod.VERBAL,
                expires_on=last,
                effective_at=when,
            ).value
        except InvalidInput as refused:
            assert not expect_ok, refused
            assert str(refused).startswith(("The withdrawal cannot", "The change cannot"))
        else:
            assert expect_ok
            accepted.append((n, made))
        expected = tuple(model(accepted, t, clock.now) for t in ConsentTier)
        assert consent.family_state(admin, family) == expected
    stored = family_consent_events(admin.vault.db, family)
    assert sorted(stored, key=lambda e: e.id) == sorted(
        (e for _, e in accepted), key=lambda e: e.id
    )


_codes = itertools.count()
