"""The nouns of code exchange: a film's codes ready to write, and events read from a file."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from vfapp.domain.errors import InvalidInput
from vfapp.domain.tagging import TagActor

# ELAN annotations need an end: a point tag is written as an annotation this long.
POINT_MS = 40


class Purpose(StrEnum):
    """What an export is for; each needs the family's consent to it."""

    CASE = "case"  # the family's own case work (filming consent)
    TRAINING = "training"  # teaching and training (training consent)
    RESEARCH = "research"  # research (research consent)


class CodeFormat(StrEnum):
    CSV = "csv"
    EAF = "eaf"
    BORIS = "boris"  # BORIS's tabular events table (.tsv)


class EafLayout(StrEnum):
    """How an .eaf groups tags into tiers."""

    PRINCIPLE = "principle"  # one tier per principle (a code's parent, or the code itself)
    ACTOR = "actor"  # one tier per actor: parent, infant, guider...


class CodeRow(BaseModel):
    """One tag as it is written out: its code spelled out with its name and principle."""

    model_config = ConfigDict(frozen=True)

    tag_id: UUID
    start_ms: int = Field(ge=0)
    end_ms: int | None = None  # None: a point
    code: str | None = None  # None: an uncoded marker
    code_name: str | None = None
    principle: str | None = None
    principle_name: str | None = None
    actor: TagActor = TagActor.PARENT
    note: str | None = None  # only when the user chose to include notes
    codebook: str | None = None
    codebook_version: int | None = None


class CodeSheet(BaseModel):
    """A film's codes, ready for a writer. `film` is a short id that names no family."""

    model_config = ConfigDict(frozen=True)

    film: str = Field(min_length=8, max_length=32)
    family: str | None = None  # the case code: only for the family's own case work
    made_at: datetime
    length_s: float | None = None  # from the film's frame index, when known
    fps: float | None = None
    rows: tuple[CodeRow, ...]

    @property
    def media_name(self) -> str:
        """A relative placeholder for the film (`vfapp recording export` can write it)."""
        return f"film-{self.film}.mp4"


class ImportedEvent(BaseModel):
    """One event read from a file, not yet checked against a codebook or a film.

    `codes` and `actors` are candidates, most telling first: the first that names a code
    of the codebook (an actor) is taken.
    """

    model_config = ConfigDict(frozen=True)

    start_ms: int
    end_ms: int | None = None  # None: a point
    codes: tuple[str, ...]
    actors: tuple[str, ...] = ()
    note: str | None = None
    source: str = ""  # where in the file: an ELAN tier


class ImportedCodes(BaseModel):
    """What a file held: its kind in words, its events, and what could not be read."""

    model_config = ConfigDict(frozen=True)

    name: str  # the file's name, for messages
    kind: str  # "ELAN", "BORIS project", "BORIS table"
    observation: str | None = None  # the BORIS observation read
    events: tuple[ImportedEvent, ...]
    dropped: dict[str, int] = Field(default_factory=dict)  # reason -> how many


def refused(name: str, reason: str, hint: str | None = None) -> InvalidInput:
    """A file that cannot be imported, in one sentence that names it and what is wrong."""
    after = f" ({hint})" if hint else ""
    return InvalidInput(f"file {name!r}", f"{reason}, so nothing was imported{after}")


_ACTOR_WORDS: dict[str, TagActor] = {
    **{actor.value: actor for actor in TagActor},
    "other adult": TagActor.OTHER_ADULT,
    "mother": TagActor.PARENT,
    "father": TagActor.PARENT,
    "mum": TagActor.PARENT,
    "dad": TagActor.PARENT,
    "carer": TagActor.PARENT,
    "caregiver": TagActor.PARENT,
    "baby": TagActor.INFANT,
    "child": TagActor.INFANT,
    # CHAT and ACLEW speaker codes: the target child, mother, father.
    "chi": TagActor.INFANT,
    "mot": TagActor.PARENT,
    "fat": TagActor.PARENT,
    "therapist": TagActor.GUIDER,
    "practitioner": TagActor.GUIDER,
}


def actor_named(word: str) -> TagActor | None:
    """The actor a subject, participant or tier name stands for ("Mother" is the parent)."""
    return _ACTOR_WORDS.get(" ".join(word.replace("_", " ").split()).casefold())
