"""Vault benchmark: sealed-chunk write throughput, random-read latency and unlock time.

Run from the repository root:  .venv/bin/python -m bench.vault [--quick] [--json]

Write: the media writer seals and commits every 256 KiB chunk in its own transaction with
SQLite `synchronous=FULL` (an fsync per chunk), so its fair baseline is a plain file written
in the same 256 KiB pieces with an fsync after each (`write_ratio_vs_file`). A plain file
with one fsync at the end (page-cache speed) is reported too (`write_ratio_vs_unsynced_file`).
Repetitions are interleaved with a rotating order; figures are medians, ratios are medians
of the per-repetition (paired) ratios.

Read: seek + read of 64 KiB at random offsets through a fresh `MediaReader` (its LRU of
opened chunks starts cold), against the same reads from a plain file (page cache).

Unlock: `unlock_vault` + `lock` on a vault made with the real Argon2id calibration.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from vfapp.vault import casework
from vfapp.vault.keys import KdfParams
from vfapp.vault.lifecycle import create_vault, unlock_vault
from vfapp.vault.media_reader import DEFAULT_CACHED_CHUNKS, MediaReader
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import begin_recording
from vfapp.vault.sealing import CHUNK_SIZE
from vfapp.vault.session import Vault

MIB = 1024 * 1024
READ_SIZE = 64 * 1024
PASSWORD = "bench-password-1"
REPO = Path(__file__).resolve().parents[1]
TARGET_WRITE_MIB_S = 40.0
TARGET_WRITE_RATIO = 0.25
TARGET_READ_P95_MS = 5.0


@dataclass(frozen=True)
class Plan:
    name: str
    stream_mib: int
    write_reps: int
    read_samples: int
    unlock_reps: int


FULL = Plan("full", stream_mib=64, write_reps=9, read_samples=2000, unlock_reps=3)
QUICK = Plan("quick", stream_mib=16, write_reps=5, read_samples=400, unlock_reps=1)


def mark(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def percentile_ms(seconds: list[float], pct: int) -> float:
    return statistics.quantiles(seconds, n=100, method="inclusive")[pct - 1] * 1000


def filesystem_of(path: Path) -> str:
    """The type and mount point of the filesystem holding path (from /proc/mounts)."""
    target, best, kind = str(path.resolve()), "", "unknown"
    mounts = Path("/proc/mounts")
    for line in mounts.read_text().splitlines() if mounts.exists() else []:
        point, fstype = line.split()[1:3]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, fstype
    return f"{kind} at {best or '?'}"


def pieces(data: bytes) -> list[memoryview]:
    view = memoryview(data)
    return [view[i : i + CHUNK_SIZE] for i in range(0, len(data), CHUNK_SIZE)]


def write_vault(vault: Vault, visit_id: UUID, data: bytes) -> tuple[float, UUID]:
    """Seconds to write data through a MediaWriter and finish it, and the recording's id."""
    writer = MediaWriter(vault, begin_recording(vault, visit_id).value)
    start = time.perf_counter()
    for piece in pieces(data):
        writer.write(piece)
    recording = writer.finish()
    return time.perf_counter() - start, recording.id


def write_file(path: Path, data: bytes, *, fsync_each: bool) -> float:
    """Seconds to write data to a new plain file in 256 KiB pieces, fsync and close it."""
    start = time.perf_counter()
    with path.open("wb", buffering=0) as out:
        for piece in pieces(data):
            out.write(piece)
            if fsync_each:
                os.fsync(out.fileno())
        os.fsync(out.fileno())
    took = time.perf_counter() - start
    path.unlink()
    return took


