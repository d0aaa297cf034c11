"""Append a byte stream to a recording as sealed chunks, one vault transaction each."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass

from vfapp.domain.models import Recording, RecordingStatus
from vfapp.vault.database import Database
from vfapp.vault.recordings import close_recording, get_recording, recording_key
from vfapp.vault.sealing import CHUNK_SIZE, ChunkSealer
from vfapp.vault.session import Vault


@dataclass(frozen=True)
class _SealedChunk:
    seq: int
    final: bool
    plain_size: int
    data: bytes


class MediaWriter(io.RawIOBase):
    """A non-seekable sink (for an fMP4 muxer) that seals every ~256 KiB into the vault.

    If a commit fails (a full disk), `write` raises but keeps the bytes: the sealed chunk is
    retried unchanged by the next `write`, `commit_buffered` or `finish`, so no chunk is ever
    sealed twice with different contents under the same nonce. One lock serialises the
    encoder's writes with a timer's `commit_buffered`. Closing (or garbage collection) never
    finishes a recording: an abandoned one stays `recording` until recovery marks it.
    """

    def __init__(self, vault: Vault, recording: Recording, chunk_size: int = CHUNK_SIZE) -> None:
        super().__init__()
        if recording.status is not RecordingStatus.RECORDING:
            raise ValueError("only a recording in progress can be written")
        if vault.db.query_one(
            "SELECT 1 FROM media_chunks WHERE recording_id = ?", (str(recording.id),)
        ):
            raise ValueError("a recording is written by one writer, from its start")
        self._vault = vault
        self._recording = recording
        self._sealer = ChunkSealer(recording.id, recording_key(vault, recording.id))
        self._chunk_size = chunk_size
        self._buffer = bytearray()
        self._next_seq = 0
        self._accepted = 0
        self._committed = 0
        self._pending: _SealedChunk | None = None
        self._finished: Recording | None = None
        self._lock = threading.Lock()

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._accepted

    @property
    def committed_bytes(self) -> int:
        """Bytes already safe in the vault (what a crash now would keep)."""
        return self._committed

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        with self._lock:
            return self._write(data)

    def _write(self, data: bytes | bytearray | memoryview) -> int:
        if self._finished is not None or self._finishing:
            raise ValueError("the recording is already finished")
        self._buffer += data
        self._accepted += len(data)
        self._store_pending()
        while len(self._buffer) >= self._chunk_size:
            self._seal(bytes(self._buffer[: self._chunk_size]), final=False)
            del self._buffer[: self._chunk_size]
            self._store_pending()
        return len(data)

    def flush(self) -> None:
        """Deliberately not a commit: muxers flush often; use `commit_buffered` on a timer."""

    def commit_buffered(self) -> int:
        """Commit what is buffered as a short chunk, bounding what a crash can lose."""
        with self._lock:
            return self._commit_buffered()

    def _commit_buffered(self) -> int:
        self._store_pending()
        if not self._buffer or self._finished is not None or self._finishing:
            return 0
        size = len(self._buffer)
        self._seal(bytes(self._buffer), final=False)
        self._buffer.clear()
        self._store_pending()
        return size

    def discard_unsaved(self) -> int:
        """Drop bytes not yet sealed (a fragment the encoder never completed); return how many."""
        with self._lock:
            dropped = len(self._buffer)
            self._buffer.clear()
            return dropped

    def finish(self) -> Recording:
        """Seal the rest as the final chunk and mark the recording complete, atomically."""
        with self._lock:
            return self._finish()

    def _finish(self) -> Recording:
        if self._finished is not None:
            return self._finished
        self._store_pending()
        if self._pending is None:
            self._seal(bytes(self._buffer), final=True)
            self._buffer.clear()
        assert self._pending is not None and self._pending.final
        with self._vault.write() as batch:
            self._insert(batch.db, self._pending)
            recording = get_recording(self._vault, self._recording.id)
            self._finished = close_recording(batch, recording, RecordingStatus.COMPLETE)
        self._committed += self._pending.plain_size
        self._pending = None
        return self._finished

    @property
    def _finishing(self) -> bool:
        """The final chunk is sealed but its commit failed; only `finish` may go on."""
        return self._pending is not None and self._pending.final

    def _seal(self, plaintext: bytes, *, final: bool) -> None:
        assert self._pending is None
        seq = self._next_seq
        self._pending = _SealedChunk(
            seq, final, len(plaintext), self._sealer.seal(seq, final, plaintext)
        )
        self._next_seq += 1

    def _store_pending(self) -> None:
        if self._pending is None or self._pending.final:
            return
        with self._vault.db.transaction() as db:
            self._insert(db, self._pending)
        self._committed += self._pending.plain_size
        self._pending = None

    def _insert(self, db: Database, chunk: _SealedChunk) -> None:
        db.execute(
            "INSERT INTO media_chunks (recording_id, seq, is_final, plain_size, data) "
            "VALUES (?, ?, ?, ?, ?)",
            (str(self._recording.id), chunk.seq, int(chunk.final), chunk.plain_size, chunk.data),
        )
