"""A vault on a full disk: the failing write says so plainly and everything committed stays."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from vfapp.domain.models import RecordingStatus
from vfapp.vault import casework
from vfapp.vault.lifecycle import unlock_vault
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.recordings import list_recordings
from vfapp.vault.sealing import CHUNK_SIZE
from vfapp.vault.verify import verify_vault

ROOT = Path(__file__).resolve().parents[2]
DISK_MIB = 8


def _run_on_a_small_disk(
    task: str, mount: Path, saved: Path, disk_mib: int = DISK_MIB
) -> dict[str, object]:
    """Mount a tiny tmpfs in a private mount namespace, run a child task, copy the vault out."""
    if shutil.which("unshare") is None:
        pytest.skip("needs util-linux unshare to mount a small private disk")
    script = (
        f"mount -t tmpfs -o size={disk_mib}m tmpfs {mount} && "
        f"{sys.executable} -m tests.integration.child {task} {mount}/vault && "
        f"cp -a {mount}/vault {saved}"
    )
    done = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 and "unshare failed" in done.stderr:
        pytest.skip(f"this machine forbids private mounts: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_full_disk_fails_cleanly_and_keeps_what_was_committed(tmp_path: Path) -> None:
    mount, saved = tmp_path / "small-disk", tmp_path / "saved-vault"
    mount.mkdir()
    result = _run_on_a_small_disk("fill-disk", mount, saved)

    assert "disk holding the vault is full" in str(result["failure"])
    assert "Everything saved before it is safe" in str(result["failure"])
    later = str(result["later"])
    assert later == "saved" or "disk holding the vault is full" in later
    reopen = result["reopen"]
    assert isinstance(reopen, dict) and reopen["opened"] is True, reopen
    assert any("disk holding the vault is full" in w for w in reopen["warnings"])
    accepted = int(str(result["accepted"]))
    assert accepted > CHUNK_SIZE

    assert verify_vault(saved, PASSWORD).ok
    with unlock_vault(saved, PASSWORD) as vault:
        # A small write may still fit where a 256 KiB part did not; either way the vault
        # holds exactly what it reported as saved.
        expected = ["AFTER-FULL", "FULL-DISK"] if later == "saved" else ["FULL-DISK"]
        assert [f.case_code for f in casework.list_families(vault)] == expected
        (recording,) = list_recordings(vault)
        assert recording.status is RecordingStatus.RECOVERED
        kept = MediaReader(vault, recording.id).read()
    assert CHUNK_SIZE <= len(kept) <= accepted
    assert len(kept) % CHUNK_SIZE == 0
    # Nearly the whole disk was usable (the schema, its indexes and the log take the rest).
    assert len(kept) >= (DISK_MIB - 3.5) * 2**20


def test_closing_on_a_completely_full_disk_raises_no_false_alarm(tmp_path: Path) -> None:
    mount, saved = tmp_path / "small-disk", tmp_path / "saved-vault"
    mount.mkdir()
    outcome = _run_on_a_small_disk("lock-on-full-disk", mount, saved)
    assert outcome["opened"] is True, outcome
    assert outcome["all_saved_kept"] is True
    assert int(str(outcome["families"])) >= 2


def test_a_recording_on_a_nearly_full_disk_stops_itself_in_time(tmp_path: Path) -> None:
    """The real disk probe on a real small filesystem: warned, stopped, closed, verifiable."""
    mount, saved = tmp_path / "small-disk", tmp_path / "saved-vault"
    mount.mkdir()
    outcome = _run_on_a_small_disk("record-on-small-disk", mount, saved, disk_mib=80)
    assert outcome["reason"] == "disk_nearly_full", outcome
    assert outcome["status"] == "complete" and outcome["warned"] is True
    assert "nearly full" in str(outcome["message"])
    assert verify_vault(saved, PASSWORD).ok
