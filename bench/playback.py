"""Playback benchmark: exact seeks, frame steps, decoding from the vault, opening a long film.

Run from the repository root:  .venv/bin/python -m bench.playback [--quick] [--json]

The films are 720p30 H.264 with a keyframe every second, made by the recording engine (the
20-minute one by copying a 10-second recording's packets 120 times, which takes seconds).
A seek is exact when its picture is the one a plain sequential PyAV decode of the same film
gives for that frame number. Decoding from the vault and from memory alternate several times
and the medians are compared, so a noisy moment on the machine does not decide the ratio.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import UUID

import av

from vfapp.capture.encoder import FRAGMENTED_MP4
from vfapp.capture.frames import VideoMode
from vfapp.capture.pipeline import Recorder
from vfapp.capture.recorder_settings import RecorderSettings
from vfapp.capture.synthetic import SyntheticCamera, SyntheticMicrophone, SyntheticTimeline
from vfapp.playback.fingerprints import sequential_fingerprints
from vfapp.playback.video_session import VideoSession
from vfapp.vault import casework, keys
from vfapp.vault.lifecycle import create_vault
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import begin_recording
from vfapp.vault.session import Vault

P720 = VideoMode(width=1280, height=720, fps=30)


@dataclass(frozen=True)
class Plan:
    name: str
    film_s: float
    seeks: int
    steps: int
    opens: int
    decode_rounds: int  # vault and memory decodes alternate this many times each


FULL = Plan("full", film_s=60, seeks=300, steps=300, opens=7, decode_rounds=5)
QUICK = Plan("quick", film_s=20, seeks=100, steps=100, opens=3, decode_rounds=3)


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def visit(vault: Vault) -> UUID:
    family = casework.add_family(vault, f"BENCH-{time.monotonic_ns() % 10**9}").value
    return casework.add_visit(vault, family.id, date.today()).value.id


def record_film(vault: Vault, seconds: float) -> UUID:
    timeline = SyntheticTimeline(live=False)
    recorder = Recorder(
        vault,
        visit(vault),
        SyntheticCamera(P720, timeline),
        SyntheticMicrophone(timeline),
        settings=RecorderSettings(max_seconds=seconds),
    )
    recording = recorder.start()
    recorder.wait()
    return recording.id


def twenty_minute_film(vault: Vault, clip: UUID, visit_id: UUID | None = None) -> UUID:
    """120 copies of a 10 s recording's video, re-timed, into a new vault recording (of
    `visit_id`, else of a new bench family's visit)."""
    source = av.open(MediaReader(vault, clip), "r")
    packets = [p for p in source.demux(video=0) if p.dts is not None]
    stream = source.streams.video[0]
    assert stream.time_base is not None
    period = round(10.0 / stream.time_base)
    writer = MediaWriter(vault, begin_recording(vault, visit_id or visit(vault)).value)
    with av.open(writer, "w", format="mp4", options=FRAGMENTED_MP4) as out:
        copy = out.add_stream_from_template(stream)
        for repeat in range(120):
            for packet in packets:
                again = av.Packet(bytes(packet))
                assert packet.pts is not None and packet.dts is not None
                again.pts, again.dts = packet.pts + repeat * period, packet.dts + repeat * period
                again.time_base, again.is_keyframe = stream.time_base, packet.is_keyframe
                again.duration, again.stream = packet.duration, copy
                out.mux(again)
    return writer.finish().id


def reference_fingerprints(vault: Vault, film: UUID) -> list[str]:
    """Every picture from one plain sequential PyAV decode: what an exact seek must land on."""
    return sequential_fingerprints(MediaReader(vault, film))


