"""Fill a vault with marked plaintext, make SQLite sort and index, then scan open files.

Usage: python -m tests.integration.leak_child FOLDER MARKER [--file-temp-store | --record]

`--file-temp-store` deliberately sets SQLite's temp store to FILE, to show that the scan
catches the plaintext that such a vault would spill.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from tests.conftest import FAST_KDF, PASSWORD
from tests.integration.leak_scan import Hit, ScanResult, open_regular_files, scan
from tests.integration.plain_clip import encode_demo_clip
from tests.unit.vault.media_helpers import new_recording
from vfapp.vault import casework, keys
from vfapp.vault.database import Database
from vfapp.vault.lifecycle import create_vault
from vfapp.vault.media_writer import MediaWriter

keys.KDF_FLOOR = FAST_KDF
keys.calibrate = lambda *a, **k: FAST_KDF  # type: ignore[assignment]


class OpenFileWatcher:
    """Scans this process's open files over and over while SQLite works (it releases the GIL)."""

    def __init__(self, marker: bytes) -> None:
        self.marker = marker
        self.seen: set[str] = set()
        self.hits: list[Hit] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            files = open_regular_files()
            self.seen.update(str(p.resolve()) for p in files)
            self.hits += scan(files, self.marker).hits
            self._stop.wait(0.005)

    def __enter__(self) -> OpenFileWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def record(folder: Path, marker: str) -> None:
    """A real recording, with the marker in the family's name and in a marker's note."""
    from tests.integration.recording_helpers import synthetic, visit_for
    from vfapp.capture.pipeline import Recorder
    from vfapp.capture.recorder_settings import RecorderSettings

    vault = create_vault(folder, PASSWORD).vault
    casework.add_family(vault, "LEAK-REC", f"Baby {marker}")
    camera, mic = synthetic()
    recorder = Recorder(
        vault, visit_for(vault), camera, mic, settings=RecorderSettings(max_seconds=6)
    )
    watcher = OpenFileWatcher(marker.encode())
    with watcher:
        recorder.start()
        recorder.mark(code="attuned", note=f"note {marker}")
        result = recorder.wait(120)
    assert result is not None and result.stats.frames_encoded > 100
    final = scan(open_regular_files(), marker.encode())
    vault.lock()
    outcome = ScanResult(files=len(watcher.seen), bytes=final.bytes, hits=watcher.hits + final.hits)
    print(outcome.model_dump_json(), flush=True)


def main(folder: Path, marker: str, file_temp_store: bool) -> None:
    vault = create_vault(folder, PASSWORD).vault
    casework.add_family(vault, "LEAK-1", f"Baby {marker}")

    film = MediaWriter(vault, new_recording(vault))
    encode_demo_clip(film, seconds=3, comment=marker)  # type: ignore[arg-type]
    film.finish()
    raw = MediaWriter(vault, new_recording(vault))
    raw.write((marker.encode() + b" plain media ") * 100_000)  # ~3.5 MB of marked plaintext
    raw.finish()

    # A sort and an index build far larger than SQLite's page cache, in temp and main tables.
    db = vault.db
    if file_temp_store:
        db.execute("PRAGMA temp_store = FILE")
    watcher = OpenFileWatcher(marker.encode())
    with watcher:
        _sort_and_index(vault.db, marker)
    final = scan(open_regular_files(), marker.encode())
    vault.lock()
    result = ScanResult(files=len(watcher.seen), bytes=final.bytes, hits=watcher.hits + final.hits)
    print(result.model_dump_json(), flush=True)


def _sort_and_index(db: Database, marker: str) -> None:
    db.execute(
        "CREATE TEMP TABLE scratch AS WITH RECURSIVE n(i) AS "
        "(SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 300000) "
        "SELECT i, ? || i || hex(randomblob(20)) AS label FROM n",
        (marker,),
    )
    sorted_rows = db.query("SELECT label FROM scratch ORDER BY label DESC LIMIT 3")
    assert len(sorted_rows) == 3
    db.execute("CREATE INDEX temp.scratch_by_label ON scratch(label)")
    db.execute("CREATE TABLE probe AS SELECT label FROM scratch")
    db.execute("CREATE INDEX probe_by_label ON probe(label)")
    db.query("SELECT label FROM probe ORDER BY substr(label, 20) LIMIT 1")
    db.execute("DROP TABLE probe")


if __name__ == "__main__":
    if "--record" in sys.argv:
        record(Path(sys.argv[1]), sys.argv[2])
    else:
        main(Path(sys.argv[1]), sys.argv[2], "--file-temp-store" in sys.argv)
