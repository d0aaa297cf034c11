"""What the codebook editor asks of the vault, each run on the background worker."""

from __future__ import annotations

from uuid import UUID

from vfapp.domain.codebooks_logic import default_codebook
from vfapp.domain.tagging import Codebook, CodebookContent
from vfapp.governance import codebook_ops
from vfapp.governance.actor import Actor
from vfapp.ui.screens.codebooks import files

# every codebook, the one to show (None: there are none) and what its current version says
Loaded = tuple[list[Codebook], Codebook | None, CodebookContent | None]


def load(actor: Actor, wanted: UUID | None, *, install: bool) -> Loaded:
    """The codebooks, showing `wanted`, else the shipped default (VIG), else the first.
    `install`: add the shipped codebooks the team does not have yet (needs TAG)."""
    if install:
        codebook_ops.install_default_codebooks(actor)
    books = codebook_ops.list_codebooks(actor)
    default = default_codebook().name.casefold()
    book = next((b for b in books if b.id == wanted), None) or next(
        (b for b in books if b.name.casefold() == default), books[0] if books else None
    )
    content = codebook_ops.codebook_version(actor, book.id) if book else None
    return books, book, content


def save(actor: Actor, codebook_id: UUID, draft: CodebookContent) -> Codebook:
    """The draft as the codebook's next version (refused in words if it drops a code)."""
    return codebook_ops.edit_codebook(actor, codebook_id, draft)


def import_file(actor: Actor, path: str) -> Loaded:
    book = codebook_ops.import_codebook(actor, files.read_text(path))
    books = codebook_ops.list_codebooks(actor)
    return books, book, codebook_ops.codebook_version(actor, book.id)


def export_file(actor: Actor, codebook_id: UUID, path: str) -> None:
    files.write_text(path, codebook_ops.export_codebook(actor, codebook_id))
