"""Tags on a film: the SQL that writes and reads them (one transaction per change), and
the checks a tag needs from other tables (its codebook version, the film's length). A film
has one primary coding (tags with no pass) and a coding of each coding pass."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from vfapp.domain.changes import RecordKind
from vfapp.domain.errors import InvalidInput, NotFound
from vfapp.domain.tagging import CodebookContent, Tag
from vfapp.vault import record_table as records
from vfapp.vault.database import Database
from vfapp.vault.record_table import RecordTable
from vfapp.vault.session import WriteBatch

_FIELDS = (
    "recording_id",
    "codebook_id",
    "codebook_version",
    "code",
    "actor",
    "start_ms",
    "end_ms",
    "note",
    "from_marker",
    "pass_id",
    "coder_id",
)
TAGS: RecordTable[Tag] = RecordTable("tags", Tag, _FIELDS, RecordKind.TAG)


def insert_tag(batch: WriteBatch, **fields: Any) -> Tag:
    """Add a tag (fields as on `Tag`, without the sync fields) in the batch's transaction."""
    return records.insert(batch, TAGS, **fields)


def update_tag_row(batch: WriteBatch, tag: Tag, changes: dict[str, Any]) -> Tag:
    """Write a tag's changed fields (or its deleted flag) in the batch's transaction."""
    return records.update(batch, TAGS, tag, changes)


def find_tag(db: Database, tag_id: UUID) -> Tag | None:
    """A tag by id, deleted or not (a deleted one can be restored)."""
    return records.find(db, TAGS, tag_id)


def get_tag(db: Database, tag_id: UUID) -> Tag:
    tag = find_tag(db, tag_id)
    if tag is None:
        raise NotFound("tag", str(tag_id))
    return tag


def list_tag_rows(db: Database, recording_id: UUID, pass_id: UUID | None = None) -> list[Tag]:
    """A film's live tags of one coding: the primary one (no pass), or a pass's."""
    return records.select(
        db, TAGS, "recording_id = ? AND pass_id IS ?", (str(recording_id), _text(pass_id)),
        "start_ms, id",
    )  # fmt: skip


def coded_markers(db: Database, recording_id: UUID, pass_id: UUID | None = None) -> set[UUID]:
    """The markers of a film already made into tags of one coding (a deleted tag still
    counts)."""
    rows = db.query(
        "SELECT from_marker FROM tags WHERE recording_id = ? AND pass_id IS ? "
        "AND from_marker IS NOT NULL",
        (str(recording_id), _text(pass_id)),
    )
    return {UUID(row[0]) for row in rows}


def coded_primary(db: Database, recording_id: UUID, coder_id: UUID) -> bool:
    """Whether this person made any tag of the film's primary coding (deleted ones too)."""
    row = db.query_one(
        "SELECT 1 FROM tags WHERE recording_id = ? AND pass_id IS NULL AND coder_id = ? LIMIT 1",
        (str(recording_id), str(coder_id)),
    )
    return row is not None


def check_code(db: Database, codebook_id: UUID, version: int | None, code: str) -> int:
    """The codebook version a tag with `code` refers to (the current one if None); refuse a
    code the version lacks or hides."""
    if version is None:
        row = db.query_one(
            "SELECT current_version FROM codebooks WHERE id = ? AND deleted = 0",
            (str(codebook_id),),
        )
        if row is None:
            raise NotFound("codebook", str(codebook_id))
        version = int(row[0])
    row = db.query_one(
        "SELECT content FROM codebook_versions WHERE codebook_id = ? AND version = ?",
        (str(codebook_id), version),
    )
    if row is None:
        raise NotFound(f"version {version} of codebook", str(codebook_id))
    content = CodebookContent.model_validate_json(row[0])
    found = next((c for c in content.codes if c.id == code), None)
    if found is None:
        raise InvalidInput("code", f"{code!r} is not in the codebook {content.name!r}")
    if found.hidden:
        raise InvalidInput("code", f"{code!r} is hidden in the codebook {content.name!r}")
    return version


def _text(value: UUID | None) -> str | None:
    return None if value is None else str(value)