def bench_write(
    vault: Vault, scratch: Path, data: bytes, reps: int
) -> tuple[dict[str, float], UUID]:
    family = casework.add_family(vault, "BENCH-1").value
    visit = casework.add_visit(vault, family.id, datetime.date.today()).value
    rates: dict[str, list[float]] = {"vault": [], "synced": [], "unsynced": []}
    names = list(rates)
    recording_id = None
    for rep in range(reps):
        for name in names[rep % 3 :] + names[: rep % 3]:
            if name == "vault":
                took, recording_id = write_vault(vault, visit.id, data)
            else:
                took = write_file(scratch / f"{name}.bin", data, fsync_each=name == "synced")
            rates[name].append(len(data) / MIB / took)
    assert recording_id is not None
    ratios = {
        base: [v / b for v, b in zip(rates["vault"], rates[base], strict=True)]
        for base in ("synced", "unsynced")
    }
    return {
        **spread("write_mib_s", rates["vault"]),
        **spread("file_synced_mib_s", rates["synced"]),
        **spread("file_unsynced_mib_s", rates["unsynced"]),
        **spread("write_ratio_vs_file", ratios["synced"]),
        **spread("write_ratio_vs_unsynced_file", ratios["unsynced"]),
    }, recording_id


def spread(key: str, values: list[float]) -> dict[str, float]:
    """The median under `key`, with the extremes under `key_min` and `key_max`."""
    return {key: statistics.median(values), f"{key}_min": min(values), f"{key}_max": max(values)}


def span(f: dict[str, float], key: str) -> str:
    return f"(range {f[key + '_min']:.4g}-{f[key + '_max']:.4g})"


