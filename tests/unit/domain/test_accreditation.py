"""Progress towards VIG accreditation: stages in turn, new clients, hours, completion days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

from vfapp.domain.accreditation_logic import Cycle, accreditation
from vfapp.domain.hlc import HlcStamp
from vfapp.domain.supervision import SupervisionSession

GUIDER = uuid4()
START = date(2027, 1, 4)


def session(day: int, minutes: int = 60) -> SupervisionSession:
    return SupervisionSession(
        id=uuid4(),
        created_at=datetime(2027, 1, 1, tzinfo=UTC),
        hlc=HlcStamp(wall_ms=1, counter=0, device="d"),
        device_id="d",
        guider_id=GUIDER,
        held_on=START + timedelta(days=day),
        minutes=minutes,
    )


def cycles(families: list[UUID], first_day: int = 0) -> list[Cycle]:
    return [
        Cycle(family_id=family, signed_on=START + timedelta(days=first_day + n))
        for n, family in enumerate(families)
    ]


def test_nothing_yet_shows_every_stage_empty() -> None:
    progress = accreditation(GUIDER, "Gina", [], [])
    assert [s.needs.stage for s in progress.stages] == [1, 2, 3]
    assert all(not s.complete and s.cycles == 0 for s in progress.stages)
    assert (progress.total_cycles, progress.total_clients, progress.total_hours) == (0, 0, 0)


def test_stage_one_needs_six_cycles_two_clients_and_seven_hours() -> None:
    a, b = uuid4(), uuid4()
    six_with_one_family = cycles([a] * 6)
    hours = [session(10 + n) for n in range(7)]
    progress = accreditation(GUIDER, "Gina", six_with_one_family, hours)
    first = progress.stages[0]
    assert (first.cycles, first.new_clients, first.supervision_hours) == (6, 1, 7.0)
    assert not first.complete  # only one client
    progress = accreditation(GUIDER, "Gina", [*six_with_one_family, *cycles([b], 30)], hours)
    first = progress.stages[0]
    assert first.complete and first.completed_on == START + timedelta(days=30)
    assert (first.cycles, first.new_clients) == (7, 2)


def test_later_stages_count_only_new_clients_and_their_own_hours() -> None:
    first_families = [uuid4(), uuid4()]
    stage_one = cycles(first_families * 3)  # 6 cycles, 2 clients
    hours = [session(n) for n in range(7)]  # 7 hours by day 6
    # Stage 2: 9 cycles; 2 of them with a family already counted in stage 1, so 3 new ones
    # are needed among the others.
    new = [uuid4(), uuid4(), uuid4()]
    stage_two = cycles([first_families[0], first_families[1], *new, *new, new[0]], first_day=20)
    more_hours = [session(20 + n) for n in range(8)]
    progress = accreditation(GUIDER, "Gina", [*stage_one, *stage_two], [*hours, *more_hours])
    one, two, three = progress.stages
    assert one.complete and one.completed_on == START + timedelta(days=6)
    assert two.complete and (two.cycles, two.new_clients, two.supervision_hours) == (9, 3, 8.0)
    assert two.completed_on == START + timedelta(days=28)
    assert not three.complete and three.cycles == 0
    assert (progress.total_cycles, progress.total_clients, progress.total_hours) == (15, 5, 15.0)


def test_on_one_day_cycles_count_before_supervision() -> None:
    family = [uuid4(), uuid4()]
    done = cycles(family * 3)
    hours = [session(5, minutes=420)]  # all seven hours on the day of the sixth cycle
    progress = accreditation(GUIDER, "Gina", done, hours)
    assert progress.stages[0].completed_on == START + timedelta(days=5)
