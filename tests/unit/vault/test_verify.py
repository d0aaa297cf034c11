from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.unit.vault.media_helpers import new_recording, record_bytes
from vfapp.domain.errors import VaultIncomplete
from vfapp.vault.database import DB_NAME, PAGE_SIZE, wal_path
from vfapp.vault.header import HEADER_NAME, MIRROR_NAME, encode_header
from vfapp.vault.lifecycle import CreatedVault, unlock_vault
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.sealing import CHUNK_SIZE
from vfapp.vault.verify import verify_vault


def _messages(folder: Path) -> list[str]:
    return [p.message for p in verify_vault(folder, PASSWORD).problems]


def test_an_intact_vault_passes_and_says_what_it_checked(created: CreatedVault) -> None:
    record_bytes(created.vault, os.urandom(1000))
    record_bytes(created.vault, os.urandom(10))
    report = verify_vault(created.vault.folder, PASSWORD)
    assert report.ok and report.problems == ()
    assert (report.recordings_checked, report.chunks_checked, report.bytes_checked) == (2, 17, 1010)


def test_every_kind_of_chunk_damage_is_named(created: CreatedVault) -> None:
    vault = created.vault
    altered, swapped, gap, cut, keyless = (record_bytes(vault, os.urandom(300)) for _ in range(5))
    healthy = record_bytes(vault, os.urandom(300))
    db = vault.db
    (data,) = (
        db.query_one(
            "SELECT data FROM media_chunks WHERE recording_id = ? AND seq = 1", (str(altered.id),)
        )
        or ()
    )
    db.execute(
        "UPDATE media_chunks SET data = ? WHERE recording_id = ? AND seq = 1",
        (bytes(data)[:-1] + b"\0", str(altered.id)),
    )
    # Reorder: parts 2 and 3 trade places (row ids stay, sequence numbers swap).
    for old_seq, new_seq in ((2, 1000), (3, 2), (1000, 3)):
        db.execute(
            "UPDATE media_chunks SET seq = ? WHERE recording_id = ? AND seq = ?",
            (new_seq, str(swapped.id), old_seq),
        )
    db.execute("DELETE FROM media_chunks WHERE recording_id = ? AND seq = 2", (str(gap.id),))
    db.execute("DELETE FROM media_chunks WHERE recording_id = ? AND seq = 4", (str(cut.id),))
    db.execute("DELETE FROM recording_keys WHERE recording_id = ?", (str(keyless.id),))
    report = verify_vault(vault.folder, PASSWORD)
    found = {(p.recording_id, p.seq) for p in report.problems}
    assert (altered.id, 1) in found
    assert {(swapped.id, 2), (swapped.id, 3)} <= found
    assert (gap.id, 2) in found
    assert (cut.id, 4) in found
    assert (keyless.id, None) in found
    assert not any(p.recording_id == healthy.id for p in report.problems)
    texts = " | ".join(p.message for p in report.problems)
    assert (
        "it is missing" in texts
        and "end of the film is missing" in texts
        and "lost its key" in texts
    )


def _locked_vault_with_two_films(created: CreatedVault) -> tuple[Path, object, object, bytes]:
    vault = created.vault
    first_data = os.urandom(CHUNK_SIZE * 2)
    first = record_bytes(vault, first_data, chunk_size=CHUNK_SIZE)
    second = record_bytes(vault, os.urandom(CHUNK_SIZE * 8), chunk_size=CHUNK_SIZE)
    vault.lock()
    assert not wal_path(vault.folder / DB_NAME).exists()
    return vault.folder, first.id, second.id, first_data


def _page_near_the_end(path: Path, back_bytes: int) -> int:
    return (path.stat().st_size - back_bytes) // PAGE_SIZE


