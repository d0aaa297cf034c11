from __future__ import annotations

import io
import os
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.vault.media_helpers import new_recording, record_bytes
from vfapp.domain.errors import ChunkDamaged, DiskFull, NotFound
from vfapp.domain.models import RecordingStatus
from vfapp.vault.database import Database
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import delete_recording, list_recordings, mark_recovered
from vfapp.vault.sealing import CHUNK_SIZE
from vfapp.vault.session import Vault


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 3 * 64 + 7])
def test_streams_of_every_awkward_size_read_back_exactly(vault: Vault, size: int) -> None:
    data = os.urandom(size)
    recording = record_bytes(vault, data)
    assert recording.status is RecordingStatus.COMPLETE
    assert recording.byte_size == size
    assert recording.chunk_count == size // 64 + 1  # the last chunk carries the final flag
    reader = MediaReader(vault, recording.id)
    assert reader.size == size and reader.read() == data and reader.read() == b""


def test_real_chunk_size_and_short_commits_mix(vault: Vault) -> None:
    data = os.urandom(CHUNK_SIZE * 2 + 12345)
    recording = record_bytes(vault, data, chunk_size=CHUNK_SIZE, commit_at=(1000, 300_000))
    sizes = [
        row[0]
        for row in vault.db.query(
            "SELECT plain_size FROM media_chunks WHERE recording_id = ? ORDER BY seq",
            (str(recording.id),),
        )
    ]
    # 1000 committed early, one full chunk, the rest up to 300 000, then the final remainder.
    assert sizes == [1000, CHUNK_SIZE, 300_000 - 1000 - CHUNK_SIZE, len(data) - 300_000]
    reader = MediaReader(vault, recording.id)
    reader.seek(CHUNK_SIZE - 10)
    assert reader.read(100) == data[CHUNK_SIZE - 10 : CHUNK_SIZE + 90]


_ops = st.lists(
    st.one_of(
        st.tuples(st.just("read"), st.integers(-1, 300)),
        st.tuples(st.just("seek"), st.integers(-50, 2200), st.sampled_from([0, 1, 2])),
        st.tuples(st.just("tell")),
    ),
    max_size=40,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=2000),
    chunk_size=st.integers(1, 300),
    cuts=st.lists(st.integers(0, 2000), max_size=5),
    ops=_ops,
    cache=st.integers(1, 4),
)
def test_random_reads_and_seeks_match_the_plaintext(
    vault: Vault, data: bytes, chunk_size: int, cuts: list[int], ops: list[tuple], cache: int
) -> None:
    recording = record_bytes(vault, data, chunk_size, tuple(c for c in cuts if c <= len(data)))
    reader = MediaReader(vault, recording.id, cached_chunks=cache)
    model = io.BytesIO(data)
    for op in ops:
        if op[0] == "read":
            assert reader.read(op[1]) == model.read(op[1])
        elif op[0] == "seek":
            offset, whence = op[1], op[2]
            base = {0: 0, 1: model.tell(), 2: len(data)}[whence]
            if base + offset < 0:
                with pytest.raises(ValueError):
                    reader.seek(offset, whence)
                continue
            assert reader.seek(offset, whence) == model.seek(offset, whence)
        else:
            assert reader.tell() == model.tell()
        assert len(reader._cache) <= cache


def _chunk_rows(vault: Vault, recording_id: object) -> list[tuple[int, bytes]]:
    return [
        (int(s), bytes(d))
        for s, d in vault.db.query(
            "SELECT seq, data FROM media_chunks WHERE recording_id = ? ORDER BY seq",
            (str(recording_id),),
        )
    ]


def test_an_altered_chunk_is_named_by_recording_and_part(vault: Vault) -> None:
    recording = record_bytes(vault, os.urandom(300))
    seq, data = _chunk_rows(vault, recording.id)[2]
    altered = data[:5] + bytes([data[5] ^ 1]) + data[6:]
    vault.db.execute(
        "UPDATE media_chunks SET data = ? WHERE recording_id = ? AND seq = ?",
        (altered, str(recording.id), seq),
    )
    reader = MediaReader(vault, recording.id)
    assert len(reader.read(2 * 64)) == 128  # the parts before the damage still read
    with pytest.raises(ChunkDamaged) as damage:
        reader.read(64)
    assert damage.value.recording_id == recording.id and damage.value.seq == 2
    assert "fail their seal" in str(damage.value)


