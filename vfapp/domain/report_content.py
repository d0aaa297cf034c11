"""What a session report says, gathered before it is laid out, and tags summed per principle."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from vfapp.domain.tagging import CodebookContent, Tag


class ReportMoment(BaseModel):
    """One moment of the review plan, with its still's picture (PNG, in memory only)."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1)
    title: str
    question: str | None = None
    film: int = Field(ge=1)  # which of the visit's films, from 1
    start_ms: int = Field(ge=0)
    end_ms: int
    still_png: bytes | None = None
    still_caption: str | None = None
    still_at_ms: int | None = None


class PrincipleCount(BaseModel):
    """How often one principle (a top-level code) was tagged, its sub-elements included."""

    model_config = ConfigDict(frozen=True)

    codebook: str
    code: str
    name: str
    colour: str  # "#4f7ca8", from the codebook
    tags: int = Field(ge=0)
    seconds: float = Field(ge=0)  # how long its range tags cover, added up


class ReportNote(BaseModel):
    """A tag's note, where the report is asked to carry notes."""

    model_config = ConfigDict(frozen=True)

    film: int = Field(ge=1)
    at_ms: int = Field(ge=0)
    code: str | None
    actor: str
    text: str


class ReportFilm(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1)
    length_s: float | None  # None when the film cannot be opened
    imported: bool


class ReportContent(BaseModel):
    """Everything a session report shows. Notes are None unless the report was asked for them."""

    model_config = ConfigDict(frozen=True)

    case_code: str
    visited_on: date
    place: str
    activity: str
    made_by: str
    made_at: datetime
    films: tuple[ReportFilm, ...]
    moments: tuple[ReportMoment, ...]
    principles: tuple[PrincipleCount, ...]
    uncoded: int = Field(ge=0)  # tags and markers with no code yet
    notes: tuple[ReportNote, ...] | None = None


def principle_of(content: CodebookContent, code: str) -> str:
    """The top-level code that `code` belongs to (itself if it is one)."""
    parents = {c.id: c.parent for c in content.codes}
    seen: set[str] = set()
    while parents.get(code) is not None and code not in seen:
        seen.add(code)
        code = parents[code] or code
    return code


def summarise_tags(
    tags: Iterable[Tag], books: Mapping[UUID, CodebookContent]
) -> tuple[list[PrincipleCount], int]:
    """Coded tags counted per principle of each codebook used (every principle of that
    codebook listed, even those never tagged, in the codebook's order), and the number of
    tags still uncoded. `books` holds each codebook's content, by id."""
    counts: dict[tuple[UUID, str], list[float]] = {}
    uncoded = 0
    for tag in tags:
        if tag.code is None or tag.codebook_id is None or tag.codebook_id not in books:
            uncoded += 1
            continue
        principle = principle_of(books[tag.codebook_id], tag.code)
        entry = counts.setdefault((tag.codebook_id, principle), [0, 0.0])
        entry[0] += 1
        if tag.end_ms is not None:
            entry[1] += (tag.end_ms - tag.start_ms) / 1000
    rows: list[PrincipleCount] = []
    used = list(dict.fromkeys(book for book, _ in counts))
    for book_id in used:
        content = books[book_id]
        for code in content.codes:
            if code.parent is not None or (code.hidden and (book_id, code.id) not in counts):
                continue
            tagged, seconds = counts.get((book_id, code.id), [0, 0.0])
            rows.append(
                PrincipleCount(
                    codebook=content.name,
                    code=code.id,
                    name=code.name,
                    colour=code.colour,
                    tags=int(tagged),
                    seconds=round(seconds, 1),
                )
            )
    return rows, uncoded
