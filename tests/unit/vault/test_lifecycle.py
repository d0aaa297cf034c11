from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.conftest import PASSWORD
from vfapp.domain.errors import (
    KeySlotRefused,
    MalformedRecoveryKey,
    VaultDatabaseDamaged,
    VaultExists,
    VaultFromNewerVersion,
    VaultHeaderDamaged,
    VaultIncomplete,
    VaultInUse,
    VaultNotFound,
    WrongPassword,
    WrongRecoveryKey,
)
from vfapp.vault import casework, lifecycle, slots
from vfapp.vault.database import DB_NAME, Database
from vfapp.vault.header import HEADER_NAME, MIRROR_NAME, VaultHeader, encode_header
from vfapp.vault.lifecycle import CreatedVault, SecretKind, create_vault, unlock_vault
from vfapp.vault.migrations import LATEST
from vfapp.vault.verify import verify_vault


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
    db.execute(f"PRAGMA user_version = {LATEST}")
    db.close()
    unlock_vault(folder, PASSWORD).lock()


def test_vault_json_holds_no_names_or_keys(created: CreatedVault) -> None:
    casework.add_family(created.vault, "PIP-1", "Secret Surname")
    text = (created.vault.folder / HEADER_NAME).read_text()
    assert "Secret Surname" not in text
    assert set(json.loads(text)) == {"attune_vault", "checksum"}


def test_a_second_session_on_the_same_vault_is_refused_until_the_first_ends(
    created: CreatedVault,
) -> None:
    folder = created.vault.folder
    with pytest.raises(VaultInUse, match="already open in another Attune"):
        unlock_vault(folder, PASSWORD)
    assert verify_vault(folder, PASSWORD).ok  # read-only checks need no session
    created.vault.lock()
    with unlock_vault(folder, PASSWORD), pytest.raises(VaultInUse):
        unlock_vault(folder, PASSWORD)
    unlock_vault(folder, PASSWORD).lock()


def test_an_edited_slot_in_vault_json_does_not_hide_the_intact_mirror(
    created: CreatedVault,
) -> None:
    folder = created.vault.folder
    created.vault.lock()
    header = created.vault.header
    spoiled = header.slots[0].model_copy(update={"salt": bytes(16)})  # same slot id
    edited = header.model_copy(update={"slots": (spoiled, *header.slots[1:])})
    (folder / HEADER_NAME).write_bytes(encode_header(edited))
    with unlock_vault(folder, PASSWORD) as vault:
        assert vault.header == header
        assert any("restored from its copy" in w for w in vault.warnings)


def test_an_edited_header_is_never_sealed_by_a_later_password_change(
    created: CreatedVault,
) -> None:
    folder = created.vault.folder
    created.vault.lock()
    header = created.vault.header
    without_recovery = header.model_copy(update={"slots": header.slots[:1]})
    for name in (HEADER_NAME, MIRROR_NAME):
        (folder / name).write_bytes(encode_header(without_recovery))
    with unlock_vault(folder, PASSWORD) as vault:
        assert not vault.header_trusted
        with pytest.raises(KeySlotRefused, match="changed outside Attune"):
            slots.change_password(vault, "owner", "a different passphrase")
    assert any(
        "changed outside Attune" in p.message for p in verify_vault(folder, PASSWORD).problems
    )


def test_a_failed_init_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new-vault"

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(lifecycle, "write_header", disk_full)
    with pytest.raises(OSError):
        create_vault(folder, PASSWORD)
    assert list(folder.iterdir()) == []
    monkeypatch.undo()
    create_vault(folder, PASSWORD).vault.lock()


def test_absurd_kdf_costs_in_an_edited_header_are_damage_not_a_hang(created: CreatedVault) -> None:
    folder = created.vault.folder
    created.vault.lock()
    raw = json.loads((folder / HEADER_NAME).read_text())["attune_vault"]
    raw["slots"][0]["kdf"]["memory_kib"] = 2**40
    with pytest.raises(ValidationError, match="less than or equal"):
        VaultHeader.model_validate(raw)
    body = json.dumps(raw, sort_keys=True, separators=(",", ":")).encode()
    document = {"attune_vault": raw, "checksum": f"sha256:{hashlib.sha256(body).hexdigest()}"}
    for name in (HEADER_NAME, MIRROR_NAME):
        (folder / name).write_text(json.dumps(document))
    with pytest.raises(VaultHeaderDamaged, match="missing or invalid"):
        unlock_vault(folder, PASSWORD)
