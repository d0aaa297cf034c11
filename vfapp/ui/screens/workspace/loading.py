"""What the workspace reads when a film is opened (on the worker): the film's family and
visit for the heading, the codebooks (the shipped ones installed the first time), and its tags.
Opening a film is watching it: checked against consent and audited once."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.tagging import Codebook, CodebookContent, Tag
from vfapp.governance import codebook_ops, tag_ops
from vfapp.governance.actor import Actor
from vfapp.governance.gates import use_film
from vfapp.governance.policy import Action, Permission
from vfapp.vault import casework
from vfapp.vault.recordings import get_recording


class BookChoice(BaseModel):
    model_config = ConfigDict(frozen=True)

    book: Codebook
    content: CodebookContent


class FilmHeading(BaseModel):
    model_config = ConfigDict(frozen=True)

    recording_id: UUID
    family_id: UUID
    visit_id: UUID
    case_code: str
    visited_on: date


class WorkspaceLoad(BaseModel):
    model_config = ConfigDict(frozen=True)

    heading: FilmHeading
    books: tuple[BookChoice, ...]
    tags: tuple[Tag, ...]
    may_code: bool


def load_workspace(actor: Actor, recording_id: UUID) -> WorkspaceLoad:
    family = use_film(actor, Action.PLAY, recording_id)
    recording = get_recording(actor.vault, recording_id)
    visit = casework.get_visit(actor.vault, recording.visit_id)
    choices = load_books(actor)
    tags = tag_ops.list_tags(actor, recording_id)
    may_code = actor.permits(Permission.TAG)
    heading = FilmHeading(
        recording_id=recording_id,
        family_id=family.id,
        visit_id=visit.id,
        case_code=family.case_code,
        visited_on=visit.visited_on,
    )
    return WorkspaceLoad(heading=heading, books=choices, tags=tuple(tags), may_code=may_code)


def load_books(actor: Actor) -> tuple[BookChoice, ...]:
    """The team's codebooks with their current versions (the shipped ones the first time)."""
    books = codebook_ops.list_codebooks(actor)
    if not books and actor.permits(Permission.TAG):
        codebook_ops.install_default_codebooks(actor)  # a supervisor just sees the tags
        books = codebook_ops.list_codebooks(actor)
    return tuple(
        BookChoice(book=book, content=codebook_ops.codebook_version(actor, book.id))
        for book in books
    )
