"""What a report or media export gives back, how it reports progress, and the faces it found."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Protocol
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from vfapp.domain.errors import VfappError

# Told how far an export has got (0 to 1) and what it is doing, in a few words.
Progress = Callable[[float, str], None]


class CancelToken(Protocol):
    """Asked between frames and pages whether the person has cancelled (a threading.Event)."""

    def is_set(self) -> bool: ...


class ExportKind(StrEnum):
    REPORT = "report"
    REEL = "reel"
    STILLS = "stills"


class ReelPurpose(StrEnum):
    CASE = "case"  # for the family's own case work: filming consent
    TRAINING = "training"  # for teaching: the family's training consent


class ExportResult(BaseModel):
    """What an export wrote, where the user asked for it, all of it in plain."""

    model_config = ConfigDict(frozen=True)

    kind: ExportKind
    paths: tuple[Path, ...]  # every file written (one, or one per still)
    bytes: int = Field(ge=0)
    pages: int | None = None  # a report's pages
    duration_s: float | None = None  # a reel's length
    streams: tuple[str, ...] = ()  # a reel's streams: ("video", "audio") or ("video",)
    faces_blurred: int = 0  # face tracks a reel blurred (found on its sample frames)

    @property
    def path(self) -> Path:
        return self.paths[0]


class FaceBox(BaseModel):
    """A face's box in a film's upright picture, in pixels."""

    model_config = ConfigDict(frozen=True)

    x: int = Field(ge=0)
    y: int = Field(ge=0)
    width: int = Field(gt=0)
    height: int = Field(gt=0)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)


class FaceSighting(BaseModel):
    """Where a face was on one sample frame."""

    model_config = ConfigDict(frozen=True)

    at_ms: int = Field(ge=0)  # time in the film
    box: FaceBox


class FaceTrack(BaseModel):
    """One face followed across a moment's sample frames, numbered for the person to choose
    which faces to keep (the parent's and the baby's) and which to blur."""

    model_config = ConfigDict(frozen=True)

    id: int = Field(ge=1)
    moment: int = Field(ge=1)  # which of the plan's moments, from 1
    recording_id: UUID
    frame_width: int = Field(gt=0)  # the film's upright picture, which the boxes are in
    frame_height: int = Field(gt=0)
    sightings: tuple[FaceSighting, ...] = Field(min_length=1)

    @property
    def best(self) -> FaceSighting:
        """The sighting where the face is largest: the one to show the person."""
        return max(self.sightings, key=lambda s: (s.box.width * s.box.height, -s.at_ms))

    def describe(self) -> str:
        """'moment 1, 0:03, left, 80x80 px, on 9 sample frames'."""
        best = self.best
        minutes, seconds = divmod(best.at_ms // 1000, 60)
        third = min(2, int(best.box.centre[0] / self.frame_width * 3))
        where = ("left", "middle", "right")[third]
        count = len(self.sightings)
        return (
            f"moment {self.moment}, {minutes}:{seconds:02d}, {where}, "
            f"{best.box.width}x{best.box.height} px, on {count} sample frame{'s' * (count != 1)}"
        )


class ExportCancelled(VfappError):
    """The person cancelled an export: whatever it had written is gone."""

    def __init__(self) -> None:
        super().__init__("The export was cancelled; nothing was written.")


class FacesUnavailable(VfappError):
    """This installation has no face detector to find faces with."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"Faces cannot be found or blurred here: {detail}.")


def check_cancel(cancel: CancelToken | None) -> None:
    if cancel is not None and cancel.is_set():
        raise ExportCancelled()


def tell(progress: Progress | None, fraction: float, what: str) -> None:
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)), what)
