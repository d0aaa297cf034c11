"""An import killed part-way (kill -9, a crash, the power going) leaves nothing behind: the
next unlock shreds what it had written, where a camera's film would be kept.

Run as a module, this file is the child that imports until it is killed:
python -m tests.integration.test_import_killed FOLDER FILE
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import FAST_KDF, PASSWORD
from tests.integration.import_helpers import make_clip
from tests.integration.recording_helpers import visit_for
from tests.unit.vault.media_helpers import new_recording
from vfapp.domain.models import RecordingOrigin, RecordingStatus
from vfapp.vault import keys
from vfapp.vault.lifecycle import CreatedVault, unlock_vault
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import (
    begin_recording,
    list_recordings,
    recover_interrupted,
    unfinished_import_warning,
)
from vfapp.vault.session import Vault
from vfapp.vault.verify import verify_vault

ROOT = Path(__file__).resolve().parents[2]
KILL_AT = 0.2  # of the import done, as its progress tells


def import_until_killed(folder: Path, source: Path) -> None:
    from vfapp.capture.importer import import_video

    keys.KDF_FLOOR = FAST_KDF
    vault = unlock_vault(folder, PASSWORD)
    visit = visit_for(vault)
    import_video(vault, visit, source, progress=lambda f: print(f"{f:.3f}", flush=True))
    print("done", flush=True)


def _dead_rows(vault: Vault, recording_id: str) -> tuple[int, int]:
    keys_left = vault.db.query_one(
        "SELECT count(*) FROM recording_keys WHERE recording_id = ?", (recording_id,)
    )
    chunks_left = vault.db.query_one(
        "SELECT count(*) FROM media_chunks WHERE recording_id = ?", (recording_id,)
    )
    assert keys_left is not None and chunks_left is not None
    return int(keys_left[0]), int(chunks_left[0])


def test_an_import_killed_part_way_is_removed_at_the_next_unlock(
    created: CreatedVault, tmp_path: Path
) -> None:
    folder = created.vault.folder
    camera_film = new_recording(created.vault)  # a camera's film cut off: it stays
    writer = MediaWriter(created.vault, camera_film, chunk_size=1000)
    writer.write(b"\x01" * 2500)
    writer.commit_buffered()
    created.vault.lock()
    # Converted, so slow enough to be caught in the middle.
    source = make_clip(tmp_path / "long.avi", "-an", "-c:v", "mpeg4", size="640x360", seconds=40)

    child = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.test_import_killed", str(folder), str(source)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    for line in child.stdout:
        assert line.strip() != "done", "the import finished before it could be killed"
        if float(line) >= KILL_AT:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    assert verify_vault(folder, PASSWORD).ok
    with unlock_vault(folder, PASSWORD) as vault:
        live = list_recordings(vault)
        assert [(r.id, r.status) for r in live] == [(camera_film.id, RecordingStatus.RECOVERED)]
        (shredded,) = vault.db.query(
            "SELECT id, imported_name FROM recordings WHERE deleted = 1 AND origin = ?",
            (RecordingOrigin.IMPORT.value,),
        )
        assert shredded[1] == "long.avi"
        assert _dead_rows(vault, shredded[0]) == (0, 0)  # its key and every chunk are gone
    with unlock_vault(folder, PASSWORD) as vault:  # nothing more to do the next time
        assert recover_interrupted(vault).removed_imports == ()


def test_opening_the_vault_says_in_words_that_an_unfinished_import_was_removed(
    vault: Vault,
) -> None:
    started = begin_recording(
        vault, visit_for(vault), origin=RecordingOrigin.IMPORT, imported_name="baby-bath.mp4"
    ).value
    writer = MediaWriter(vault, started, chunk_size=1000)
    writer.write(b"\x02" * 2500)
    writer.commit_buffered()

    outcome = recover_interrupted(vault)
    assert outcome.recovered == () and [r.id for r in outcome.removed_imports] == [started.id]
    (warning,) = outcome.warnings
    assert warning == unfinished_import_warning(started)
    assert "baby-bath.mp4" in warning and "removed" in warning
    assert warning.endswith("Import baby-bath.mp4 again.")
    assert list_recordings(vault) == [] and _dead_rows(vault, str(started.id)) == (0, 0)


def test_the_unlock_warning_names_the_unfinished_import(created: CreatedVault) -> None:
    vault = created.vault
    started = begin_recording(
        vault, visit_for(vault), origin=RecordingOrigin.IMPORT, imported_name="baby-bath.mp4"
    ).value
    folder = vault.folder
    vault.lock()
    with unlock_vault(folder, PASSWORD) as reopened:
        assert unfinished_import_warning(started) in reopened.warnings


if __name__ == "__main__":
    import_until_killed(Path(sys.argv[1]), Path(sys.argv[2]))