def test_swapped_chunks_are_detected(vault: Vault) -> None:
    recording = record_bytes(vault, os.urandom(300))
    rows = _chunk_rows(vault, recording.id)
    for seq, other in ((1, rows[2][1]), (2, rows[1][1])):
        vault.db.execute(
            "UPDATE media_chunks SET data = ? WHERE recording_id = ? AND seq = ?",
            (other, str(recording.id), seq),
        )
    reader = MediaReader(vault, recording.id)
    reader.seek(64)
    with pytest.raises(ChunkDamaged, match="part 1"):
        reader.read(1)


def test_a_chunk_moved_from_another_recording_is_detected(vault: Vault) -> None:
    first, second = record_bytes(vault, os.urandom(100)), record_bytes(vault, os.urandom(100))
    stolen = _chunk_rows(vault, second.id)[0][1]
    vault.db.execute(
        "UPDATE media_chunks SET data = ? WHERE recording_id = ? AND seq = 0",
        (stolen, str(first.id)),
    )
    with pytest.raises(ChunkDamaged, match="part 0"):
        MediaReader(vault, first.id).read()
    assert len(MediaReader(vault, second.id).read()) == 100


def test_a_deleted_middle_chunk_is_named_and_the_start_stays_playable(vault: Vault) -> None:
    data = os.urandom(300)
    recording = record_bytes(vault, data)
    vault.db.execute(
        "DELETE FROM media_chunks WHERE recording_id = ? AND seq = 2", (str(recording.id),)
    )
    with pytest.raises(ChunkDamaged, match="part 2: it is missing"):
        MediaReader(vault, recording.id)
    partial = MediaReader(vault, recording.id, allow_partial=True)
    assert partial.read() == data[:128]


def test_a_cut_off_ending_is_detected(vault: Vault) -> None:
    recording = record_bytes(vault, os.urandom(300))
    vault.db.execute(
        "DELETE FROM media_chunks WHERE recording_id = ? AND seq = 4", (str(recording.id),)
    )
    with pytest.raises(ChunkDamaged, match="end of the film is missing"):
        MediaReader(vault, recording.id)


def test_a_forged_final_flag_or_size_is_detected(vault: Vault) -> None:
    recording = record_bytes(vault, os.urandom(300))
    vault.db.execute(
        "UPDATE media_chunks SET is_final = 1 WHERE recording_id = ? AND seq = 3",
        (str(recording.id),),
    )
    with pytest.raises(ChunkDamaged, match="after the part marked as the end"):
        MediaReader(vault, recording.id)
    other = record_bytes(vault, os.urandom(300))
    vault.db.execute(
        "UPDATE media_chunks SET plain_size = 10 WHERE recording_id = ? AND seq = 0",
        (str(other.id),),
    )
    with pytest.raises(ChunkDamaged, match="size does not match"):
        MediaReader(vault, other.id).read()


def test_an_abandoned_recording_is_recovered_up_to_its_last_commit(vault: Vault) -> None:
    data = os.urandom(200)
    recording = new_recording(vault)
    writer = MediaWriter(vault, recording, chunk_size=64)
    writer.write(data)
    writer.commit_buffered()
    writer.write(b"never committed")
    writer.close()  # closing is not finishing
    assert list_recordings(vault)[0].status is RecordingStatus.RECORDING
    assert MediaReader(vault, recording.id).read() == data
    recovered = mark_recovered(vault, recording.id).value
    assert recovered.status is RecordingStatus.RECOVERED and recovered.byte_size == 200
    assert MediaReader(vault, recording.id).read() == data


def test_a_recording_has_exactly_one_writer_from_its_start(vault: Vault) -> None:
    recording = new_recording(vault)
    writer = MediaWriter(vault, recording, chunk_size=8)
    writer.write(b"0123456789")
    with pytest.raises(ValueError, match="one writer"):
        MediaWriter(vault, recording)
    finished = writer.finish()
    with pytest.raises(ValueError, match="in progress"):
        MediaWriter(vault, finished)
    with pytest.raises(ValueError, match="already finished"):
        writer.write(b"more")


