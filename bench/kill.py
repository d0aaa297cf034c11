"""Kill test at real speed: kill -9 a live 720p30 recording at random moments, then check.

Run from the repository root:  .venv/bin/python -m bench.kill [--quick] [--json]

Each run starts a recording (synthetic camera and microphone, real time, shipped settings)
in a child process, kills it with SIGKILL at a random moment within the first minute, then
unlocks the vault (which marks the film recovered), verifies every page and seal, and
compares the last picture kept with the last picture the child had captured.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from uuid import UUID

import av

from vfapp.domain.models import RecordingStatus
from vfapp.vault import casework, keys
from vfapp.vault.lifecycle import create_vault, unlock_vault
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.recordings import list_recordings
from vfapp.vault.session import Vault
from vfapp.vault.verify import verify_vault

PASSWORD = "bench-password-1"
REPO = Path(__file__).resolve().parents[1]


def child(folder: Path) -> None:
    from datetime import date

    from vfapp.capture.frames import VideoMode
    from vfapp.capture.pipeline import Recorder
    from vfapp.capture.recorder_settings import RecorderSettings
    from vfapp.capture.synthetic import SyntheticCamera, SyntheticMicrophone, SyntheticTimeline

    vault = unlock_vault(folder, PASSWORD)
    family = casework.list_families(vault)[0]
    visit = casework.add_visit(vault, family.id, date.today()).value
    timeline = SyntheticTimeline(live=True)
    camera = SyntheticCamera(VideoMode(width=1280, height=720, fps=30), timeline)
    recorder = Recorder(
        vault,
        visit.id,
        camera,
        SyntheticMicrophone(timeline),
        settings=RecorderSettings(max_seconds=60),
    )
    first: list[float] = []

    def report(frame: object) -> None:
        t = frame.t  # type: ignore[attr-defined]
        first.append(first[0] if first else t)
        print(f"{t - first[0]:.4f}", flush=True)

    recorder.preview.attach(report)
    recorder.start()
    recorder.wait()


def last_picture_s(vault: Vault, recording_id: UUID) -> float:
    with av.open(MediaReader(vault, recording_id), "r") as container:
        times = [float(f.time) for f in container.decode(video=0) if f.time is not None]
    return max(times) - min(times) if times else 0.0


def one_run(folder: Path, after_s: float) -> tuple[float, bool]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.kill", "--child", str(folder)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    stdout = process.stdout
    seen: list[str] = []
    reader = threading.Thread(
        target=lambda: seen.extend(line.strip() for line in stdout), daemon=True
    )
    reader.start()
    while not seen:
        time.sleep(0.01)
    time.sleep(after_s)
    process.send_signal(signal.SIGKILL)
    process.wait()
    reader.join(timeout=5)
    captured = float(seen[-1])
    intact = verify_vault(folder, PASSWORD).ok
    with unlock_vault(folder, PASSWORD) as vault:
        newest = max(list_recordings(vault), key=lambda r: r.started_at)
        assert newest.status is RecordingStatus.RECOVERED
        kept = last_picture_s(vault, newest.id)
    return captured - kept, intact


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.kill", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5 runs killed within 8 s")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return
    runs, window = (5, 8.0) if args.quick else (20, 60.0)
    rng = random.Random(2026)
    losses, intact = [], []
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vfapp-kill-") as tmp:
        folder = Path(tmp) / "vault"
        created = create_vault(folder, PASSWORD, kdf=keys.KDF_FLOOR)
        casework.add_family(created.vault, "KILL-1")
        created.vault.lock()
        for run in range(runs):
            loss, ok = one_run(folder, rng.uniform(1.0, window))
            losses.append(loss)
            intact.append(ok)
            print(
                f"run {run + 1:2d}/{runs}: lost the last {loss:.2f} s; vault intact: {ok}",
                flush=True,
            )
    figures = {
        "kill_runs": runs,
        "kill_worst_loss_s": round(max(losses), 3),
        "kill_median_loss_s": round(statistics.median(losses), 3),
        "kill_all_intact": all(intact),
    }
    print(
        f"kill -9 of a live 720p30 recording, {runs} runs: worst loss {max(losses):.2f} s, "
        f"median {statistics.median(losses):.2f} s (target: at most ~2 s); every vault intact: "
        f"{all(intact)}; took {time.perf_counter() - began:.0f} s"
    )
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
