"""Markers on a recording's timeline: the named operation that adds one, and the listing."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import ValidationError

from vfapp.domain.changes import ChangeAction, OpResult, RecordKind
from vfapp.domain.errors import NotFound
from vfapp.domain.models import Marker
from vfapp.vault.casework import SYNC_COLUMNS, invalid_input, sync_fields, sync_values
from vfapp.vault.session import Vault

_COLUMNS = f"{SYNC_COLUMNS}, recording_id, at_ms, lookback_ms, code, note"


def add_marker(
    vault: Vault,
    recording_id: UUID,
    at_ms: int,
    *,
    lookback_ms: int = 0,
    code: str | None = None,
    note: str | None = None,
) -> OpResult[Marker]:
    """Mark a moment `at_ms` into a recording (optionally covering `lookback_ms` before it)."""
    with vault.write() as batch:
        if not batch.db.query_one(
            "SELECT 1 FROM recordings WHERE id = ? AND deleted = 0", (str(recording_id),)
        ):
            raise NotFound("recording", str(recording_id))
        stamp = batch.stamp()
        try:
            marker = Marker(
                **stamp.fresh_record(),
                recording_id=recording_id,
                at_ms=at_ms,
                lookback_ms=min(lookback_ms, at_ms),
                code=code,
                note=note,
            )
        except ValidationError as error:
            raise invalid_input(error) from None
        batch.db.execute(
            f"INSERT INTO markers ({_COLUMNS}) VALUES ({', '.join('?' * 10)})",
            (*sync_values(marker), str(recording_id), marker.at_ms, marker.lookback_ms, code, note),
        )
        batch.changed(RecordKind.MARKER, marker.id, ChangeAction.CREATED, stamp.hlc)
    return OpResult(value=marker, changes=tuple(batch.changes))


def list_markers(vault: Vault, recording_id: UUID) -> list[Marker]:
    rows = vault.db.query(
        f"SELECT {_COLUMNS} FROM markers WHERE recording_id = ? AND deleted = 0 ORDER BY at_ms, id",
        (str(recording_id),),
    )
    return [_marker(row) for row in rows]


def _marker(row: tuple[Any, ...]) -> Marker:
    return Marker(
        **sync_fields(row),
        recording_id=UUID(row[5]),
        at_ms=row[6],
        lookback_ms=row[7],
        code=row[8],
        note=row[9],
    )