def measure(vault: Vault, film: UUID, long_film: UUID, plan: Plan) -> dict[str, float]:
    truth = reference_fingerprints(vault, film)
    with VideoSession(vault, film) as session:
        assert session.index.frame_count == len(truth), "the index and the decode disagree"
    rng = random.Random(4)
    seeks, exact = [], 0
    with VideoSession(vault, film) as session:
        for _ in range(plan.seeks):
            target = rng.randrange(len(truth))
            started = time.perf_counter()
            frame = session.seek(target)
            frame.rgb()
            seeks.append((time.perf_counter() - started) * 1000)
            exact += frame.fingerprint() == truth[target]
        forward: list[float] = []
        backward: list[float] = []
        session.seek(len(truth) // 3)
        for samples, delta in ((forward, +1), (backward, -1)):
            for _ in range(plan.steps):
                started = time.perf_counter()
                session.step(delta).rgb()
                samples.append((time.perf_counter() - started) * 1000)
    raw = MediaReader(vault, film).read()
    vault_runs, memory_runs = [], []
    for _ in range(plan.decode_rounds):  # alternated, so a busy moment hits both alike
        vault_runs.append(decode_fps(MediaReader(vault, film)))
        memory_runs.append(decode_fps(io.BytesIO(raw)))
    from_vault, from_memory = statistics.median(vault_runs), statistics.median(memory_runs)
    opens = []
    for _ in range(plan.opens):
        started = time.perf_counter()
        with VideoSession(vault, long_film) as session:
            session.seek(0).rgb()
        opens.append((time.perf_counter() - started) * 1000)
    return {
        "seek_p50_ms": statistics.median(seeks),
        "seek_p95_ms": percentile(seeks, 95),
        "seek_exact_fraction": exact / plan.seeks,
        "step_fwd_p95_ms": percentile(forward, 95),
        "step_back_p95_ms": percentile(backward, 95),
        "decode_fps_vault": from_vault,
        "decode_fps_memory": from_memory,
        "decode_ratio_vs_memory": from_vault / from_memory,
        "open_first_frame_ms": statistics.median(opens),
    }


def decode_fps(source: MediaReader | io.BytesIO) -> float:
    started = time.perf_counter()
    with av.open(source, "r") as container:
        frames = sum(1 for _ in container.decode(video=0))
    return float(frames / (time.perf_counter() - started))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.playback", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a shorter film, fewer samples")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    plan = QUICK if parser.parse_args(argv).quick else FULL
    args = parser.parse_args(argv)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vfapp-bench-") as tmp:
        vault = create_vault(Path(tmp) / "vault", "bench-password-1", kdf=keys.KDF_FLOOR).vault
        film = record_film(vault, plan.film_s)
        long_film = twenty_minute_film(vault, record_film(vault, 10))
        with VideoSession(vault, long_film):  # builds and caches its index once
            pass
        f = measure(vault, film, long_film, plan)
        vault.lock()
    print(
        f"{plan.name} run, 720p30 H.264, keyframe every second\n"
        f"  exact seek   p50 {f['seek_p50_ms']:.1f} ms, p95 {f['seek_p95_ms']:.1f} ms "
        f"(target <= 100), {f['seek_exact_fraction']:.1%} landed on the exact frame\n"
        f"  step +1      p95 {f['step_fwd_p95_ms']:.1f} ms (target <= 20); "
        f"step -1 p95 {f['step_back_p95_ms']:.1f} ms (target <= 60)\n"
        f"  decoding     from the vault {f['decode_fps_vault']:.0f} fps, from memory "
        f"{f['decode_fps_memory']:.0f} fps: ratio {f['decode_ratio_vs_memory']:.2f} "
        f"(target >= 0.9; medians of {plan.decode_rounds} alternating runs each)\n"
        f"  open         20-minute film to its first frame: {f['open_first_frame_ms']:.0f} ms "
        "(target < 300)\n"
        f"{plan.name} run took {time.perf_counter() - began:.0f} s"
    )
    if args.json:
        print(json.dumps({k: round(v, 4) for k, v in f.items()} | {"mode": plan.name}))


if __name__ == "__main__":
    main()
