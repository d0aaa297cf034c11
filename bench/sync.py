"""Sync benchmark: pushing recorded films to the team store, against `rclone copy` of the
same sealed bytes to the same place in the same run; and a metadata-only sync of 10,000 tags.

Run from the repository root:  .venv/bin/python -m bench.sync [--quick] [--json]

The films are 720p30 recordings made by the recording engine (lengthened by copying a
10-second recording's packets, as bench.playback does). Each push starts from a fresh place
in the store, and each figure is the median of the runs. Pushing reads every sealed chunk from
the vault (SQLCipher) and stores it under its opaque name; rclone copies the same chunks from
plain files, so the ratio is what the vault and our transport cost against rclone alone.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench.playback import record_film, twenty_minute_film
from bench.sync_baseline import MIB, rclone_copy_mib_s
from tests.sync_servers import ACCESS_KEY, BUCKET, SECRET_KEY, start_rclone_s3, write_rclone_config
from vfapp.domain.tagging import TagActor
from vfapp.governance.actor import sign_in
from vfapp.sync import media
from vfapp.sync.context import SyncContext
from vfapp.sync.engine import sync_now
from vfapp.sync.folder_store import FolderStore
from vfapp.sync.models import StoreConfig
from vfapp.sync.s3_store import S3Store
from vfapp.sync.store import ObjectStore
from vfapp.sync.team import create_team
from vfapp.vault import casework, keys, sync_films, sync_media, tag_store
from vfapp.vault.lifecycle import create_vault
from vfapp.vault.recordings import begin_recording, mark_recovered
from vfapp.vault.session import Vault

PASSWORD = "bench-password-1"


def _films(vault: Vault, mib: int) -> int:
    """Films in the vault adding up to about `mib` MiB; return the bytes of sealed chunks."""
    clip = record_film(vault, 10)
    while _sealed_bytes(vault) < mib * MIB:
        twenty_minute_film(vault, clip)
    return _sealed_bytes(vault)


def _sealed_bytes(vault: Vault) -> int:
    return sync_media.sealed_bytes(vault.db)


def _export_sealed(vault: Vault, folder: Path) -> None:
    """The same sealed chunks as plain files, for rclone to copy."""
    for recording_id, _deleted in sync_media.own_films(vault.db):
        seqs = list(range(len(sync_media.chunk_sizes(vault.db, recording_id))))
        target = folder / recording_id
        target.mkdir(parents=True)
        for seq, _final, _size, data in sync_media.sealed_chunks(vault.db, recording_id, seqs):
            (target / f"{seq:06d}").write_bytes(data)


def _push_mib_s(vault: Vault, store: ObjectStore, total: int) -> float:
    """Push every film to `store` from scratch (forgetting what was sent before)."""
    with vault.write() as batch:
        sync_films.forget_sent(batch.db)
    ctx = SyncContext(vault, store)
    start = time.perf_counter()
    media.push_films(ctx, lambda _p: None)
    return total / MIB / (time.perf_counter() - start)


def _median(runs: int, measure: Callable[[int], float]) -> float:
    return statistics.median(measure(run) for run in range(runs))


def _metadata_sync_s(root: Path, tags: int) -> tuple[float, float]:
    """Seconds for one laptop to send `tags` new tags, and for another to receive them."""
    store_dir = root / "meta-store"
    store_dir.mkdir()
    from tests.sync.devices import make_team
    from vfapp.domain.governance import Role

    counter = iter(range(10))

    def make_vault(user: str = "owner") -> object:
        return create_vault(root / f"meta{next(counter)}", PASSWORD, user=user, kdf=keys.KDF_FLOOR)

    config = StoreConfig(kind="folder", path=str(store_dir))
    admin, other = make_team(make_vault, FolderStore(store_dir), config, [Role.SUPERVISOR])
    family = casework.add_family(admin.vault, "PIP-BENCH").value
    visit = casework.add_visit(admin.vault, family.id, date.today()).value
    film = begin_recording(admin.vault, visit.id).value
    mark_recovered(admin.vault, film.id)
    with admin.vault.write() as batch:
        for n in range(tags):
            tag_store.insert_tag(batch, recording_id=film.id, actor=TagActor.PARENT,
                                 start_ms=n * 100, note=f"note {n}")  # fmt: skip
    start = time.perf_counter()
    sync_now(admin.context(), films=False)
    sent = time.perf_counter() - start
    start = time.perf_counter()
    report = sync_now(other.context(), films=False)
    received = time.perf_counter() - start
    assert report.ops_applied >= tags, report
    return sent, received


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sync", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="about 100 MiB of film, 2 runs")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    args = parser.parse_args(argv)
    mib, runs = (100, 2) if args.quick else (500, 3)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vfapp-bench-sync-") as tmp:
        root = Path(tmp)
        vault = create_vault(root / "vault", PASSWORD, kdf=keys.KDF_FLOOR).vault
        total = _films(vault, mib)
        actor = sign_in(vault)
        create_team(actor, "Bench team", StoreConfig(kind="folder", path=str(root / "team")),
                    FolderStore(_made(root / "team")))  # fmt: skip
        sealed = root / "sealed"
        _export_sealed(vault, sealed)
        empty = root / "empty.conf"
        empty.write_text("")
        disk = root / "disk"
        folder_push = _median(
            runs, lambda r: _push_mib_s(vault, FolderStore(_made(disk / f"ours{r}")), total)
        )
        folder_rclone = _median(
            runs, lambda r: rclone_copy_mib_s(sealed, str(disk / f"rc{r}"), empty)
        )
        with start_rclone_s3(root / "s3") as server:
            conf = write_rclone_config(root / "rclone.conf", {"s3": server})

            def s3_push(run: int) -> float:
                store = S3Store(server.url, BUCKET, ACCESS_KEY, SECRET_KEY, prefix=f"ours{run}")
                return _push_mib_s(vault, store, total)

            pushes, copies = [], []
            for run in range(runs):  # alternate, so a noisy moment hits both alike
                pushes.append(s3_push(run))
                copies.append(rclone_copy_mib_s(sealed, f"teams3:{BUCKET}/rc{run}", conf))
        vault.lock()
        meta_sent, meta_received = _metadata_sync_s(root, 10_000)
    figures = {
        "media_mib": round(total / MIB, 1),
        "push_mib_s": round(statistics.median(pushes), 1),
        "rclone_mib_s": round(statistics.median(copies), 1),
        "push_ratio_vs_rclone": round(statistics.median(pushes) / statistics.median(copies), 3),
        "folder_push_mib_s": round(folder_push, 1),
        "folder_rclone_mib_s": round(folder_rclone, 1),
        "folder_ratio_vs_rclone": round(folder_push / folder_rclone, 3),
        "metadata_sync_10k_s": round(meta_sent + meta_received, 2),
        "metadata_send_10k_s": round(meta_sent, 2),
        "metadata_receive_10k_s": round(meta_received, 2),
    }
    print(
        f"{'quick' if args.quick else 'full'} run: {figures['media_mib']} MiB of sealed film, "
        f"median of {runs}\n"
        f"  to rclone serve s3: push {figures['push_mib_s']} MiB/s, rclone copy "
        f"{figures['rclone_mib_s']} MiB/s: {figures['push_ratio_vs_rclone']:.2f}x (target >= 0.8)\n"
        f"  to a folder:        push {figures['folder_push_mib_s']} MiB/s, rclone copy "
        f"{figures['folder_rclone_mib_s']} MiB/s: {figures['folder_ratio_vs_rclone']:.2f}x\n"
        f"  10,000 tags, metadata only: sent in {meta_sent:.2f} s, received in "
        f"{meta_received:.2f} s\n"
        f"took {time.perf_counter() - began:.0f} s"
    )
    if args.json:
        print(json.dumps(figures))


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


if __name__ == "__main__":
    main()
