from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from vfapp.domain.errors import InvalidInput, KeySlotRefused, NotFound, WrongPassword
from vfapp.vault import slots
from vfapp.vault.database import DB_NAME
from vfapp.vault.lifecycle import CreatedVault, SecretKind, find_key, unlock_vault

NEW = "a brand new passphrase"


def test_changing_a_password_rewraps_the_same_key_without_touching_the_database(
    created: CreatedVault,
) -> None:
    vault = created.vault
    key = vault.key
    db_before = (vault.folder / DB_NAME).read_bytes()
    change = slots.change_password(vault, "owner", NEW)
    assert change.action == "replaced"
    assert (vault.folder / DB_NAME).read_bytes() == db_before
    vault.lock()
    with pytest.raises(WrongPassword):
        unlock_vault(vault.folder, PASSWORD)
    assert find_key(vault.folder, SecretKind.PASSWORD, NEW).key == key
    assert find_key(vault.folder, SecretKind.RECOVERY_KEY, created.recovery_key).key == key


def test_a_second_user_has_their_own_password(created: CreatedVault) -> None:
    vault = created.vault
    slots.add_user(vault, "Sam  Guider", NEW)
    vault.lock()
    with unlock_vault(vault.folder, NEW, user="Sam Guider") as reopened:
        assert [s.label for s in reopened.header.password_slots()] == ["owner", "Sam Guider"]
    with pytest.raises(WrongPassword):
        unlock_vault(vault.folder, NEW, user="owner")
    unlock_vault(vault.folder, NEW).lock()  # without --user, every password slot is tried


def test_users_are_unique_and_passwords_long_enough(created: CreatedVault) -> None:
    with pytest.raises(KeySlotRefused, match="already a user"):
        slots.add_user(created.vault, "OWNER", NEW)
    with pytest.raises(InvalidInput, match="at least 8"):
        slots.add_user(created.vault, "sam", "short")


def test_removing_a_user_locks_only_them_out(created: CreatedVault) -> None:
    vault = created.vault
    slots.add_user(vault, "sam", NEW)
    slots.remove_user(vault, "sam")
    vault.lock()
    with pytest.raises(WrongPassword):
        unlock_vault(vault.folder, NEW)
    unlock_vault(vault.folder, PASSWORD).lock()


def test_the_last_password_can_never_be_removed(created: CreatedVault) -> None:
    with pytest.raises(KeySlotRefused, match="only password"):
        slots.remove_user(created.vault, "owner")
    with pytest.raises(NotFound):
        slots.remove_user(created.vault, "nobody")


def test_the_recovery_key_resets_a_forgotten_password(created: CreatedVault) -> None:
    folder = created.vault.folder
    created.vault.lock()
    with unlock_vault(folder, created.recovery_key, kind=SecretKind.RECOVERY_KEY) as vault:
        assert slots.set_password(vault, "owner", NEW).action == "replaced"
    unlock_vault(folder, NEW).lock()
    with pytest.raises(WrongPassword):
        unlock_vault(folder, PASSWORD)