def lru_hit_share(offsets: list[int], limit: int) -> float:
    """Share of reads served wholly from an LRU of `limit` chunks, replaying the reader's."""
    cache: OrderedDict[int, None] = OrderedDict()
    hits = 0
    for offset in offsets:
        seqs = range(offset // CHUNK_SIZE, (offset + READ_SIZE - 1) // CHUNK_SIZE + 1)
        hits += all(seq in cache for seq in seqs)
        for seq in seqs:
            cache[seq] = None
            cache.move_to_end(seq)
            if len(cache) > limit:
                cache.popitem(last=False)
    return hits / len(offsets)


def time_reads(read_at: Callable[[int], bytes], offsets: list[int], data: bytes) -> list[float]:
    """Seconds per read; each result is checked against the source bytes, untimed."""
    samples = []
    for offset in offsets:
        start = time.perf_counter()
        got = read_at(offset)
        samples.append(time.perf_counter() - start)
        if got != data[offset : offset + READ_SIZE]:
            raise AssertionError(f"the read at offset {offset} returned the wrong bytes")
    return samples


def bench_read(
    vault: Vault, recording_id: UUID, scratch: Path, data: bytes, count: int
) -> dict[str, float]:
    rng = random.Random(2024)
    offsets = [rng.randrange(len(data) - READ_SIZE + 1) for _ in range(count)]
    reader = MediaReader(vault, recording_id)
    assert reader.size == len(data)

    def vault_read(offset: int) -> bytes:
        reader.seek(offset)
        return reader.read(READ_SIZE)

    in_vault = time_reads(vault_read, offsets, data)
    plain = scratch / "plain.bin"
    plain.write_bytes(data)
    with plain.open("rb", buffering=0) as handle:

        def file_read(offset: int) -> bytes:
            handle.seek(offset)
            return handle.read(READ_SIZE)

        in_file = time_reads(file_read, offsets, data)
    return {
        "read_p50_ms": percentile_ms(in_vault, 50),
        "read_p95_ms": percentile_ms(in_vault, 95),
        "file_read_p50_ms": percentile_ms(in_file, 50),
        "file_read_p95_ms": percentile_ms(in_file, 95),
        "read_lru_hit_share": lru_hit_share(offsets, DEFAULT_CACHED_CHUNKS),
    }


def bench_unlock(folder: Path, reps: int) -> dict[str, float]:
    unlocks, locks = [], []
    for _ in range(reps):
        start = time.perf_counter()
        vault = unlock_vault(folder, PASSWORD)
        opened = time.perf_counter()
        vault.lock()
        unlocks.append(opened - start)
        locks.append(time.perf_counter() - opened)
    return {
        "unlock_s": statistics.median([u + lk for u, lk in zip(unlocks, locks, strict=True)]),
        "unlock_only_s": statistics.median(unlocks),
        "lock_only_s": statistics.median(locks),
    }


def report(plan: Plan, f: dict[str, float], kdf: KdfParams) -> None:
    write_ok = f["write_mib_s"] >= TARGET_WRITE_MIB_S
    ratio_ok = f["write_ratio_vs_file"] >= TARGET_WRITE_RATIO
    read_ok = f["read_p95_ms"] <= TARGET_READ_P95_MS
    lines = [
        f"WRITE  {plan.stream_mib} MiB in 256 KiB pieces, median of {plan.write_reps}",
        f"  vault: seal + 1 txn/chunk, synchronous=FULL  {f['write_mib_s']:7.1f} MiB/s"
        f"  target >= {TARGET_WRITE_MIB_S:.0f}    {mark(write_ok)}  {span(f, 'write_mib_s')}",
        f"  plain file, fsync after every piece         {f['file_synced_mib_s']:7.1f} MiB/s"
        f"  {span(f, 'file_synced_mib_s')}",
        f"  plain file, one fsync at the end            {f['file_unsynced_mib_s']:7.1f} MiB/s"
        f"  {span(f, 'file_unsynced_mib_s')}",
        f"  write_ratio_vs_file (fsync per piece)       {f['write_ratio_vs_file']:7.3f} x"
        f"      target >= {TARGET_WRITE_RATIO} {mark(ratio_ok)}  {span(f, 'write_ratio_vs_file')}",
        f"  write_ratio_vs_unsynced_file (one fsync)    {f['write_ratio_vs_unsynced_file']:7.3f} x"
        f"      {span(f, 'write_ratio_vs_unsynced_file')}",
        f"READ   {plan.read_samples} x seek + read(64 KiB) at random offsets over "
        f"{plan.stream_mib} MiB; fresh reader, LRU of {DEFAULT_CACHED_CHUNKS} chunks served "
        f"{f['read_lru_hit_share']:.1%} of reads",
        f"  vault       p50 {f['read_p50_ms']:7.3f} ms  p95 {f['read_p95_ms']:7.3f} ms"
        f"  target p95 <= {TARGET_READ_P95_MS:.0f} ms  {mark(read_ok)}",
        f"  plain file  p50 {f['file_read_p50_ms']:7.3f} ms  p95 {f['file_read_p95_ms']:7.3f} ms"
        "  (page cache, for context)",
        f"UNLOCK unlock_vault + lock, median of {plan.unlock_reps}; calibrated KDF argon2id "
        f"m={kdf.memory_kib // 1024} MiB t={kdf.iterations} p={kdf.parallelism}",
        f"  {f['unlock_s']:.3f} s (unlock {f['unlock_only_s']:.3f} s + lock "
        f"{f['lock_only_s']:.3f} s); create_vault with calibration took {f['create_s']:.2f} s",
    ]
    print("\n".join(lines))


def run(plan: Plan, scratch: Path) -> tuple[dict[str, float], KdfParams]:
    data = os.urandom(plan.stream_mib * MIB)
    folder = scratch / "vault"
    start = time.perf_counter()
    vault = create_vault(folder, PASSWORD).vault
    figures = {"create_s": time.perf_counter() - start}
    kdf = vault.header.password_slots()[0].kdf
    write_figures, recording_id = bench_write(vault, scratch, data, plan.write_reps)
    figures |= write_figures
    figures |= bench_read(vault, recording_id, scratch, data, plan.read_samples)
    vault.lock()
    figures |= bench_unlock(folder, plan.unlock_reps)
    return figures, kdf


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.vault", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smaller run, under 30 s")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    parser.add_argument("--dir", type=Path, help="parent of the scratch folder (default: TMPDIR)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vfapp-bench-", dir=args.dir) as tmp:
        scratch = Path(tmp)
        same = scratch.stat().st_dev == REPO.stat().st_dev
        print(
            f"{plan.name} run; scratch folder {scratch} ({filesystem_of(scratch)}; "
            f"{'same' if same else 'not the same'} filesystem as the repo)",
            flush=True,
        )
        figures, kdf = run(plan, scratch)
    report(plan, figures, kdf)
    figures["total_s"] = time.perf_counter() - began
    print(f"{plan.name} run took {figures['total_s']:.1f} s")
    if args.json:
        about = {"mode": plan.name, "stream_mib": plan.stream_mib, "kdf": kdf.model_dump()}
        print(json.dumps({key: round(value, 4) for key, value in figures.items()} | about))


if __name__ == "__main__":
    main()
