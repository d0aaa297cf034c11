"""A killed or crashing process loses only what was not committed, and raises no false alarm."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSWORD
from vfapp.domain.models import RecordingStatus
from vfapp.vault import casework
from vfapp.vault.lifecycle import CreatedVault, unlock_vault
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.recordings import list_recordings
from vfapp.vault.verify import verify_vault

ROOT = Path(__file__).resolve().parents[2]


def _child(task: str, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.child", task, str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_kill_9_mid_recording_keeps_every_committed_part(created: CreatedVault) -> None:
    folder = created.vault.folder
    created.vault.lock()
    child = _child("hold-open", folder)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)

    report = verify_vault(folder, PASSWORD)
    assert report.ok, report.problems
    with unlock_vault(folder, PASSWORD) as vault:
        assert [f.case_code for f in casework.list_families(vault)] == ["BEFORE-KILL"]
        (recording,) = list_recordings(vault)
        assert recording.status is RecordingStatus.RECOVERED
        assert (recording.byte_size, recording.chunk_count) == (2500, 3)
        assert any("was interrupted" in warning for warning in vault.warnings)
        assert MediaReader(vault, recording.id).read() == b"\x01" * 2500


def test_an_unhandled_error_does_not_look_like_a_copy_missing_its_log(
    created: CreatedVault,
) -> None:
    folder = created.vault.folder
    created.vault.lock()
    child = _child("unhandled-error", folder)
    _, err = child.communicate(timeout=60)
    assert child.returncode != 0 and "a bug nobody caught" in err
    with unlock_vault(folder, PASSWORD) as vault:
        assert [f.case_code for f in casework.list_families(vault)] == ["BEFORE-ERROR"]
