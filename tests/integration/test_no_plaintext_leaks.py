"""No plaintext media, name or database page reaches the disk, the temp folder or open files."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from tests.integration.leak_scan import ScanResult, files_under, scan
from tests.integration.plain_clip import encode_demo_clip

ROOT = Path(__file__).resolve().parents[2]


def _run_child(tmp_path: Path, marker: str, *flags: str) -> tuple[ScanResult, Path, Path]:
    vault_dir, temp_dir = tmp_path / "vault", tmp_path / "tmp"
    temp_dir.mkdir()
    env = os.environ | {"TMPDIR": str(temp_dir), "SQLITE_TMPDIR": str(temp_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.integration.leak_child", str(vault_dir), marker, *flags],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    *earlier, last = done.stdout.strip().splitlines()
    assert marker not in done.stderr and marker not in "".join(earlier)
    return ScanResult.model_validate_json(last), vault_dir, temp_dir


def test_nothing_readable_leaks_during_recording_sorting_and_indexing(tmp_path: Path) -> None:
    marker = f"LEAKMARK{secrets.token_hex(8)}"
    while_open, vault_dir, temp_dir = _run_child(tmp_path, marker)
    assert while_open.files >= 2, "the vault's own files should have been open"
    assert while_open.hits == []

    at_rest = scan([*files_under(vault_dir), *files_under(temp_dir)], marker.encode())
    assert at_rest.bytes > 3_000_000, "the scan must have covered the stored media"
    assert at_rest.hits == []

    # The scanner is not blind: the same kinds of plaintext in plain files are found.
    (temp_dir / "planted.bin").write_bytes(b"xx" + marker.encode() + b"SQLite format 3\x00")
    with (temp_dir / "planted.mp4").open("wb") as film:
        encode_demo_clip(film, seconds=1)
    planted = scan(files_under(temp_dir), marker.encode())
    assert {h.what for h in planted.hits} == {
        "marker",
        "SQLite header",
        "MP4 file-type box",
        "MP4 fragment header",
        "H.264 encoder banner",
    }


def test_a_real_recording_leaves_no_plaintext_anywhere(tmp_path: Path) -> None:
    marker = f"LEAKMARK{secrets.token_hex(8)}"
    while_recording, vault_dir, temp_dir = _run_child(tmp_path, marker, "--record")
    assert while_recording.files >= 2
    assert while_recording.hits == []
    at_rest = scan([*files_under(vault_dir), *files_under(temp_dir)], marker.encode())
    assert at_rest.bytes > 300_000, "the scan must have covered the 6 s film"
    assert at_rest.hits == []


def test_the_watch_on_open_files_catches_a_file_temp_store(tmp_path: Path) -> None:
    """The control: SQLCipher leaves temp files unencrypted, and the scan sees it happen."""
    marker = f"LEAKMARK{secrets.token_hex(8)}"
    while_open, _, _ = _run_child(tmp_path, marker, "--file-temp-store")
    assert {hit.what for hit in while_open.hits} >= {"marker"}
