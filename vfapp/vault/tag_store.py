"""Tags on a film: the SQL that writes and reads them (one transaction per change), and
the checks a tag needs from other tables (its codebook version, the film's length). A film
has one primary coding (tags with no pass) and a coding of each coding pass."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import ValidationError

from vfapp.domain.changes import ChangeAction, RecordKind
from vfapp.domain.errors import InvalidInput, NotFound
from vfapp.domain.tagging import CodebookContent, Tag
from vfapp.vault.casework import SYNC_COLUMNS, invalid_input, sync_fields, sync_values
from vfapp.vault.database import Database
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
_COLUMNS = f"{SYNC_COLUMNS}, {', '.join(_FIELDS)}"


def insert_tag(batch: WriteBatch, **fields: Any) -> Tag:
    """Add a tag (fields as on `Tag`, without the sync fields) in the batch's transaction."""
    stamp = batch.stamp()
    try:
        tag = Tag(**stamp.fresh_record(), **fields)
    except ValidationError as error:
        raise invalid_input(error) from None
    batch.db.execute(
        f"INSERT INTO tags ({_COLUMNS}) VALUES ({', '.join('?' * 16)})",
        (*sync_values(tag), *_values(tag)),
    )
    batch.changed(RecordKind.TAG, tag.id, ChangeAction.CREATED, stamp.hlc)
    return tag


def update_tag_row(batch: WriteBatch, tag: Tag, changes: dict[str, Any]) -> Tag:
    """Write a tag's changed fields (or its deleted flag) in the batch's transaction."""
    stamp = batch.stamp()
    try:
        changed = Tag.model_validate(
            {**tag.model_dump(), **changes, "hlc": stamp.hlc, "device_id": stamp.device_id}
        )
    except ValidationError as error:
        raise invalid_input(error) from None
    settings = ", ".join(f"{name} = ?" for name in _FIELDS)
    batch.db.execute(
        f"UPDATE tags SET {settings}, hlc = ?, device_id = ?, deleted = ? WHERE id = ?",
        (*_values(changed), stamp.hlc.encode(), stamp.device_id, int(changed.deleted),
         str(tag.id)),
    )  # fmt: skip
    action = ChangeAction.DELETED if changed.deleted else ChangeAction.UPDATED
    batch.changed(RecordKind.TAG, tag.id, action, stamp.hlc)
    return changed


def find_tag(db: Database, tag_id: UUID) -> Tag | None:
    """A tag by id, deleted or not (a deleted one can be restored)."""
    row = db.query_one(f"SELECT {_COLUMNS} FROM tags WHERE id = ?", (str(tag_id),))
    return None if row is None else _tag(row)


def get_tag(db: Database, tag_id: UUID) -> Tag:
    tag = find_tag(db, tag_id)
    if tag is None:
        raise NotFound("tag", str(tag_id))
    return tag


def list_tag_rows(db: Database, recording_id: UUID, pass_id: UUID | None = None) -> list[Tag]:
    """A film's live tags of one coding: the primary one (no pass), or a pass's."""
    rows = db.query(
        f"SELECT {_COLUMNS} FROM tags WHERE recording_id = ? AND pass_id IS ? AND deleted = 0 "
        "ORDER BY start_ms, id",
        (str(recording_id), _text(pass_id)),
    )
    return [_tag(row) for row in rows]


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


def _values(tag: Tag) -> tuple[Any, ...]:
    return (
        str(tag.recording_id),
        None if tag.codebook_id is None else str(tag.codebook_id),
        tag.codebook_version,
        tag.code,
        tag.actor.value,
        tag.start_ms,
        tag.end_ms,
        tag.note,
        _text(tag.from_marker),
        _text(tag.pass_id),
        _text(tag.coder_id),
    )


def _text(value: UUID | None) -> str | None:
    return None if value is None else str(value)


def _tag(row: tuple[Any, ...]) -> Tag:
    return Tag(
        **sync_fields(row),
        recording_id=UUID(row[5]),
        codebook_id=None if row[6] is None else UUID(row[6]),
        codebook_version=row[7],
        code=row[8],
        actor=row[9],
        start_ms=row[10],
        end_ms=row[11],
        note=row[12],
        from_marker=None if row[13] is None else UUID(row[13]),
        pass_id=None if row[14] is None else UUID(row[14]),
        coder_id=None if row[15] is None else UUID(row[15]),
    )
