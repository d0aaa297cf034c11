"""Recording benchmark: the whole pipeline against the ffmpeg CLI, a real-time run, start latency.

Run from the repository root:  .venv/bin/python -m bench.record [--quick] [--json]

Throughput: the same pre-made BGR frames (as OpenCV delivers them) go through the recorder
(convert, encode, mux, seal, commit to a real vault) and through `ffmpeg` reading raw video
from a pipe with the same codec, preset, CRF, GOP and x264 parameters into a plain file.
Real time: the synthetic camera and microphone at real speed with a preview consumer that
converts and scales every frame it gets, as a screen would. Start latency: from start() to
the first fragment holding a picture being committed to the vault.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import UUID

import cv2

from vfapp.capture.encoder import EncoderSettings
from vfapp.capture.frames import CapturedFrame, Image, VideoMode
from vfapp.capture.pipeline import Recorder
from vfapp.capture.recorder_settings import RecorderSettings
from vfapp.capture.sync_probe import measure_av_sync
from vfapp.capture.synthetic import SyntheticCamera, SyntheticMicrophone, SyntheticTimeline
from vfapp.domain.errors import SourceEnded
from vfapp.vault import casework, keys
from vfapp.vault.lifecycle import create_vault
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.session import Vault

MIB = 1024 * 1024
DISTINCT_FRAMES = 45
P720 = VideoMode(width=1280, height=720, fps=30)
P1080 = VideoMode(width=1920, height=1080, fps=30)


@dataclass(frozen=True)
class Plan:
    name: str
    frames: int
    reps: int
    realtime_s: float
    realtime_1080_s: float
    latency_runs: int


FULL = Plan("full", frames=600, reps=3, realtime_s=600, realtime_1080_s=120, latency_runs=10)
QUICK = Plan("quick", frames=240, reps=1, realtime_s=60, realtime_1080_s=20, latency_runs=5)


class LoopingCamera:
    """Pre-made frames, as fast as they are taken, stamped as a 30 fps camera would."""

    name, live = "pre-made frames", False

    def __init__(self, frames: list[Image], count: int, mode: VideoMode) -> None:
        self._frames, self._count, self._mode, self._index = frames, count, mode, 0

    def open(self) -> VideoMode:
        return self._mode

    def read(self) -> CapturedFrame:
        if self._index >= self._count:
            raise SourceEnded()
        image = self._frames[self._index % len(self._frames)]
        frame = CapturedFrame(image=image, t=self._index / self._mode.fps, index=self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        pass


def make_frames(mode: VideoMode) -> list[Image]:
    camera = SyntheticCamera(mode, SyntheticTimeline(live=False))
    camera.open()
    return [camera.read().image for _ in range(DISTINCT_FRAMES)]


def visit(vault: Vault) -> UUID:
    family = casework.add_family(vault, f"BENCH-{time.monotonic_ns() % 10**9}").value
    return casework.add_visit(vault, family.id, date.today()).value.id


def pipeline_fps(
    vault: Vault, frames: list[Image], count: int, mode: VideoMode, encoder: EncoderSettings
) -> float:
    recorder = Recorder(
        vault,
        visit(vault),
        LoopingCamera(frames, count, mode),
        None,
        settings=RecorderSettings(encoder=encoder),
    )
    start = time.perf_counter()
    recorder.start()
    result = recorder.wait()
    took = time.perf_counter() - start
    assert result is not None and result.stats.frames_encoded == count
    return count / took


def ffmpeg_fps(
    frames: list[Image], count: int, mode: VideoMode, encoder: EncoderSettings, out: Path
) -> float:
    command = [
        "ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24",
        "-s", f"{mode.width}x{mode.height}", "-r", f"{mode.fps:g}", "-i", "-",
        "-c:v", "libx264", "-preset", encoder.preset, "-crf", str(encoder.crf),
        "-g", f"{mode.fps:g}", "-keyint_min", f"{mode.fps:g}", "-sc_threshold", "0",
        *(["-x264-params", encoder.x264_params] if encoder.x264_params else []),
        "-pix_fmt", "yuv420p", "-movflags", "frag_keyframe+empty_moov+default_base_moof",
        "-f", "mp4", str(out),
    ]  # fmt: skip
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.PIPE)
    assert process.stdin is not None
    for index in range(count):
        process.stdin.write(frames[index % len(frames)].data)
    process.stdin.close()
    assert process.wait() == 0
    return count / (time.perf_counter() - start)


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / MIB


def live_recorder(
    vault: Vault, mode: VideoMode, encoder: EncoderSettings, seconds: float | None = None
) -> Recorder:
    """The demo camera and microphone at real speed, as a practitioner's recording runs."""
    timeline = SyntheticTimeline(live=True)
    return Recorder(
        vault,
        visit(vault),
        SyntheticCamera(mode, timeline),
        SyntheticMicrophone(timeline),
        settings=RecorderSettings(encoder=encoder, max_seconds=seconds),
    )


