"""Runs vault work in a separate process, for tests that kill it or fill its disk.

Usage: python -m tests.integration.child TASK FOLDER
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from tests.conftest import FAST_KDF, PASSWORD
from tests.unit.vault.media_helpers import new_recording
from vfapp.domain.errors import DiskFull
from vfapp.vault import casework, keys
from vfapp.vault.lifecycle import create_vault, unlock_vault
from vfapp.vault.media_writer import MediaWriter

keys.KDF_FLOOR = FAST_KDF
keys.calibrate = lambda *a, **k: FAST_KDF  # type: ignore[assignment]


def hold_open_while_recording(folder: Path) -> None:
    """Commit a family and part of a film, then wait to be killed mid-recording."""
    vault = unlock_vault(folder, PASSWORD)
    casework.add_family(vault, "BEFORE-KILL")
    writer = MediaWriter(vault, new_recording(vault), chunk_size=1000)
    writer.write(b"\x01" * 2500)
    writer.commit_buffered()
    writer.write(b"\x02" * 300)  # buffered, never committed: lost by design
    print("ready", flush=True)
    time.sleep(600)


def exit_with_an_unhandled_error(folder: Path) -> None:
    vault = unlock_vault(folder, PASSWORD)
    casework.add_family(vault, "BEFORE-ERROR")
    raise RuntimeError("a bug nobody caught")


def fill_the_disk(folder: Path) -> None:
    """Write a film until the disk is full; report what was committed."""
    created = create_vault(folder, PASSWORD)
    vault = created.vault
    casework.add_family(vault, "FULL-DISK")
    writer = MediaWriter(vault, new_recording(vault))
    accepted = 0
    failure = ""
    try:
        while True:
            writer.write(os.urandom(64 * 1024))
            accepted += 64 * 1024
    except DiskFull as error:
        failure = str(error)
    try:  # a further action also fails cleanly
        casework.add_family(vault, "AFTER-FULL")
        later = "saved"
    except DiskFull as error:
        later = str(error)
    vault.lock()
    # Reopen on the same full disk: no false "copied without its log" alarm, a plain warning.
    try:
        with unlock_vault(folder, PASSWORD) as reopened:
            reopen = {"opened": True, "warnings": list(reopened.warnings)}
    except Exception as error:
        reopen = {"opened": False, "error": f"{type(error).__name__}: {error}"}
    result = {"accepted": accepted, "failure": failure, "later": later, "reopen": reopen}
    print(json.dumps(result), flush=True)


def lock_on_a_full_disk(folder: Path) -> None:
    """Close a vault when not one more byte fits, then open it again on the same disk."""
    created = create_vault(folder, PASSWORD)
    casework.add_family(created.vault, "BEFORE-FULL")
    created.vault.lock()
    vault = unlock_vault(folder, PASSWORD)  # its pages are folded into vault.db on opening
    casework.add_family(vault, "IN-THE-LOG")  # a change still in vault.db-wal when space runs out
    fd = os.open(folder.parent / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass  # the disk is now full to the last byte
    finally:
        os.close(fd)
    try:  # small changes still fit in pages vault.db already has, until none do
        for n in range(10_000):
            casework.add_family(vault, f"SMALL-{n}", "y" * 70)
    except DiskFull:
        pass
    saved = [f.case_code for f in casework.list_families(vault)]
    vault.lock()
    try:
        with unlock_vault(folder, PASSWORD) as reopened:
            families = [f.case_code for f in casework.list_families(reopened)]
            outcome = {
                "opened": True,
                "all_saved_kept": families == saved,
                "families": len(families),
                "warnings": list(reopened.warnings),
            }
    except Exception as error:
        outcome = {"opened": False, "error": f"{type(error).__name__}: {error}"}
    print(json.dumps(outcome), flush=True)


def record_until_killed(folder: Path) -> None:
    """Record a synthetic minute, printing each frame's time as it is captured."""
    from tests.integration.recording_helpers import synthetic, visit_for
    from vfapp.capture.frames import VideoMode
    from vfapp.capture.pipeline import Recorder
    from vfapp.capture.recorder_settings import RecorderSettings

    vault = unlock_vault(folder, PASSWORD)
    camera, mic = synthetic(VideoMode(width=192, height=144, fps=30))
    # A short queue keeps the camera as close behind the encoder as it is when live.
    settings = RecorderSettings(max_seconds=60, video_queue_s=0.1)
    recorder = Recorder(vault, visit_for(vault), camera, mic, settings=settings)
    first: list[float] = []

    def report(frame: object) -> None:
        t = frame.t  # type: ignore[attr-defined]
        first.append(first[0] if first else t)
        print(f"{t - first[0]:.4f}", flush=True)

    recorder.preview.attach(report)
    recorder.start()
    recorder.wait()
    vault.lock()
    print("done", flush=True)


def record_on_a_small_disk(folder: Path) -> None:
    """Record at 720p until the real disk probe says the disk is nearly full."""
    from tests.integration.recording_helpers import synthetic, visit_for
    from vfapp.capture.frames import VideoMode
    from vfapp.capture.pipeline import Recorder

    vault = create_vault(folder, PASSWORD).vault
    camera, mic = synthetic(VideoMode(width=1280, height=720, fps=30))
    recorder = Recorder(vault, visit_for(vault), camera, mic)
    recorder.start()
    warned = False
    while (result := recorder.wait(0.05)) is None:
        warned = warned or recorder.stats().disk_warning
    vault.lock()
    outcome = {
        "reason": result.reason.value,
        "message": result.message,
        "status": result.recording.status.value,
        "warned": warned,
        "seconds": result.stats.elapsed_s,
    }
    print(json.dumps(outcome), flush=True)


TASKS = {
    "record-on-small-disk": record_on_a_small_disk,
    "record-until-killed": record_until_killed,
    "lock-on-full-disk": lock_on_a_full_disk,
    "hold-open": hold_open_while_recording,
    "unhandled-error": exit_with_an_unhandled_error,
    "fill-disk": fill_the_disk,
}

if __name__ == "__main__":
    TASKS[sys.argv[1]](Path(sys.argv[2]))
