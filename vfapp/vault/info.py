"""What can be told about a vault without its password (no secrets)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import VaultNotFound
from vfapp.vault.database import DB_NAME, DatabaseCipher, wal_path
from vfapp.vault.header import HEADER_NAME, MIRROR_NAME, SlotKind, read_header
from vfapp.vault.keys import KdfParams
from vfapp.vault.lifecycle import is_vault


class VaultInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: Path
    format_version: int
    vault_id: UUID
    created_at: datetime
    users: tuple[str, ...]
    has_recovery_key: bool
    kdf: KdfParams
    database: DatabaseCipher
    database_bytes: int | None
    wal_bytes: int | None
    header_copies: dict[str, str]


def describe_vault(folder: Path) -> VaultInfo:
    if not is_vault(folder):
        raise VaultNotFound(folder)
    copies = read_header(folder)
    header = copies.header
    database, wal = folder / DB_NAME, wal_path(folder / DB_NAME)
    return VaultInfo(
        path=folder.resolve(),
        format_version=header.format_version,
        vault_id=header.vault_id,
        created_at=header.created_at,
        users=tuple(slot.label for slot in header.password_slots()),
        has_recovery_key=any(slot.kind is SlotKind.RECOVERY for slot in header.slots),
        kdf=header.password_slots()[0].kdf if header.password_slots() else header.slots[0].kdf,
        database=header.database,
        database_bytes=database.stat().st_size if database.exists() else None,
        wal_bytes=wal.stat().st_size if wal.exists() else None,
        header_copies={
            HEADER_NAME: copies.primary_problem or "ok",
            MIRROR_NAME: copies.mirror_problem or "ok",
        },
    )
