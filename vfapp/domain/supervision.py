"""Supervision nouns: comments (threaded, resolvable), sign-offs of a guider's cycles,
supervision sessions, films of shared reviews, and progress towards VIG accreditation."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vfapp.domain.models import Record

COMMENT_MAX = 2000
NOTE_MAX = 1000


class CommentTarget(StrEnum):
    TAG = "tag"
    MOMENT = "moment"  # a moment of the visit's review plan
    TIME = "time"  # a time on a film
    VISIT = "visit"  # the cycle as a whole


class Comment(Record):
    """A comment on a visit's film, tag or plan moment; a reply names its parent. The words
    never change once written; whether it is resolved may."""

    visit_id: UUID
    recording_id: UUID | None = None
    target_kind: CommentTarget
    target_id: UUID | None = None
    at_ms: int | None = Field(default=None, ge=0)
    parent_id: UUID | None = None
    author_id: UUID
    body: str = Field(min_length=1, max_length=COMMENT_MAX)
    resolved: bool = False

    @model_validator(mode="after")
    def _target_is_named(self) -> Comment:
        if self.target_kind in (CommentTarget.TAG, CommentTarget.MOMENT) and not self.target_id:
            raise ValueError(f"a comment on a {self.target_kind.value} names it")
        if self.target_kind is CommentTarget.TIME and (
            self.at_ms is None or self.recording_id is None
        ):
            raise ValueError("a comment on a time names the film and the time")
        return self


class CommentThread(BaseModel):
    """A comment and its replies (oldest first), with the names of who wrote them."""

    model_config = ConfigDict(frozen=True)

    comment: Comment
    replies: tuple[Comment, ...] = ()
    authors: dict[UUID, str] = Field(default_factory=dict)

    @property
    def resolved(self) -> bool:
        return self.comment.resolved


class SignOff(Record):
    """A supervisor has reviewed a guider's cycle: the film, its micro-analysis and the
    shared review of one visit."""

    visit_id: UUID
    guider_id: UUID
    supervisor_id: UUID
    signed_on: date
    note: str | None = Field(default=None, max_length=NOTE_MAX)


class SupervisionSession(Record):
    """Time a guider spent in supervision (counted in hours towards accreditation)."""

    guider_id: UUID
    supervisor_id: UUID | None = None
    held_on: date
    minutes: int = Field(gt=0, le=600)
    note: str | None = Field(default=None, max_length=NOTE_MAX)


class SharedReviewFilm(BaseModel):
    """A film of a shared review: the visit it reviewed and the plan moments it showed."""

    model_config = ConfigDict(frozen=True)

    recording_id: UUID
    visit_id: UUID
    moment_ids: tuple[UUID, ...]


class StageNeeds(BaseModel):
    """What one VIG accreditation stage asks for, counted within that stage."""

    model_config = ConfigDict(frozen=True)

    stage: int
    cycles: int
    new_clients: int
    supervision_hours: float


# VIG: stage 1 = 6 cycles, at least 2 clients, 7 hours of supervision; stage 2 = 9 cycles, at
# least 3 new clients, 8 hours; stage 3 = 12 cycles, at least 3 new clients, 8 hours.
VIG_STAGES = (
    StageNeeds(stage=1, cycles=6, new_clients=2, supervision_hours=7),
    StageNeeds(stage=2, cycles=9, new_clients=3, supervision_hours=8),
    StageNeeds(stage=3, cycles=12, new_clients=3, supervision_hours=8),
)


class StageProgress(BaseModel):
    model_config = ConfigDict(frozen=True)

    needs: StageNeeds
    cycles: int
    new_clients: int
    supervision_hours: float
    completed_on: date | None = None  # the day its last requirement was met

    @property
    def complete(self) -> bool:
        return self.completed_on is not None


class Accreditation(BaseModel):
    """One guider's progress: each stage in turn, and the totals."""

    model_config = ConfigDict(frozen=True)

    guider_id: UUID
    guider_name: str
    stages: tuple[StageProgress, ...]
    total_cycles: int
    total_clients: int
    total_hours: float