def test_a_failed_commit_is_retried_with_the_same_sealed_bytes(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording = new_recording(vault)
    writer = MediaWriter(vault, recording, chunk_size=64)
    sealed: list[tuple[int, bytes]] = []
    real_seal = writer._sealer.seal
    monkeypatch.setattr(
        writer._sealer,
        "seal",
        lambda seq, final, pt: sealed.append((seq, real_seal(seq, final, pt))) or sealed[-1][1],
    )
    real_execute = Database.execute
    failures = iter([True, True])

    def flaky(self: Database, sql: str, params: object = ()) -> int:
        if sql.startswith("INSERT INTO media_chunks") and next(failures, False):
            raise DiskFull()
        return real_execute(self, sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(Database, "execute", flaky)
    data = os.urandom(200)
    with pytest.raises(DiskFull):
        writer.write(data)
    with pytest.raises(DiskFull):
        writer.commit_buffered()
    finished = writer.finish()
    seqs = [seq for seq, _ in sealed]
    assert seqs == sorted(set(seqs)), "a sequence number was sealed twice"
    assert MediaReader(vault, finished.id).read() == data


def test_deleting_a_recording_shreds_its_key_and_gives_the_space_back(vault: Vault) -> None:
    keep = record_bytes(vault, os.urandom(CHUNK_SIZE), chunk_size=CHUNK_SIZE)
    doomed = record_bytes(vault, os.urandom(CHUNK_SIZE * 8), chunk_size=CHUNK_SIZE)
    result = delete_recording(vault, doomed.id)
    assert result.value.chunks_removed == 9
    assert result.value.bytes_reclaimed >= CHUNK_SIZE * 8
    assert [c.action.value for c in result.changes] == ["deleted"]
    assert vault.db.query(
        "SELECT count(*) FROM recording_keys WHERE recording_id = ?", (str(doomed.id),)
    ) == [(0,)]
    assert vault.db.query(
        "SELECT count(*) FROM media_chunks WHERE recording_id = ?", (str(doomed.id),)
    ) == [(0,)]
    assert vault.db.query("SELECT deleted FROM recordings WHERE id = ?", (str(doomed.id),)) == [
        (1,)
    ]
    assert [r.id for r in list_recordings(vault)] == [keep.id]
    with pytest.raises(NotFound):
        MediaReader(vault, doomed.id)
    assert len(MediaReader(vault, keep.id).read()) == CHUNK_SIZE


def test_a_timer_committing_while_the_encoder_writes_never_reuses_a_part_number(
    vault: Vault,
) -> None:
    recording = new_recording(vault)
    writer = MediaWriter(vault, recording, chunk_size=4096)
    sealed: list[int] = []
    real_seal = writer._sealer.seal

    def spy(seq: int, final: bool, plaintext: bytes) -> bytes:
        sealed.append(seq)
        return real_seal(seq, final, plaintext)

    writer._sealer.seal = spy  # type: ignore[method-assign]
    data = os.urandom(600_000)
    stop = threading.Event()

    def timer() -> None:
        while not stop.is_set():
            writer.commit_buffered()

    ticking = threading.Thread(target=timer, daemon=True)
    ticking.start()
    try:
        for start in range(0, len(data), 1000):
            writer.write(data[start : start + 1000])
    finally:
        stop.set()
        ticking.join(timeout=30)
    finished = writer.finish()
    assert sorted(sealed) == list(range(len(sealed))), "a part number was sealed twice"
    assert MediaReader(vault, finished.id).read() == data


def test_unsaved_bytes_can_be_dropped_before_the_end(vault: Vault) -> None:
    writer = MediaWriter(vault, new_recording(vault), chunk_size=64)
    writer.write(b"a" * 64 + b"half a fragment")
    assert writer.discard_unsaved() == len(b"half a fragment")
    assert MediaReader(vault, writer.finish().id).read() == b"a" * 64
