"""The people who use a vault: add, list, change a password, change a role, remove.

Each user is a row (name, role) and a password slot of the same name in vault.json.
"""

from __future__ import annotations

import contextlib

from vfapp.domain.changes import OpResult
from vfapp.domain.errors import InvalidInput, KeySlotRefused, NotFound
from vfapp.domain.governance import AuditOutcome, Role, User
from vfapp.governance.actor import Actor, utc_now
from vfapp.governance.audit import append_event
from vfapp.governance.policy import Action
from vfapp.vault import slots
from vfapp.vault import users as rows
from vfapp.vault.session import Vault


def list_users(actor: Actor) -> list[User]:
    actor.authorize(Action.VIEW_CASEWORK, detail="list of users")
    return rows.live_users(actor.vault.db)


def find_user(actor: Actor, name: str) -> User:
    """A user by name (NotFound in words if there is none)."""
    return _find(actor, name)


def _find(actor: Actor, name: str) -> User:
    user = rows.user_by_name(actor.vault.db, " ".join(name.split()))
    if user is None:
        raise NotFound("user", name)
    return user


def add_user(actor: Actor, name: str, role: Role, password: str) -> OpResult[User]:
    """A new user with their own password; only an admin may add one."""
    actor.authorize(Action.MANAGE_USERS, log=False)
    name = " ".join(name.split())
    if not 1 <= len(name) <= 60:
        raise InvalidInput("user name", "must be 1-60 characters")
    if rows.user_by_name(actor.vault.db, name) is not None:
        actor.audit(Action.MANAGE_USERS, AuditOutcome.REFUSED, detail="name already in use")
        raise KeySlotRefused(f"There is already a user called {name!r} on this vault.")
    # The key slot first: if the database write then fails, the stray slot signs nobody in.
    slots.add_user(actor.vault, name, password)
    with actor.vault.write() as batch:
        user = rows.insert_user(batch, name, role)
        actor.audit(
            Action.MANAGE_USERS,
            record_kind="user",
            record_id=user.id,
            detail=f"added as {role.value}",
            db=batch.db,
        )
    return OpResult(value=user, changes=tuple(batch.changes))


def change_role(actor: Actor, name: str, role: Role) -> OpResult[User]:
    actor.authorize(Action.MANAGE_USERS, log=False)
    user = _find(actor, name)
    if user.role is Role.ADMIN and role is not Role.ADMIN:
        _keep_an_admin(actor, user)
    with actor.vault.write() as batch:
        changed = rows.set_role(batch, user, role)
        actor.audit(
            Action.MANAGE_USERS,
            record_kind="user",
            record_id=user.id,
            detail=f"role {user.role.value} -> {role.value}",
            db=batch.db,
        )
    return OpResult(value=changed, changes=tuple(batch.changes))


def change_password(actor: Actor, name: str | None, new_password: str) -> User:
    """Anyone may change their own password; an admin may set anyone's."""
    user = actor.user if name is None else _find(actor, name)
    if user.id != actor.user.id:
        actor.authorize(Action.MANAGE_USERS, record_kind="user", record_id=user.id, log=False)
    slots.change_password(actor.vault, user.name, new_password)
    actor.audit("user.password", record_kind="user", record_id=user.id)
    return user


def remove_user(actor: Actor, name: str) -> OpResult[User]:
    """Remove a user's password and mark them removed (the audit still names them)."""
    actor.authorize(Action.MANAGE_USERS, log=False)
    user = _find(actor, name)
    if user.id == actor.user.id:
        actor.audit(
            Action.MANAGE_USERS, AuditOutcome.REFUSED, record_kind="user", record_id=user.id
        )
        raise KeySlotRefused("You cannot remove yourself; another admin can.")
    if user.role is Role.ADMIN:
        _keep_an_admin(actor, user)
    with contextlib.suppress(NotFound):  # a slot already gone: still remove the row
        slots.remove_user(actor.vault, user.name)
    with actor.vault.write() as batch:
        removed = rows.tombstone_user(batch, user)
        actor.audit(
            Action.MANAGE_USERS,
            record_kind="user",
            record_id=user.id,
            detail="removed",
            db=batch.db,
        )
    return OpResult(value=removed, changes=tuple(batch.changes))


def _keep_an_admin(actor: Actor, leaving: User) -> None:
    admins = [u for u in rows.live_users(actor.vault.db) if u.role is Role.ADMIN]
    if [u.id for u in admins] == [leaving.id]:
        actor.audit(
            Action.MANAGE_USERS,
            AuditOutcome.REFUSED,
            record_kind="user",
            record_id=leaving.id,
            detail="the only admin",
        )
        raise KeySlotRefused(
            f"{leaving.name} is the vault's only admin; make someone else admin first."
        )


def reset_password_with_recovery_key(vault: Vault, name: str, new_password: str) -> User:
    """After opening with the recovery key: give an existing user a new password (the only
    thing the recovery key is for), audited under that user."""
    if vault.opened_by is not None:
        raise KeySlotRefused("Open the vault with its recovery key to reset a password.")
    known = rows.live_users(vault.db)
    user = rows.user_by_name(vault.db, " ".join(name.split()))
    slot_names = [slot.label for slot in vault.header.password_slots()]
    if user is None and (known or name not in slot_names):
        # Only an existing user (or, in a vault no one has signed in to yet, the holder of an
        # existing password) may be given one: the recovery key never creates people.
        names = ", ".join(u.name for u in known) or ", ".join(slot_names)
        with vault.write() as batch:
            append_event(
                batch.db,
                vault.device_id,
                at=utc_now(),
                user_id=None,
                action="user.password",
                outcome=AuditOutcome.REFUSED,
                detail="recovery key: no such user",
            )
        raise KeySlotRefused(f"There is no user called {name!r}; the vault's users are: {names}.")
    slots.set_password(vault, name, new_password)
    with vault.write() as batch:
        if user is None:  # a vault from before users were kept: its owner becomes admin
            user = rows.insert_user(batch, name, Role.ADMIN)
        append_event(
            batch.db,
            vault.device_id,
            at=utc_now(),
            user_id=user.id,
            action="user.password",
            detail="reset with the recovery key",
        )
    return user