def realtime_run(
    vault: Vault, mode: VideoMode, seconds: float, encoder: EncoderSettings
) -> dict[str, float]:
    recorder = live_recorder(vault, mode, encoder, seconds)
    shown, stop = [0], threading.Event()

    def screen() -> None:
        last = -1
        while not stop.is_set():
            frame = recorder.preview.latest()
            if frame is not None and frame.index != last:
                cv2.resize(cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB), (640, 360))
                last, shown[0] = frame.index, shown[0] + 1
            stop.wait(1 / 60)

    samples: list[tuple[float, float]] = []
    cpu_start, wall_start = os.times(), time.perf_counter()
    recording = recorder.start()
    viewer = threading.Thread(target=screen, daemon=True)
    viewer.start()
    while (result := recorder.wait(1.0)) is None:
        samples.append((time.perf_counter() - wall_start, rss_mb()))
    stop.set()
    cpu_end, wall = os.times(), time.perf_counter() - wall_start
    cpu = (cpu_end.user + cpu_end.system - cpu_start.user - cpu_start.system) / wall
    settle = min(60.0, seconds / 6)  # "minute 1" of a 10-minute run; scaled for short runs
    early = next((rss for t, rss in samples if t >= settle), samples[0][1])
    sync = measure_av_sync(MediaReader(vault, recording.id))
    return {
        "dropped_frames": float(result.stats.frames_dropped),
        "mean_cpu_pct": 100 * cpu,
        "peak_rss_mb": max(rss for _, rss in samples),
        "rss_growth_mb": samples[-1][1] - early,
        "preview_fps": shown[0] / wall,
        "mb_per_min": result.recording.byte_size / MIB / (result.stats.elapsed_s / 60),
        "sync_max_ms": sync.max_abs_offset_ms,
    }


