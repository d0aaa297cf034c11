"""Stills: their rows, and their pictures sealed with AES-256-GCM under the film's own key,
so that crypto-shredding a film destroys its stills too."""

from __future__ import annotations

import os
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import ValidationError

from vfapp.domain.changes import ChangeAction, RecordKind
from vfapp.domain.errors import NotFound
from vfapp.domain.review import Still, StillUnreadable
from vfapp.vault.casework import SYNC_COLUMNS, invalid_input, sync_fields, sync_values
from vfapp.vault.database import Database
from vfapp.vault.session import WriteBatch

_FIELDS = ("recording_id", "frame_number", "at_ms", "width", "height", "caption")
_COLUMNS = f"{SYNC_COLUMNS}, {', '.join(_FIELDS)}"
_AAD_PREFIX = b"attune-still-v1"
# Media chunks use nonces that start with four zero bytes (sealing._nonce); a still's nonce
# starts with 0x01, so the two can never meet under the film's one key.
_NONCE_TAG = b"\x01"
_NONCE_BYTES = 12


def insert_still(batch: WriteBatch, png: bytes, **fields: Any) -> Still:
    """Add a still (fields as on `Still`, without the sync fields) and its sealed picture."""
    stamp = batch.stamp()
    try:
        still = Still(**stamp.fresh_record(), **fields)
    except ValidationError as error:
        raise invalid_input(error) from None
    sealed = _seal(_film_key(batch.db, still), still, png)
    batch.db.execute(
        f"INSERT INTO stills ({_COLUMNS}, picture) VALUES ({', '.join('?' * 12)})",
        (*sync_values(still), *_values(still), sealed),
    )
    batch.changed(RecordKind.STILL, still.id, ChangeAction.CREATED, stamp.hlc)
    return still


def update_still_row(batch: WriteBatch, still: Still, changes: dict[str, Any]) -> Still:
    """Write a still's new caption (or its deleted flag) in the batch's transaction."""
    stamp = batch.stamp()
    try:
        changed = Still.model_validate(
            {**still.model_dump(), **changes, "hlc": stamp.hlc, "device_id": stamp.device_id}
        )
    except ValidationError as error:
        raise invalid_input(error) from None
    batch.db.execute(
        "UPDATE stills SET caption = ?, hlc = ?, device_id = ?, deleted = ? WHERE id = ?",
        (changed.caption, stamp.hlc.encode(), stamp.device_id, int(changed.deleted),
         str(still.id)),
    )  # fmt: skip
    action = ChangeAction.DELETED if changed.deleted else ChangeAction.UPDATED
    batch.changed(RecordKind.STILL, still.id, action, stamp.hlc)
    return changed


def find_still(db: Database, still_id: UUID) -> Still | None:
    """A still by id, deleted or not (a deleted one can be restored)."""
    row = db.query_one(f"SELECT {_COLUMNS} FROM stills WHERE id = ?", (str(still_id),))
    return None if row is None else _still(row)


def get_still(db: Database, still_id: UUID) -> Still:
    still = find_still(db, still_id)
    if still is None:
        raise NotFound("still", str(still_id))
    return still


def list_still_rows(db: Database, recording_id: UUID) -> list[Still]:
    rows = db.query(
        f"SELECT {_COLUMNS} FROM stills WHERE recording_id = ? AND deleted = 0 "
        "ORDER BY frame_number, id",
        (str(recording_id),),
    )
    return [_still(row) for row in rows]


def still_picture(db: Database, still: Still) -> bytes:
    """The still's PNG, opened from its seal in memory (never written anywhere)."""
    row = db.query_one("SELECT picture FROM stills WHERE id = ?", (str(still.id),))
    if row is None:
        raise NotFound("still", str(still.id))
    sealed = bytes(row[0])
    aead = AESGCM(_film_key(db, still))
    try:
        return aead.decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], _aad(still))
    except InvalidTag:
        raise StillUnreadable(
            still.id, "its picture fails its seal (altered, moved from another still, or damaged)"
        ) from None


def remove_film_stills(batch: WriteBatch, recording_id: UUID) -> int:
    """Remove every still of a film being deleted, rows and all (its key goes with the film)."""
    rows = batch.db.query("SELECT id FROM stills WHERE recording_id = ?", (str(recording_id),))
    batch.db.execute("DELETE FROM stills WHERE recording_id = ?", (str(recording_id),))
    stamp = batch.stamp()
    for (still_id,) in rows:
        batch.changed(RecordKind.STILL, UUID(still_id), ChangeAction.DELETED, stamp.hlc)
    return len(rows)


def _film_key(db: Database, still: Still) -> bytes:
    row = db.query_one(
        "SELECT key FROM recording_keys WHERE recording_id = ?", (str(still.recording_id),)
    )
    if row is None:
        raise StillUnreadable(still.id, "its film was deleted and the film's key destroyed")
    return bytes(row[0])


def _aad(still: Still) -> bytes:
    return _AAD_PREFIX + still.recording_id.bytes + still.id.bytes


def _seal(key: bytes, still: Still, png: bytes) -> bytes:
    nonce = _NONCE_TAG + os.urandom(_NONCE_BYTES - len(_NONCE_TAG))
    return nonce + AESGCM(key).encrypt(nonce, png, _aad(still))


def _values(still: Still) -> tuple[Any, ...]:
    return (
        str(still.recording_id),
        still.frame_number,
        still.at_ms,
        still.width,
        still.height,
        still.caption,
    )


def _still(row: tuple[Any, ...]) -> Still:
    return Still(
        **sync_fields(row),
        recording_id=UUID(row[5]),
        frame_number=row[6],
        at_ms=row[7],
        width=row[8],
        height=row[9],
        caption=row[10],
    )
