"""kill -9 at random moments of a recording: every vault opens, verifies and keeps all but ~2 s."""

from __future__ import annotations

import random
import time
from pathlib import Path

import av
import pytest

from tests.conftest import PASSWORD
from tests.integration.reporting_child import ReportingChild
from vfapp.domain.models import RecordingStatus
from vfapp.vault.lifecycle import CreatedVault, unlock_vault
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.recordings import list_recordings
from vfapp.vault.verify import verify_vault

RUNS = 20
MAX_LOSS_S = 2.0


def _last_frame_time(reader: MediaReader) -> float:
    with av.open(reader, "r") as container:
        times = [float(f.time) for f in container.decode(video=0) if f.time is not None]
    return max(times) - min(times) if times else 0.0


def _kill_at_random(folder: Path, delay: float) -> float:
    """Start recording, kill -9 after `delay` s; the last capture time the child reported."""
    child = ReportingChild("tests.integration.child", "record-until-killed", str(folder))
    while not child.lines:  # count from the first captured frame, not from Python's start-up
        time.sleep(0.01)
        assert child.alive, "the recorder died on its own"
    time.sleep(delay)
    times = [float(line) for line in child.kill() if line and line != "done"]
    return times[-1]


@pytest.mark.slow
def test_twenty_random_kills_each_leave_a_playable_recording(created: CreatedVault) -> None:
    folder = created.vault.folder
    created.vault.lock()
    rng = random.Random(20261126)
    losses = []
    for run in range(RUNS):
        captured = _kill_at_random(folder, rng.uniform(0.05, 3.0))
        assert verify_vault(folder, PASSWORD).ok, f"run {run}: the vault does not verify"
        with unlock_vault(folder, PASSWORD) as vault:
            newest = max(list_recordings(vault), key=lambda r: r.started_at)
            assert newest.status in (RecordingStatus.RECOVERED, RecordingStatus.COMPLETE)
            kept = _last_frame_time(MediaReader(vault, newest.id)) if newest.byte_size else 0.0
        losses.append(captured - kept)
        print(f"run {run}: captured {captured:.2f} s, kept {kept:.2f} s")
        assert captured - kept <= MAX_LOSS_S, f"run {run}: lost {captured - kept:.2f} s"
    print(
        f"kill -9 x{RUNS}: worst loss {max(losses):.2f} s, median {sorted(losses)[RUNS // 2]:.2f} s"
    )
