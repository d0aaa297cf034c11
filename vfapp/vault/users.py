"""The rows of the vault's users: who they are and their role (their passwords are key slots)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from vfapp.domain.changes import ChangeAction, RecordKind
from vfapp.domain.governance import Role, User
from vfapp.vault.casework import SYNC_COLUMNS, sync_fields, sync_values
from vfapp.vault.database import Database
from vfapp.vault.session import WriteBatch


def insert_user(batch: WriteBatch, name: str, role: Role) -> User:
    stamp = batch.stamp()
    user = User(**stamp.fresh_record(), name=name, role=role)
    batch.db.execute(
        f"INSERT INTO users ({SYNC_COLUMNS}, name, role) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (*sync_values(user), user.name, user.role.value),
    )
    batch.changed(RecordKind.USER, user.id, ChangeAction.CREATED, stamp.hlc)
    return user


def set_role(batch: WriteBatch, user: User, role: Role) -> User:
    stamp = batch.stamp()
    batch.db.execute(
        "UPDATE users SET role = ?, hlc = ?, device_id = ? WHERE id = ?",
        (role.value, stamp.hlc.encode(), stamp.device_id, str(user.id)),
    )
    batch.changed(RecordKind.USER, user.id, ChangeAction.UPDATED, stamp.hlc)
    return user.model_copy(update={"role": role, "hlc": stamp.hlc})


def tombstone_user(batch: WriteBatch, user: User) -> User:
    stamp = batch.stamp()
    batch.db.execute(
        "UPDATE users SET deleted = 1, hlc = ?, device_id = ? WHERE id = ?",
        (stamp.hlc.encode(), stamp.device_id, str(user.id)),
    )
    batch.changed(RecordKind.USER, user.id, ChangeAction.DELETED, stamp.hlc)
    return user.model_copy(update={"deleted": True, "hlc": stamp.hlc})


def live_users(db: Database) -> list[User]:
    rows = db.query(f"SELECT {SYNC_COLUMNS}, name, role FROM users WHERE deleted = 0 ORDER BY name")
    return [_user(r) for r in rows]


def user_by_name(db: Database, name: str) -> User | None:
    row = db.query_one(
        f"SELECT {SYNC_COLUMNS}, name, role FROM users WHERE deleted = 0 AND name = ?", (name,)
    )
    return None if row is None else _user(row)


def user_by_id(db: Database, user_id: UUID) -> User | None:
    """Any user ever known here, removed ones included (the audit names them)."""
    row = db.query_one(
        f"SELECT {SYNC_COLUMNS}, name, role FROM users WHERE id = ?", (str(user_id),)
    )
    return None if row is None else _user(row)


def _user(row: tuple[Any, ...]) -> User:
    return User(**sync_fields(row), name=row[5], role=Role(row[6]))
