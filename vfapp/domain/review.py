"""Review nouns: stills frozen from a film, a visit's review plan, what a shared review shows."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vfapp.domain.errors import VfappError
from vfapp.domain.models import Record

CAPTION_MAX = 300
TITLE_MAX = 80
QUESTION_MAX = 300


class Still(Record):
    """One frame of a film frozen as a picture, with an optional caption (often in the baby's
    voice). The picture itself is sealed in the vault under the film's own key."""

    recording_id: UUID
    frame_number: int = Field(ge=0)
    at_ms: int = Field(ge=0)  # when the frame is shown, after the film's first picture
    width: int = Field(gt=0)  # upright (the film's rotation applied)
    height: int = Field(gt=0)
    caption: str | None = Field(default=None, max_length=CAPTION_MAX)


class PlanMoment(Record):
    """One micro-moment chosen for a visit's shared review."""

    visit_id: UUID
    position: int = Field(ge=0)  # the order in the plan (ties, after an undo: by id)
    recording_id: UUID
    start_ms: int = Field(ge=0)
    end_ms: int
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    question: str | None = Field(default=None, max_length=QUESTION_MAX)  # to wonder about
    still_id: UUID | None = None

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> PlanMoment:
        if self.end_ms <= self.start_ms:
            raise ValueError("a moment must end after it starts")
        return self

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


class NoteKind(StrEnum):
    LONG_MOMENT = "long_moment"
    MANY_MOMENTS = "many_moments"
    NO_QUESTION = "no_question"


class PlanNote(BaseModel):
    """A gentle note on a plan: advice shown beside it, never a refusal."""

    model_config = ConfigDict(frozen=True)

    kind: NoteKind
    moment_id: UUID | None = None  # the moment it is about, if it is about one
    text: str


class ReviewPlan(BaseModel):
    """A visit's moments in the order they will be shown, with gentle notes."""

    model_config = ConfigDict(frozen=True)

    visit_id: UUID
    moments: tuple[PlanMoment, ...]
    notes: tuple[PlanNote, ...]


class SuggestedMoment(BaseModel):
    """A stretch of a film worth considering for the plan, and why."""

    model_config = ConfigDict(frozen=True)

    start_ms: int = Field(ge=0)
    end_ms: int
    covered_ms: int = Field(ge=0)  # received-initiative time inside it (weaker signals count less)
    tag_ids: tuple[UUID, ...]  # the tags it gathers, in time order
    reason: str  # "3 received initiatives in 9 s, 0:42-0:51"


class SharedMoment(BaseModel):
    """One moment as the parent's screen shows it: the film's range, words, and a still."""

    model_config = ConfigDict(frozen=True)

    moment_id: UUID  # the plan moment (a film of the review records which ones it showed)
    recording_id: UUID
    start_ms: int
    end_ms: int
    title: str
    question: str | None = None
    still_id: UUID | None = None
    still_caption: str | None = None


class SharedReview(BaseModel):
    """Only what the parent's screen needs: no case code, names, notes or tags."""

    model_config = ConfigDict(frozen=True)

    visit_id: UUID
    moments: tuple[SharedMoment, ...]


class NothingPlanned(VfappError):
    """A shared review was asked for before any moment was chosen."""

    def __init__(self) -> None:
        super().__init__(
            "This visit has no moments planned yet; choose them in the review plan first."
        )


class StillUnreadable(VfappError):
    """A still whose picture cannot be opened: its film's key is gone, or its seal fails."""

    def __init__(self, still_id: UUID, reason: str) -> None:
        self.still_id = still_id
        super().__init__(f"Still {still_id} cannot be shown: {reason}.")
