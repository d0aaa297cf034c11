"""A marker's short note, written after filming: one record, one transaction, one change."""

from __future__ import annotations

from uuid import UUID

from pydantic import ValidationError

from vfapp.domain.changes import ChangeAction, RecordKind
from vfapp.domain.errors import NotFound
from vfapp.domain.models import Marker
from vfapp.vault.casework import invalid_input
from vfapp.vault.markers import list_markers
from vfapp.vault.session import Vault, WriteBatch


def get_marker(vault: Vault, marker_id: UUID) -> Marker:
    row = vault.db.query_one(
        "SELECT recording_id FROM markers WHERE id = ? AND deleted = 0", (str(marker_id),)
    )
    if row is None:
        raise NotFound("marker", str(marker_id))
    for marker in list_markers(vault, UUID(row[0])):
        if marker.id == marker_id:
            return marker
    raise NotFound("marker", str(marker_id))


def set_marker_note(batch: WriteBatch, marker: Marker, note: str | None) -> Marker:
    """Inside the caller's transaction (so its audit event stands or falls with it)."""
    note = " ".join((note or "").split()) or None
    try:
        changed = Marker.model_validate(marker.model_copy(update={"note": note}).model_dump())
    except ValidationError as error:
        raise invalid_input(error) from None
    stamp = batch.stamp()
    batch.db.execute(
        "UPDATE markers SET note = ?, hlc = ?, device_id = ? WHERE id = ? AND deleted = 0",
        (note, stamp.hlc.encode(), stamp.device_id, str(marker.id)),
    )
    batch.changed(RecordKind.MARKER, marker.id, ChangeAction.UPDATED, stamp.hlc)
    return changed.model_copy(update={"hlc": stamp.hlc, "device_id": stamp.device_id})
