"""Faults: altered and replayed objects, a removed laptop, a process killed mid-batch, and a
connection lost part-way through a film. Each is refused or survived, and the next sync ends."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import av

from tests.integration.recording_helpers import record, synthetic
from tests.sync.devices import Device
from tests.sync.faulty import WatchedStore
from tests.sync.test_team_sync import _consented_family
from vfapp.capture.camera import VideoMode
from vfapp.playback.video_session import VideoSession
from vfapp.sync import media
from vfapp.sync.context import TEAM
from vfapp.sync.engine import sync_now
from vfapp.sync.export import export_changes
from vfapp.sync.push import push_outbox
from vfapp.sync.store import StoreUnreachable
from vfapp.sync.team_admin import remove
from vfapp.vault import casework
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.recordings import delete_recording

ROOT = Path(__file__).resolve().parents[2]


def _objects(store_dir: Path, device: Device, kind: str) -> list[Path]:
    prefix = device.context().require_names().device(device.vault.device_id)
    return sorted((store_dir / prefix / kind).glob("*"), key=lambda path: path.stat().st_mtime_ns)


def _codes(device: Device) -> set[str]:
    return {f.case_code for f in casework.list_families(device.vault)}


def test_an_altered_batch_is_refused_and_its_writer_puts_it_back(
    team: list[Device], store_dir: Path
) -> None:
    _admin, practitioner, supervisor, _other = team
    casework.add_family(practitioner.vault, "PIP-0400")
    practitioner.sync()
    newest = _objects(store_dir, practitioner, "b")[-1]
    newest.write_bytes(newest.read_bytes() + b"tampered")
    report = supervisor.sync()
    assert any("failed its check" in m and "not used" in m for m in report.refused), report.refused
    assert "PIP-0400" not in _codes(supervisor)
    assert practitioner.sync().repaired == 1
    again = supervisor.sync()
    assert again.refused == () and "PIP-0400" in _codes(supervisor)


def test_an_altered_byte_inside_a_batch_is_refused_in_plain_words(
    team: list[Device], store_dir: Path
) -> None:
    _admin, practitioner, supervisor, _other = team
    casework.add_family(practitioner.vault, "PIP-0410")
    practitioner.sync()
    newest = _objects(store_dir, practitioner, "b")[-1]
    data = bytearray(newest.read_bytes())
    data[40] ^= 0x01
    newest.write_bytes(bytes(data))
    report = supervisor.sync()
    assert (
        report.refused and "altered, replaced or does not belong to this team" in report.refused[0]
    )
    assert "PIP-0410" not in _codes(supervisor)


def test_a_replayed_old_head_is_refused_until_its_writer_restores_it(
    team: list[Device], store_dir: Path
) -> None:
    _admin, practitioner, supervisor, _other = team
    head = store_dir / practitioner.context().require_names().head(practitioner.vault.device_id)
    old = head.read_bytes()
    casework.add_family(practitioner.vault, "PIP-0500")
    practitioner.sync()
    supervisor.sync()
    head.write_bytes(old)  # someone puts back an older list, hiding the newer changes
    casework.add_family(supervisor.vault, "PIP-0501")
    report = supervisor.sync()
    assert any("older copy" in m and "a replay" in m for m in report.refused), report.refused
    practitioner.sync()  # sees its head rolled back and writes the current one again
    assert supervisor.sync().refused == ()
    assert {"PIP-0500", "PIP-0501"} <= _codes(supervisor)


def test_a_removed_laptop_gets_nothing_new_and_its_writes_are_refused(team: list[Device]) -> None:
    admin, _practitioner, supervisor, other = team
    remove(admin.actor, admin.context(), other.vault.device_id)
    report = other.sync()
    assert report.state == "removed" and "removed" in report.refused[0]
    # It still holds the old keys: it writes anyway, straight to the store.
    casework.add_family(other.vault, "PIP-0600")
    ctx = other.context()
    export_changes(ctx)
    push_outbox(ctx)
    seen = supervisor.sync()
    assert any("after the laptop was removed" in m for m in seen.refused), seen.refused
    assert "PIP-0600" not in _codes(supervisor)
    # New material is sealed under keys the removed laptop never receives.
    casework.add_family(admin.vault, "PIP-0601")
    admin.sync()
    assert (TEAM, 2) in admin.context().keys and (TEAM, 2) not in other.context().keys
    supervisor.sync()
    assert "PIP-0601" in _codes(supervisor)


def test_a_sync_killed_mid_batch_resumes_and_every_change_arrives_once(
    team: list[Device], store_dir: Path
) -> None:
    _admin, practitioner, supervisor, _other = team
    for n in range(5):
        family = casework.add_family(practitioner.vault, f"PIP-07{n:02d}").value
        casework.add_visit(practitioner.vault, family.id, casework.date(2026, 11, n + 1))
    folder = practitioner.vault.folder
    practitioner.vault.lock()
    child = subprocess.run(
        [sys.executable, "-m", "tests.sync.kill_child", str(folder), str(store_dir), "2"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=120,
    )  # fmt: skip
    assert child.returncode == 9, child.stderr.decode()[-2000:]
    practitioner.reopen()
    batches = _objects(store_dir, practitioner, "b")
    stored_before = {path.name for path in batches}
    watched = WatchedStore(practitioner.store)
    practitioner.store = watched
    report = practitioner.sync()
    assert report.refused == ()
    sent_again = {key.rsplit("/", 1)[1] for key in watched.puts if "/b/" in key}
    assert sent_again and not sent_again & stored_before  # what arrived is never sent again
    assert len(stored_before) >= 2
    synced = supervisor.sync()
    assert synced.ops_waiting == 0 and synced.refused == ()
    assert {f"PIP-07{n:02d}" for n in range(5)} <= _codes(supervisor)
    visits = supervisor.vault.db.query_one("SELECT count(*) FROM visits")
    assert visits is not None and visits[0] == 5


def test_the_store_stopping_mid_film_resumes_without_resending(
    team: list[Device], store_dir: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _admin, practitioner, supervisor, _other = team
    _consented_family(practitioner, "PIP-0800")
    family = casework.find_family(practitioner.vault, "PIP-0800")
    casework.add_visit(practitioner.vault, family.id, casework.date(2026, 11, 21))
    film = record(practitioner.vault, *synthetic(VideoMode(width=1280, height=720, fps=30)),
                  max_seconds=3.0).recording  # fmt: skip
    assert film.chunk_count >= 4
    monkeypatch.setattr(media, "WINDOW", 1)  # one part per store call, so the cut falls mid-film
    watched = WatchedStore(practitioner.store)
    practitioner.store = watched

    def cut_after_first(step: media.FilmProgress) -> None:
        if step.direction == "up" and step.done >= 1:
            watched.inner = _Unreachable()  # type: ignore[assignment]

    try:
        sync_now(practitioner.context(), cut_after_first)
        raise AssertionError("the sync should have stopped")
    except StoreUnreachable as error:
        assert "Nothing saved on this laptop was lost" in str(error)
    first = watched.count("m", watched.puts)
    watched.inner = practitioner.context().store if False else _folder(store_dir)
    practitioner.sync()
    assert watched.count("m", watched.puts) == film.chunk_count  # each part sent once in all
    assert first >= 1
    # The supervisor starts watching while the later parts are still coming down.
    slow = WatchedStore(_folder(store_dir), fail_after_chunk_gets=2)
    supervisor.store = slow
    with contextlib.suppress(StoreUnreachable):
        supervisor.sync()
    with MediaReader(supervisor.vault, film.id, allow_partial=True) as reader:
        assert 0 < reader.size < film.byte_size
        with av.open(reader) as container:
            frames = sum(1 for _ in container.decode(video=0))
    assert frames > 0
    with VideoSession(supervisor.vault, film.id) as session:  # as the workspace opens it
        assert session.arriving and session.index.frame_count == frames
        assert session.seek(frames - 1).rgb() is not None
    supervisor.store = _folder(store_dir)
    supervisor.sync()
    with VideoSession(supervisor.vault, film.id) as session:
        assert not session.arriving and session.damage is None
    with (
        MediaReader(supervisor.vault, film.id) as whole,
        MediaReader(practitioner.vault, film.id) as source,
    ):
        assert whole.read() == source.read()


class _Unreachable:
    description = "a folder that was unplugged"

    def put_many(self, items):  # type: ignore[no-untyped-def]
        raise StoreUnreachable(self.description, "the disk is not there")

    def get_many(self, keys):  # type: ignore[no-untyped-def]
        raise StoreUnreachable(self.description, "the disk is not there")

    def list(self, prefix):  # type: ignore[no-untyped-def]
        raise StoreUnreachable(self.description, "the disk is not there")

    def delete_many(self, keys):  # type: ignore[no-untyped-def]
        raise StoreUnreachable(self.description, "the disk is not there")


def _folder(store_dir: Path):  # type: ignore[no-untyped-def]
    from vfapp.sync.folder_store import FolderStore

    return FolderStore(store_dir)


def test_a_batch_carrying_another_familys_records_is_refused_whole(team: list[Device]) -> None:
    """A practitioner's laptop holds one family's key; it must not slip records of another
    family (which it cannot read) into that family's batches."""
    _admin, practitioner, supervisor, _other = team
    own = casework.add_family(practitioner.vault, "PIP-0950").value
    practitioner.sync()
    supervisor.sync()
    ctx = practitioner.context()
    from vfapp.sync.export import seal_batches
    from vfapp.sync.models import RecordOp

    forged = RecordOp(t="families", id="01a20000-0000-7000-8000-000000000001",
                      hlc=ctx.vault.clock.now().encode(), full=True,
                      fields={"id": "01a20000-0000-7000-8000-000000000001", "case_code": "PIP-0951",
                              "display_name": None, "created_at": "2026-11-26T10:00:00+00:00",
                              "deleted": 0, "closed_on": None})  # fmt: skip
    with practitioner.vault.write() as batch:
        seal_batches(ctx, batch.db, {str(own.id): [forged]})
    push_outbox(ctx)
    report = supervisor.sync()
    assert any("holds records of another family" in m for m in report.refused), report.refused
    assert "PIP-0951" not in _codes(supervisor)


def test_a_film_deleted_after_a_cut_upload_leaves_no_parts_in_the_store(
    team: list[Device],
    store_dir: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    _admin, practitioner, _supervisor, _other = team
    _consented_family(practitioner, "PIP-0960")
    family = casework.find_family(practitioner.vault, "PIP-0960")
    casework.add_visit(practitioner.vault, family.id, casework.date(2026, 11, 23))
    film = record(practitioner.vault, *synthetic(VideoMode(width=1280, height=720, fps=30)),
                  max_seconds=3.0).recording  # fmt: skip
    monkeypatch.setattr(media, "WINDOW", 1)
    watched = WatchedStore(practitioner.store)
    practitioner.store = watched

    def cut(step: media.FilmProgress) -> None:
        watched.inner = _Unreachable()  # type: ignore[assignment]

    with contextlib.suppress(StoreUnreachable):
        sync_now(practitioner.context(), cut)
    assert any(p.is_file() for p in store_dir.rglob("*") if "/m/" in str(p))
    watched.inner = _folder(store_dir)
    delete_recording(practitioner.vault, film.id)
    practitioner.sync()
    assert not any(p.is_file() for p in store_dir.rglob("*") if "/m/" in str(p))
