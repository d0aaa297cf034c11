from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from vfapp.domain.errors import VaultFromNewerVersion, VaultHeaderDamaged
from vfapp.vault.header import (
    HEADER_NAME,
    MIRROR_NAME,
    decode_header,
    encode_header,
    read_header,
)
from vfapp.vault.lifecycle import CreatedVault


def test_header_round_trips_and_has_no_key_material_in_clear(created: CreatedVault) -> None:
    raw = (created.vault.folder / HEADER_NAME).read_bytes()
    assert decode_header(raw) == created.vault.header
    assert created.vault.key.hex() not in raw.decode()
    assert (created.vault.folder / MIRROR_NAME).read_bytes() == raw


def test_truncated_header_is_named_as_incomplete(created: CreatedVault) -> None:
    raw = encode_header(created.vault.header)
    with pytest.raises(VaultHeaderDamaged, match="not complete"):
        decode_header(raw[: len(raw) // 2])


def test_hand_edited_header_fails_its_checksum(created: CreatedVault) -> None:
    document = json.loads(encode_header(created.vault.header))
    document["attune_vault"]["slots"][0]["label"] = "intruder"
    with pytest.raises(VaultHeaderDamaged, match="checksum"):
        decode_header(json.dumps(document).encode())


def test_header_from_a_newer_version_asks_for_an_update(created: CreatedVault) -> None:
    newer = created.vault.header.model_copy(update={"format_version": 99})
    with pytest.raises(VaultFromNewerVersion, match="newer version of Attune"):
        decode_header(encode_header(newer))


def test_a_flipped_bit_in_the_version_is_damage_and_the_mirror_is_used(
    created: CreatedVault,
) -> None:
    folder = created.vault.folder
    raw = (folder / HEADER_NAME).read_bytes()
    flipped = raw.replace(b'"format_version": 1', b'"format_version": 3')
    assert flipped != raw
    (folder / HEADER_NAME).write_bytes(flipped)
    copies = read_header(folder)
    assert copies.primary is None and "checksum" in (copies.primary_problem or "")
    assert copies.header == created.vault.header


def test_missing_fields_are_named_as_damage() -> None:
    body = {"format_version": 1}
    digest = hashlib.sha256(json.dumps(body, separators=(",", ":")).encode()).hexdigest()
    document = {"attune_vault": body, "checksum": f"sha256:{digest}"}
    with pytest.raises(VaultHeaderDamaged, match="missing or invalid"):
        decode_header(json.dumps(document).encode())


def test_a_damaged_vault_json_falls_back_to_its_mirror(created: CreatedVault) -> None:
    folder: Path = created.vault.folder
    (folder / HEADER_NAME).write_bytes(b'{"attune_vau')
    copies = read_header(folder)
    assert copies.primary is None and copies.mirror == created.vault.header
    assert copies.primary_problem and "not complete" in copies.primary_problem
    assert copies.header == created.vault.header


def test_both_copies_gone_is_reported_as_damage(created: CreatedVault) -> None:
    folder = created.vault.folder
    (folder / HEADER_NAME).write_bytes(b"")
    (folder / MIRROR_NAME).unlink()
    with pytest.raises(VaultHeaderDamaged):
        read_header(folder)
