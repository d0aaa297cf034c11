"""Codebooks as a signed-in user changes and reads them.

Changing a codebook (installing the shipped ones, importing, editing) needs the TAG
permission; each change and its audit event share one transaction. Every edit becomes a new
version; earlier versions never change, so a tag always finds the code it was made with.
Reading a codebook is not a use of anyone's data: anyone who may see the casework may read
one, and it is not audited.
"""

from __future__ import annotations

from uuid import UUID

from vfapp.domain.codebooks_logic import (
    check_successor,
    codebook_json,
    parse_codebook,
    shipped_codebooks,
)
from vfapp.domain.tagging import Codebook, CodebookContent
from vfapp.governance.actor import Actor
from vfapp.governance.policy import Action
from vfapp.vault import codebook_store
from vfapp.vault.database import Database


def install_default_codebooks(actor: Actor) -> list[Codebook]:
    """Add the shipped codebooks (VIG, VIPP-SD, Circle of Security) that the team does not
    have yet, by name; running it again adds nothing. Returns those added."""
    actor.authorize(Action.EDIT_CODEBOOK, log=False)
    added: list[Codebook] = []
    with actor.vault.write() as batch:
        have = {book.name.casefold() for book in codebook_store.list_codebooks(batch.db)}
        for content in shipped_codebooks():
            if content.name.casefold() in have:
                continue
            book = codebook_store.add_codebook(batch, content)
            _audit(actor, book, f"codebook {book.name!r} installed", batch.db)
            added.append(book)
    return added


def list_codebooks(actor: Actor) -> list[Codebook]:
    actor.authorize(Action.VIEW_CASEWORK, log=False)
    return codebook_store.list_codebooks(actor.vault.db)


def find_codebook(actor: Actor, name_or_id: str) -> Codebook:
    actor.authorize(Action.VIEW_CASEWORK, log=False)
    return codebook_store.find_codebook(actor.vault.db, name_or_id)


def codebook_version(
    actor: Actor, codebook_id: UUID, version: int | None = None
) -> CodebookContent:
    """What a codebook said at `version` (None: its current version)."""
    actor.authorize(Action.VIEW_CASEWORK, log=False)
    if version is None:
        version = codebook_store.get_codebook(actor.vault.db, codebook_id).current_version
    return codebook_store.read_version(actor.vault.db, codebook_id, version)


def edit_codebook(actor: Actor, codebook_id: UUID, new_content: CodebookContent) -> Codebook:
    """Save an edited codebook (codes added, renamed, hidden, recoloured, hotkeys set) as its
    next version. Nothing changed: no new version. A code may be hidden, never removed."""
    actor.authorize(Action.EDIT_CODEBOOK, log=False)
    with actor.vault.write() as batch:
        book = codebook_store.get_codebook(batch.db, codebook_id)
        current = codebook_store.read_version(batch.db, book.id, book.current_version)
        if current == new_content:
            return book
        check_successor(current, new_content)
        changed = codebook_store.add_version(batch, book, new_content)
        detail = f"codebook {changed.name!r} version {changed.current_version}"
        _audit(actor, changed, detail, batch.db)
    return changed


def import_codebook(actor: Actor, json_text: str) -> Codebook:
    """Add a codebook from its JSON (checked first; refused in plain words if malformed)."""
    actor.authorize(Action.EDIT_CODEBOOK, log=False)
    content = parse_codebook(json_text)
    with actor.vault.write() as batch:
        book = codebook_store.add_codebook(batch, content)
        _audit(actor, book, f"codebook {book.name!r} imported", batch.db)
    return book


def export_codebook(actor: Actor, codebook_id: UUID, version: int | None = None) -> str:
    """A codebook version (default: the current one) as JSON that import_codebook reads."""
    return codebook_json(codebook_version(actor, codebook_id, version))


def _audit(actor: Actor, book: Codebook, detail: str, db: Database) -> None:
    actor.audit(
        Action.EDIT_CODEBOOK,
        record_kind="codebook",
        record_id=book.id,
        detail=detail,
        db=db,
    )
