"""Notes two people changed while apart: every version is kept; a person picks or writes the
words that stand, and that choice supersedes them all on every device."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.hlc import HlcStamp
from vfapp.domain.merge import NoteVersion, current_versions, in_conflict
from vfapp.governance.actor import Actor
from vfapp.governance.policy import Action
from vfapp.vault import sync_rows, sync_state
from vfapp.vault.session import Vault

# Stands in the sync shadow for "changed here": a resolution is sent even if its words equal
# the version already shown.
_RESOLVED = "\x00resolved"


class NoteConflict(BaseModel):
    model_config = ConfigDict(frozen=True)

    table: str
    record_id: str
    field: str
    family_id: str | None
    versions: tuple[NoteVersion, ...]  # the current ones, newest first

    @property
    def what(self) -> str:
        return {"tags": "a tag's note", "markers": "a marker's note", "stills": "a still's caption",
                "sign_offs": "a sign-off's note", "supervision_sessions": "a supervision note",
                }.get(self.table, "a note")  # fmt: skip


def open_conflicts(vault: Vault) -> list[NoteConflict]:
    found: list[NoteConflict] = []
    db = vault.db
    for table, record_id, field in sync_state.notes_with_versions(db):
        versions = sync_state.note_versions(db, table, record_id, field)
        shadow = sync_state.load_shadow(db, table, record_id) or {"v": {}}
        if in_conflict(versions) and shadow["v"].get(field) != _RESOLVED:
            found.append(NoteConflict(
                table=table, record_id=record_id, field=field,
                family_id=sync_rows.family_of(db, table, (record_id,)),
                versions=tuple(current_versions(versions))))  # fmt: skip
    return found


def resolve(actor: Actor, conflict: NoteConflict, words: str | None) -> None:
    """Keep `words` (one of the versions, or new ones) as the note; the next sync sends it."""
    family = UUID(conflict.family_id) if conflict.family_id else None
    actor.authorize(Action.TAG, family_id=family, log=False)
    with actor.vault.write() as batch:
        stamp = batch.stamp()
        key = (conflict.record_id,)
        sync_rows.update_row(
            batch.db,
            conflict.table,
            key,
            {conflict.field: words, "hlc": stamp.hlc.encode(), "device_id": stamp.device_id},
        )
        shadow = sync_state.load_shadow(batch.db, conflict.table, conflict.record_id)
        if shadow is not None:
            shadow["v"][conflict.field] = _RESOLVED
            sync_state.save_shadow(batch.db, conflict.table, conflict.record_id, shadow)
        actor.audit("sync.resolve_note", family_id=family, db=batch.db)


def device_of(version: NoteVersion) -> str:
    return HlcStamp.decode(version.hlc).device