def test_flipped_bits_in_vault_db_are_named_and_other_films_still_play(
    created: CreatedVault,
) -> None:
    folder, first_id, second_id, first_data = _locked_vault_with_two_films(created)
    db_file = folder / DB_NAME
    page = _page_near_the_end(db_file, CHUNK_SIZE * 3)
    with db_file.open("r+b") as handle:
        handle.seek(page * PAGE_SIZE + 5000)
        byte = handle.read(1)
        handle.seek(page * PAGE_SIZE + 5000)
        handle.write(bytes([byte[0] ^ 0x10]))
    report = verify_vault(folder, PASSWORD)
    assert not report.ok
    assert any(p.area == "database" and "page" in p.message.lower() for p in report.problems)
    damaged = {p.recording_id for p in report.problems if p.area == "recording"}
    assert damaged == {second_id}
    with unlock_vault(folder, PASSWORD) as vault:
        assert MediaReader(vault, first_id).read() == first_data  # type: ignore[arg-type]


def test_swapped_pages_in_vault_db_are_named(created: CreatedVault) -> None:
    folder, first_id, second_id, first_data = _locked_vault_with_two_films(created)
    db_file = folder / DB_NAME
    a, b = _page_near_the_end(db_file, CHUNK_SIZE * 5), _page_near_the_end(db_file, CHUNK_SIZE * 2)
    with db_file.open("r+b") as handle:
        handle.seek(a * PAGE_SIZE)
        page_a = handle.read(PAGE_SIZE)
        handle.seek(b * PAGE_SIZE)
        page_b = handle.read(PAGE_SIZE)
        handle.seek(a * PAGE_SIZE)
        handle.write(page_b)
        handle.seek(b * PAGE_SIZE)
        handle.write(page_a)
    report = verify_vault(folder, PASSWORD)
    assert {p.recording_id for p in report.problems if p.area == "recording"} == {second_id}
    assert sum(1 for p in report.problems if p.seq is not None) >= 2
    with unlock_vault(folder, PASSWORD) as vault:
        assert MediaReader(vault, first_id).read() == first_data  # type: ignore[arg-type]


def test_header_damage_is_named(created: CreatedVault) -> None:
    folder = created.vault.folder
    header = created.vault.header
    created.vault.lock()
    (folder / MIRROR_NAME).write_bytes(b"{")
    edited = header.model_copy(update={"slots": header.slots[:1]})
    (folder / HEADER_NAME).write_bytes(encode_header(edited))
    messages = _messages(folder)
    assert any("vault.json was changed outside Attune" in m for m in messages)
    assert any("vault.json.mirror is damaged" in m for m in messages)


def test_a_copy_without_its_wal_is_named_and_verify_keeps_the_evidence(
    created: CreatedVault, tmp_path: Path
) -> None:
    record_bytes(created.vault, os.urandom(100))
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in (HEADER_NAME, MIRROR_NAME, DB_NAME):
        shutil.copy(created.vault.folder / name, copy / name)
    for _ in range(2):
        assert any("copied without vault.db-wal" in m for m in _messages(copy))
    assert not wal_path(copy / DB_NAME).exists()
    with pytest.raises(VaultIncomplete):
        unlock_vault(copy, PASSWORD)


def test_verify_changes_nothing_even_after_a_crash(created: CreatedVault, tmp_path: Path) -> None:
    record_bytes(created.vault, os.urandom(500))
    new_recording(created.vault)  # still 'recording' when the copy is taken
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for source in created.vault.folder.iterdir():  # vault.db with its WAL: like a power cut
        shutil.copy(source, crashed / source.name)
    before = {p.name: p.read_bytes() for p in crashed.iterdir()}
    report = verify_vault(crashed, PASSWORD)
    assert report.ok, report.problems
    assert any("still being recorded" in n for n in report.notes)
    after = {p.name: p.read_bytes() for p in crashed.iterdir()}
    assert {k: v for k, v in after.items() if not k.endswith("-shm")} == {
        k: v for k, v in before.items() if not k.endswith("-shm")
    }
    unlock_vault(crashed, PASSWORD).lock()  # and no false alarm afterwards
