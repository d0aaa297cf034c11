"""Manage who can open the vault: change, add and remove passwords; reset one by recovery key."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import InvalidInput, KeySlotRefused, NotFound
from vfapp.vault import keys
from vfapp.vault.header import KeySlot, SlotKind
from vfapp.vault.lifecycle import new_slot
from vfapp.vault.session import Vault


class SlotChange(BaseModel):
    """Which password slot an operation added, replaced or removed."""

    model_config = ConfigDict(frozen=True)

    user: str
    action: str  # "added", "replaced" or "removed"


def _password_slot(vault: Vault, user: str) -> KeySlot:
    for slot in vault.header.password_slots():
        if slot.label == user:
            return slot
    raise NotFound("user", user)


def _with_password(vault: Vault, user: str, password: str, kdf: keys.KdfParams) -> KeySlot:
    keys.check_new_password(password)
    return new_slot(
        SlotKind.PASSWORD, user, keys.password_secret(password), vault.key, vault.vault_id, kdf
    )


def change_password(vault: Vault, user: str, new_password: str) -> SlotChange:
    """Re-wrap the vault key under a new password; the database is not re-encrypted."""
    old = _password_slot(vault, user)
    replacement = _with_password(vault, user, new_password, old.kdf)
    slots = tuple(replacement if s.slot_id == old.slot_id else s for s in vault.header.slots)
    vault.replace_header(vault.header.model_copy(update={"slots": slots}))
    return SlotChange(user=user, action="replaced")


def add_user(vault: Vault, user: str, password: str) -> SlotChange:
    """Give a second local user their own password to this vault."""
    user = " ".join(user.split())
    if not user or len(user) > 60:
        raise InvalidInput("user name", "must be 1-60 characters")
    if any(s.label.casefold() == user.casefold() for s in vault.header.password_slots()):
        raise KeySlotRefused(f"There is already a user called {user!r} on this vault.")
    kdf = vault.header.password_slots()[0].kdf
    added = _with_password(vault, user, password, kdf)
    vault.replace_header(vault.header.model_copy(update={"slots": (*vault.header.slots, added)}))
    return SlotChange(user=user, action="added")


def remove_user(vault: Vault, user: str) -> SlotChange:
    """Remove one user's password; the last password can never be removed."""
    slot = _password_slot(vault, user)
    if len(vault.header.password_slots()) == 1:
        raise KeySlotRefused(
            f"{user!r} has the only password to this vault, so it cannot be removed."
        )
    slots = tuple(s for s in vault.header.slots if s.slot_id != slot.slot_id)
    vault.replace_header(vault.header.model_copy(update={"slots": slots}))
    return SlotChange(user=user, action="removed")


def set_password(vault: Vault, user: str, password: str) -> SlotChange:
    """After opening with the recovery key: give `user` this password, adding them if new."""
    if any(s.label == user for s in vault.header.password_slots()):
        return change_password(vault, user, password)
    return add_user(vault, user, password)
