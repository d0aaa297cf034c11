"""Progress towards VIG accreditation, from signed-off cycles and supervision sessions.

The stages are taken in turn: everything that happened (in date order) counts towards the
first stage not yet complete, and a stage is complete on the day its last requirement (cycles,
new clients, supervision hours) is met. A "new client" is a family not counted in an earlier
stage. On one day, cycles are counted before supervision sessions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.supervision import (
    VIG_STAGES,
    Accreditation,
    StageNeeds,
    StageProgress,
    SupervisionSession,
)


class Cycle(BaseModel):
    """One signed-off cycle: the family it was with, and the day it was signed off."""

    model_config = ConfigDict(frozen=True)

    family_id: UUID
    signed_on: date


class _Open:
    """The stage being filled."""

    def __init__(self, needs: StageNeeds, counted_before: set[UUID]) -> None:
        self.needs = needs
        self.cycles = 0
        self.clients: set[UUID] = set()
        self.minutes = 0
        self._earlier = counted_before

    def add_cycle(self, cycle: Cycle) -> None:
        self.cycles += 1
        if cycle.family_id not in self._earlier:
            self.clients.add(cycle.family_id)

    @property
    def met(self) -> bool:
        return (
            self.cycles >= self.needs.cycles
            and len(self.clients) >= self.needs.new_clients
            and self.minutes >= self.needs.supervision_hours * 60
        )

    def progress(self, completed_on: date | None) -> StageProgress:
        return StageProgress(
            needs=self.needs,
            cycles=self.cycles,
            new_clients=len(self.clients),
            supervision_hours=round(self.minutes / 60, 2),
            completed_on=completed_on,
        )


def accreditation(
    guider_id: UUID,
    guider_name: str,
    cycles: Sequence[Cycle],
    sessions: Sequence[SupervisionSession],
    stages: Sequence[StageNeeds] = VIG_STAGES,
) -> Accreditation:
    events: list[tuple[date, int, Cycle | SupervisionSession]] = [
        (c.signed_on, 0, c) for c in cycles
    ] + [(s.held_on, 1, s) for s in sessions]
    events.sort(key=lambda event: (event[0], event[1]))
    done: list[StageProgress] = []
    counted: set[UUID] = set()
    current = _Open(stages[0], counted) if stages else None
    for day, _order, event in events:
        if current is None:
            break  # every stage is complete; what follows counts only in the totals
        if isinstance(event, Cycle):
            current.add_cycle(event)
        else:
            current.minutes += event.minutes
        if current.met:
            done.append(current.progress(completed_on=day))
            counted |= current.clients
            following = len(done)
            current = _Open(stages[following], counted) if following < len(stages) else None
    if current is not None:
        done.append(current.progress(completed_on=None))
        done += [
            StageProgress(needs=needs, cycles=0, new_clients=0, supervision_hours=0)
            for needs in stages[len(done) :]
        ]
    return Accreditation(
        guider_id=guider_id,
        guider_name=guider_name,
        stages=tuple(done),
        total_cycles=len(cycles),
        total_clients=len({c.family_id for c in cycles}),
        total_hours=round(sum(s.minutes for s in sessions) / 60, 2),
    )
