"""The first nouns: families, visits and recordings, each a versioned, syncable record."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vfapp.domain.hlc import HlcStamp

CASE_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$")


class Record(BaseModel):
    """What every stored record carries so that sync can merge it later."""

    model_config = ConfigDict(frozen=True)

    id: UUID
    created_at: datetime
    hlc: HlcStamp
    device_id: str
    deleted: bool = False


class Family(Record):
    """A family on the caseload, known by a pseudonymous case code."""

    case_code: str
    display_name: str | None = None
    closed_on: date | None = None  # the day the team's involvement ended

    @field_validator("case_code")
    @classmethod
    def _case_code_is_pseudonymous_token(cls, value: str) -> str:
        if not CASE_CODE_PATTERN.match(value):
            raise ValueError(
                "must be 1-32 letters, digits, '.', '_', '/' or '-', starting with a letter "
                "or digit"
            )
        return value

    @field_validator("display_name")
    @classmethod
    def _display_name_trimmed(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = " ".join(value.split())
        if len(value) > 80:
            raise ValueError("must be at most 80 characters")
        return value or None


class VisitPlace(StrEnum):
    HOME = "home"
    CENTRE = "centre"
    CLINIC = "clinic"
    OTHER = "other"


class VisitActivity(StrEnum):
    PLAY = "play"
    FEEDING = "feeding"
    BATH = "bath"  # bath time
    OTHER = "other"


class Visit(Record):
    """One session with a family, at home or elsewhere, on one day."""

    family_id: UUID
    visited_on: date
    place: VisitPlace = VisitPlace.HOME
    activity: VisitActivity = VisitActivity.PLAY


class RecordingStatus(StrEnum):
    RECORDING = "recording"  # being written now, or the writer died and recovery has not run
    COMPLETE = "complete"  # closed normally; its last chunk carries the final flag
    RECOVERED = "recovered"  # the writer died; plays up to its last committed chunk
    DAMAGED = "damaged"  # a chunk failed verification


class RecordingOrigin(StrEnum):
    CAMERA = "camera"  # filmed with Attune
    IMPORT = "import"  # a video brought from elsewhere (a phone, another tool)


class Recording(Record):
    """A film made during a visit, stored as sealed chunks in the vault."""

    visit_id: UUID
    status: RecordingStatus
    media_type: str = "video/mp4"
    started_at: datetime
    ended_at: datetime | None = None
    byte_size: int = Field(default=0, ge=0)
    chunk_count: int = Field(default=0, ge=0)
    rotation: Literal[0, 90, 180, 270] = 0  # clockwise turn needed to show it upright
    origin: RecordingOrigin = RecordingOrigin.CAMERA
    imported_name: str | None = None  # the file's name, for finding it again


class Marker(Record):
    """A moment marked while filming; a look-back marker covers the seconds before it.

    Times are milliseconds after the recording's first picture.
    """

    recording_id: UUID
    at_ms: int = Field(ge=0)
    lookback_ms: int = Field(default=0, ge=0)
    code: str | None = Field(default=None, max_length=40)
    note: str | None = Field(default=None, max_length=500)

    @property
    def starts_ms(self) -> int:
        return max(0, self.at_ms - self.lookback_ms)
