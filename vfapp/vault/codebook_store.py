"""Codebooks in the vault: each one's row, and every version it has had (never changed).

Writes take the caller's WriteBatch, so a governed operation can audit in the same
transaction; reads take the vault's (or the batch's) database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from vfapp.domain.changes import ChangeAction, RecordKind
from vfapp.domain.codebooks_logic import codebook_json, parse_codebook
from vfapp.domain.errors import InvalidInput, NotFound
from vfapp.domain.tagging import Codebook, CodebookContent
from vfapp.vault.casework import SYNC_COLUMNS, sync_fields, sync_values
from vfapp.vault.database import Database
from vfapp.vault.session import WriteBatch

_COLUMNS = f"{SYNC_COLUMNS}, name, current_version"


def add_codebook(batch: WriteBatch, content: CodebookContent) -> Codebook:
    """A new codebook, at version 1; its name must not be in use."""
    _name_is_free(batch.db, content.name)
    stamp = batch.stamp()
    book = Codebook(**stamp.fresh_record(), name=content.name, current_version=1)
    batch.db.execute(
        f"INSERT INTO codebooks ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (*sync_values(book), book.name, book.current_version),
    )
    _insert_version(batch.db, book.id, 1, content, stamp.at)
    batch.changed(RecordKind.CODEBOOK, book.id, ChangeAction.CREATED, stamp.hlc)
    return book


def add_version(batch: WriteBatch, book: Codebook, content: CodebookContent) -> Codebook:
    """The next version of a codebook becomes its current one; earlier versions stay."""
    if content.name != book.name:
        _name_is_free(batch.db, content.name, besides=book.id)
    stamp = batch.stamp()
    version = book.current_version + 1
    _insert_version(batch.db, book.id, version, content, stamp.at)
    batch.db.execute(
        "UPDATE codebooks SET name = ?, current_version = ?, hlc = ?, device_id = ? WHERE id = ?",
        (content.name, version, stamp.hlc.encode(), stamp.device_id, str(book.id)),
    )
    batch.changed(RecordKind.CODEBOOK, book.id, ChangeAction.UPDATED, stamp.hlc)
    return book.model_copy(
        update={"name": content.name, "current_version": version, "hlc": stamp.hlc}
    )


def list_codebooks(db: Database) -> list[Codebook]:
    rows = db.query(
        f"SELECT {_COLUMNS} FROM codebooks WHERE deleted = 0 ORDER BY name COLLATE NOCASE"
    )
    return [_codebook(row) for row in rows]


def get_codebook(db: Database, codebook_id: UUID) -> Codebook:
    row = db.query_one(
        f"SELECT {_COLUMNS} FROM codebooks WHERE id = ? AND deleted = 0", (str(codebook_id),)
    )
    if row is None:
        raise NotFound("codebook", str(codebook_id))
    return _codebook(row)


def find_codebook(db: Database, name_or_id: str) -> Codebook:
    """A codebook by its name (any case) or its id."""
    wanted = name_or_id.strip()
    for book in list_codebooks(db):
        if str(book.id) == wanted.lower() or book.name.casefold() == wanted.casefold():
            return book
    raise NotFound("codebook", wanted)


def read_version(db: Database, codebook_id: UUID, version: int) -> CodebookContent:
    row = db.query_one(
        "SELECT content FROM codebook_versions WHERE codebook_id = ? AND version = ?",
        (str(codebook_id), version),
    )
    if row is None:
        raise NotFound("codebook version", f"{codebook_id} version {version}")
    return parse_codebook(row[0])


def version_count(db: Database, codebook_id: UUID) -> int:
    row = db.query_one(
        "SELECT COUNT(*) FROM codebook_versions WHERE codebook_id = ?", (str(codebook_id),)
    )
    return int(row[0]) if row else 0


def _insert_version(
    db: Database, codebook_id: UUID, version: int, content: CodebookContent, at: datetime
) -> None:
    db.execute(
        "INSERT INTO codebook_versions (codebook_id, version, content, created_at) "
        "VALUES (?, ?, ?, ?)",
        (str(codebook_id), version, codebook_json(content), at.isoformat()),
    )


def _name_is_free(db: Database, name: str, besides: UUID | None = None) -> None:
    for book in list_codebooks(db):
        if book.name.casefold() == name.casefold() and book.id != besides:
            raise InvalidInput("codebook name", f"{name!r} is already used by another codebook")


def _codebook(row: tuple[Any, ...]) -> Codebook:
    return Codebook(**sync_fields(row), name=row[5], current_version=int(row[6]))
