"""Team store uploads against plain `rclone copy` of the same files to the same place (MiB/s)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.sync_servers import (
    ACCESS_KEY,
    BUCKET,
    SECRET_KEY,
    RcloneServer,
    start_rclone_s3,
    write_rclone_config,
)
from vfapp.sync.folder_store import FolderStore
from vfapp.sync.rclone_store import RcloneStore, rclone_binary
from vfapp.sync.s3_store import S3Store
from vfapp.sync.store import ObjectStore

CHUNK = 256 * 1024
MIB = 1024 * 1024

__all__ = ["RcloneServer", "main", "rclone_copy_mib_s", "start_rclone_s3"]


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def rclone_copy_mib_s(source_dir: Path, remote: str, config_path: Path) -> float:
    """`rclone copy source_dir remote` with rclone's default settings, in MiB/s."""
    command = [rclone_binary(), "copy", str(source_dir), remote, "--config", str(config_path)]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return _size(source_dir) / MIB / (time.perf_counter() - start)


def store_put_mib_s(store: ObjectStore, items: dict[str, bytes]) -> float:
    start = time.perf_counter()
    count = sum(1 for _ in store.put_many(items.items()))
    assert count == len(items)
    return sum(map(len, items.values())) / MIB / (time.perf_counter() - start)


def make_chunks(folder: Path, total_mib: int) -> dict[str, bytes]:
    """Random 256 KiB files under folder/d/<film>/m/, also returned as {key: bytes}."""
    items: dict[str, bytes] = {}
    film = os.urandom(16).hex()
    for _ in range(total_mib * MIB // CHUNK):
        key = f"d/{film}/m/{os.urandom(8).hex()}"
        items[key] = os.urandom(CHUNK)
        (folder / key).parent.mkdir(parents=True, exist_ok=True)
        (folder / key).write_bytes(items[key])
    return items


def _median(runs: int, measure: Callable[[int], float]) -> float:
    return statistics.median(measure(run) for run in range(runs))


def compare(
    total_mib: int = 200, runs: int = 3, workers: int = 8
) -> list[tuple[str, float, float]]:
    """(target, our MiB/s, rclone copy MiB/s) for the folder, S3 and rclone transports."""
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="attune-bench-") as temp:
        root = Path(temp)
        source = root / "source"
        items = make_chunks(source, total_mib)
        config = root / "empty.conf"
        config.write_text("")
        disk = root / "disk"
        for run in range(runs):
            (disk / f"ours{run}").mkdir(parents=True)  # FolderStore never creates its root
        ours = _median(runs, lambda r: store_put_mib_s(FolderStore(disk / f"ours{r}"), items))
        theirs = _median(runs, lambda r: rclone_copy_mib_s(source, str(disk / f"rc{r}"), config))
        rows.append(("folder", ours, theirs))
        shutil.rmtree(disk)
        with start_rclone_s3(root / "s3") as server:
            config = write_rclone_config(root / "rclone.conf", {"s3": server})

            def s3(run: int) -> float:
                store = S3Store(
                    server.url, BUCKET, ACCESS_KEY, SECRET_KEY, prefix=f"s3{run}", workers=workers
                )
                return store_put_mib_s(store, items)

            def rclone(run: int) -> float:
                store = RcloneStore(f"teams3:{BUCKET}/rs{run}", config, transfers=workers)
                return store_put_mib_s(store, items)

            baseline = _median(
                runs, lambda r: rclone_copy_mib_s(source, f"teams3:{BUCKET}/rc{r}", config)
            )
            rows.append(("s3 (rclone serve s3)", _median(runs, s3), baseline))
            rows.append(("rclone remote (serve s3)", _median(runs, rclone), baseline))
    return rows


def main() -> None:
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    for target, ours, theirs in compare(workers=workers):
        print(
            f"{target:26} ours {ours:7.1f} MiB/s  rclone copy {theirs:7.1f}  {ours / theirs:.2f}x"
        )


if __name__ == "__main__":
    main()
