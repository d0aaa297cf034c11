from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from vfapp.domain.errors import (
    MalformedRecoveryKey,
    VaultDatabaseDamaged,
    VaultExists,
    VaultFromNewerVersion,
    VaultIncomplete,
    VaultNotFound,
    WrongPassword,
    WrongRecoveryKey,
)
from vfapp.vault import casework
from vfapp.vault.database import DB_NAME, Database
from vfapp.vault.header import HEADER_NAME, MIRROR_NAME, encode_header
from vfapp.vault.lifecycle import CreatedVault, SecretKind, create_vault, unlock_vault


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_new_vault_unlocks_with_its_password_and_its_recovery_key(created: CreatedVault) -> None:
    folder = created.vault.folder
    casework.add_family(created.vault, "PIP-0001")
    created.vault.lock()
    with unlock_vault(folder, PASSWORD) as vault:
        assert [f.case_code for f in casework.list_families(vault)] == ["PIP-0001"]
    with unlock_vault(folder, created.recovery_key, kind=SecretKind.RECOVERY_KEY) as vault:
        assert vault.vault_id == created.vault.header.vault_id


def test_a_wrong_password_changes_nothing(created: CreatedVault) -> None:
    folder = created.vault.folder
    created.vault.lock()
    before = _snapshot(folder)
    with pytest.raises(WrongPassword, match="does not open this vault"):
        unlock_vault(folder, "guess guess guess")
    after = _snapshot(folder)
    after.pop("unlock-attempts.json")
    assert after == before


def test_a_wrong_or_mistyped_recovery_key_is_refused(created: CreatedVault) -> None:
    folder = created.vault.folder
    created.vault.lock()
    other = create_vault(folder.parent / "other", PASSWORD)
    other.vault.lock()
    with pytest.raises(WrongRecoveryKey):
        unlock_vault(folder, other.recovery_key, kind=SecretKind.RECOVERY_KEY)
    with pytest.raises(MalformedRecoveryKey):
        unlock_vault(folder, created.recovery_key[:-1] + "?", kind=SecretKind.RECOVERY_KEY)


def test_creating_over_an_existing_vault_is_refused(created: CreatedVault) -> None:
    with pytest.raises(VaultExists):
        create_vault(created.vault.folder, PASSWORD)


def test_a_folder_without_a_vault_is_named(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound, match="There is no vault at"):
        unlock_vault(tmp_path / "nowhere", PASSWORD)


def test_a_damaged_vault_json_is_restored_from_its_copy_and_named(created: CreatedVault) -> None:
    folder = created.vault.folder
    created.vault.lock()
    good = (folder / HEADER_NAME).read_bytes()
    (folder / HEADER_NAME).write_bytes(good[:100])
    with unlock_vault(folder, PASSWORD) as vault:
        assert any("restored from its copy" in w for w in vault.warnings)
    assert (folder / HEADER_NAME).read_bytes() == good


def test_a_deliberately_edited_header_is_named_and_not_blessed(created: CreatedVault) -> None:
    folder = created.vault.folder
    created.vault.lock()
    header = created.vault.header
    renamed = header.model_copy(
        update={"slots": (header.slots[0].model_copy(update={"label": "mallory"}), header.slots[1])}
    )
    edited = encode_header(renamed)  # a valid checksum, but no valid MAC
    for name in (HEADER_NAME, MIRROR_NAME):
        (folder / name).write_bytes(edited)
    with unlock_vault(folder, PASSWORD) as vault:
        assert any("changed outside Attune" in w for w in vault.warnings)
    assert (folder / HEADER_NAME).read_bytes() == edited


def test_a_missing_database_is_named(created: CreatedVault) -> None:
    folder = created.vault.folder
    created.vault.lock()
    (folder / DB_NAME).unlink()
    with pytest.raises(VaultDatabaseDamaged, match=r"vault\.db is missing"):
        unlock_vault(folder, PASSWORD)


def test_a_database_from_another_vault_is_named(make_vault: Callable[..., CreatedVault]) -> None:
    first, second = make_vault(), make_vault()
    first.vault.lock()
    second.vault.lock()
    shutil.copy(second.vault.folder / DB_NAME, first.vault.folder / DB_NAME)
    with pytest.raises(VaultDatabaseDamaged, match="another vault"):
        unlock_vault(first.vault.folder, PASSWORD)


def test_a_database_from_a_newer_version_asks_for_an_update(created: CreatedVault) -> None:
    folder, key, cipher = created.vault.folder, created.vault.key, created.vault.header.database
    created.vault.lock()
    db = Database(folder / DB_NAME, key, cipher)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(VaultFromNewerVersion, match="database was made by a newer version"):
        unlock_vault(folder, PASSWORD)


def _copy_without_wal(source: Path, target: Path) -> None:
    target.mkdir()
    for name in (HEADER_NAME, MIRROR_NAME, DB_NAME):
        shutil.copy(source / name, target / name)


def test_a_copy_made_without_the_wal_while_open_is_detected(
    created: CreatedVault, tmp_path: Path
) -> None:
    vault = created.vault
    casework.add_family(vault, "SAVED-IN-WAL")
    copy = tmp_path / "usb-copy"
    _copy_without_wal(vault.folder, copy)
    for _attempt in range(2):  # the evidence stays until the user decides
        with pytest.raises(VaultIncomplete, match=r"without its companion file vault\.db-wal"):
            unlock_vault(copy, PASSWORD)
    with unlock_vault(copy, PASSWORD, allow_incomplete=True) as opened:
        assert casework.list_families(opened) == []
    assert [f.case_code for f in casework.list_families(vault)] == ["SAVED-IN-WAL"]


def test_a_copy_of_a_locked_vault_needs_no_wal(created: CreatedVault, tmp_path: Path) -> None:
    casework.add_family(created.vault, "PIP-7")
    created.vault.lock()
    copy = tmp_path / "copy"
    _copy_without_wal(created.vault.folder, copy)
    with unlock_vault(copy, PASSWORD) as vault:
        assert [f.case_code for f in casework.list_families(vault)] == ["PIP-7"]


def test_failing_to_open_a_vault_does_not_leave_a_false_alarm(created: CreatedVault) -> None:
    folder, key, cipher = created.vault.folder, created.vault.key, created.vault.header.database
    created.vault.lock()
    db = Database(folder / DB_NAME, key, cipher)
    db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(VaultFromNewerVersion):
        unlock_vault(folder, PASSWORD)
    db = Database(folder / DB_NAME, key, cipher)
    db.execute("PRAGMA user_version = 1")
    db.close()
    unlock_vault(folder, PASSWORD).lock()


def test_vault_json_holds_no_names_or_keys(created: CreatedVault) -> None:
    casework.add_family(created.vault, "PIP-1", "Secret Surname")
    text = (created.vault.folder / HEADER_NAME).read_text()
    assert "Secret Surname" not in text
    assert set(json.loads(text)) == {"attune_vault", "checksum"}
