"""Signing in: the first user becomes admin, strangers are refused, wrong passwords audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from vfapp.domain.errors import NotSignedIn, WrongPassword
from vfapp.domain.governance import AuditOutcome, Role
from vfapp.governance.actor import Actor, sign_in
from vfapp.vault import audit_store, slots
from vfapp.vault.lifecycle import SecretKind, unlock_vault
from vfapp.vault.session import Vault


def test_the_vaults_creator_becomes_its_admin(admin: Actor) -> None:
    assert admin.user.name == "owner" and admin.role is Role.ADMIN
    (login,) = audit_store.chain_rows(admin.vault.db, admin.vault.device_id)
    assert (login.action, login.user_id, login.detail) == (
        "login",
        admin.user.id,
        "first user, made admin",
    )


def test_wrong_passwords_before_an_unlock_are_audited_then(vault: Vault) -> None:
    folder = vault.folder
    sign_in(vault)
    vault.lock()
    for _ in range(2):
        with pytest.raises(WrongPassword):
            unlock_vault(folder, "not the password")
    reopened = unlock_vault(folder, PASSWORD)
    sign_in(reopened)
    actions = [
        (e.action, e.outcome) for e in audit_store.chain_rows(reopened.db, reopened.device_id)
    ]
    assert actions == [
        ("login", AuditOutcome.DONE),
        ("login.failed", AuditOutcome.REFUSED),
        ("login.failed", AuditOutcome.REFUSED),
        ("login", AuditOutcome.DONE),
    ]
    reopened.lock()


def test_a_password_that_belongs_to_no_user_is_refused(vault: Vault, tmp_path: Path) -> None:
    sign_in(vault)
    slots.add_user(vault, "stranger", "another long password here")
    folder = vault.folder
    vault.lock()
    opened = unlock_vault(folder, "another long password here", user="stranger")
    with pytest.raises(NotSignedIn, match="'stranger' is not one of its users"):
        sign_in(opened)
    last = audit_store.last_event(opened.db, opened.device_id)
    assert last is not None and last.outcome is AuditOutcome.REFUSED
    opened.lock()


def test_the_recovery_key_does_not_sign_anyone_in(created: object) -> None:
    vault = created.vault  # type: ignore[attr-defined]
    folder, key = vault.folder, created.recovery_key  # type: ignore[attr-defined]
    vault.lock()
    opened = unlock_vault(folder, key, kind=SecretKind.RECOVERY_KEY)
    with pytest.raises(NotSignedIn, match="recovery key"):
        sign_in(opened)
    opened.lock()


def test_wrong_passwords_stay_until_a_sign_in_has_audited_them(vault: Vault) -> None:
    folder = vault.folder
    sign_in(vault)
    vault.lock()
    with pytest.raises(WrongPassword):
        unlock_vault(folder, "not the password")
    unlock_vault(folder, PASSWORD).lock()  # e.g. `vault verify`: opens, signs nobody in
    reopened = unlock_vault(folder, PASSWORD)
    sign_in(reopened)
    chain = audit_store.chain_rows(reopened.db, reopened.device_id)
    assert [e.action for e in chain].count("login.failed") == 1
    reopened.lock()
    again = unlock_vault(folder, PASSWORD)
    sign_in(again)  # already audited: not written twice
    chain = audit_store.chain_rows(again.db, again.device_id)
    assert [e.action for e in chain].count("login.failed") == 1
    again.lock()