def realtime_in_a_fresh_process(
    mode: VideoMode, seconds: float, encoder: EncoderSettings
) -> dict[str, float]:
    """The real-time run in its own process, so its memory is the recorder's alone."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.record",
            "--realtime-child",
            f"{mode.width}x{mode.height}",
            str(seconds),
            encoder.model_dump_json(),
        ],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def realtime_child(size: str, seconds: str, encoder_json: str) -> None:
    width, height = (int(part) for part in size.split("x"))
    with tempfile.TemporaryDirectory(prefix="vfapp-realtime-") as tmp:
        vault = create_vault(Path(tmp) / "vault", "bench-password-1", kdf=keys.KDF_FLOOR).vault
        figures = realtime_run(
            vault,
            VideoMode(width=width, height=height, fps=30),
            float(seconds),
            EncoderSettings.model_validate_json(encoder_json),
        )
        vault.lock()
    print(json.dumps(figures))


def start_latency_ms(vault: Vault, mode: VideoMode, runs: int, encoder: EncoderSettings) -> float:
    latencies = []
    for _ in range(runs):
        recorder = live_recorder(vault, mode, encoder)
        start = time.perf_counter()
        recorder.start()
        while recorder.stats().fragments_committed < 1:
            time.sleep(0.002)
        latencies.append((time.perf_counter() - start) * 1000)
        recorder.stop()
    return statistics.median(latencies)


def measure(
    vault: Vault,
    mode: VideoMode,
    plan: Plan,
    realtime_s: float,
    encoder: EncoderSettings,
    scratch: Path,
) -> dict[str, float]:
    frames = make_frames(mode)
    ours, theirs = [], []
    for _ in range(plan.reps):  # interleaved, medians: the machine is noisy
        ours.append(pipeline_fps(vault, frames, plan.frames, mode, encoder))
        theirs.append(ffmpeg_fps(frames, plan.frames, mode, encoder, scratch / "ffmpeg.mp4"))
    del frames
    figures = {
        "pipeline_fps": statistics.median(ours),
        "ffmpeg_fps": statistics.median(theirs),
        "ratio_vs_ffmpeg": statistics.median(a / b for a, b in zip(ours, theirs, strict=True)),
    }
    figures["realtime_factor"] = figures["pipeline_fps"] / mode.fps
    figures |= realtime_in_a_fresh_process(mode, realtime_s, encoder)
    figures["start_latency_p50_ms"] = start_latency_ms(vault, mode, plan.latency_runs, encoder)
    return figures


def report(label: str, f: dict[str, float], seconds: float) -> None:
    lines = [
        label,
        f"  throughput   pipeline {f['pipeline_fps']:6.1f} fps, "
        f"ffmpeg CLI {f['ffmpeg_fps']:6.1f} fps: "
        f"ratio {f['ratio_vs_ffmpeg']:.2f}x (target >= 1.0), "
        f"{f['realtime_factor']:.1f}x real time (target >= 2)",
        f"  real time    {seconds:.0f} s: {f['dropped_frames']:.0f} dropped, "
        f"CPU {f['mean_cpu_pct']:.0f}% of a core, peak RSS {f['peak_rss_mb']:.0f} MB, "
        f"growth {f['rss_growth_mb']:+.1f} MB (limit 50)",
        f"               preview {f['preview_fps']:.0f} fps, {f['mb_per_min']:.1f} MB/min, "
        f"A/V sync within {f['sync_max_ms']:.1f} ms",
        f"  start        first picture committed after {f['start_latency_p50_ms']:.0f} ms "
        "(p50; target < 500)",
    ]
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.record", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a 60 s real-time run")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    parser.add_argument("--preset", default=EncoderSettings().preset)
    parser.add_argument("--x264-params", default=EncoderSettings().x264_params)
    parser.add_argument("--skip-1080", action="store_true", help="720p only")
    parser.add_argument("--realtime-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.realtime_child:
        realtime_child(*args.realtime_child)
        return
    plan = QUICK if args.quick else FULL
    encoder = EncoderSettings(preset=args.preset, x264_params=args.x264_params)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vfapp-bench-") as tmp:
        scratch = Path(tmp)
        vault = create_vault(scratch / "vault", "bench-password-1", kdf=keys.KDF_FLOOR).vault
        print(
            f"{plan.name} run; x264 {encoder.preset} crf {encoder.crf} {encoder.x264_params or ''}",
            flush=True,
        )
        results = {"720": measure(vault, P720, plan, plan.realtime_s, encoder, scratch)}
        report("720p30", results["720"], plan.realtime_s)
        if not args.skip_1080:
            results["1080"] = measure(vault, P1080, plan, plan.realtime_1080_s, encoder, scratch)
            report("1080p30", results["1080"], plan.realtime_1080_s)
        vault.lock()
    print(f"{plan.name} run took {time.perf_counter() - began:.0f} s")
    if args.json:
        flat = {k: round(v, 3) for k, v in results["720"].items()}
        flat |= {f"p1080_{k}": round(v, 3) for k, v in results.get("1080", {}).items()}
        print(
            json.dumps(
                flat
                | {"mode": plan.name, "preset": encoder.preset, "x264_params": encoder.x264_params}
            )
        )


if __name__ == "__main__":
    main()
