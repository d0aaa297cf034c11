"""Each film's frame index, cached beside it: derived data, rebuilt whenever it is missing."""

from __future__ import annotations

from uuid import UUID

from vfapp.vault.session import Vault


def load_frame_index(vault: Vault, recording_id: UUID, format_version: int) -> bytes | None:
    """The stored index, if there is one in this format."""
    row = vault.db.query_one(
        "SELECT data FROM frame_indexes WHERE recording_id = ? AND format = ?",
        (str(recording_id), format_version),
    )
    return bytes(row[0]) if row else None


def save_frame_index(vault: Vault, recording_id: UUID, format_version: int, data: bytes) -> None:
    with vault.db.transaction() as db:
        db.execute(
            "INSERT OR REPLACE INTO frame_indexes (recording_id, format, data) VALUES (?, ?, ?)",
            (str(recording_id), format_version, data),
        )
