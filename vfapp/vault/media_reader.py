"""Read a recording back as a seekable stream, opening its sealed chunks on demand."""

from __future__ import annotations

import bisect
import io
from collections import OrderedDict
from uuid import UUID

from vfapp.domain.errors import ChunkDamaged, VaultDatabaseDamaged
from vfapp.domain.models import Recording, RecordingStatus
from vfapp.vault.recordings import get_recording, recording_key
from vfapp.vault.sealing import ChunkSealer
from vfapp.vault.session import Vault

DEFAULT_CACHED_CHUNKS = 8


def chunk_layout_damage(
    recording: Recording, rows: list[tuple[int, bool, int]]
) -> tuple[int, ChunkDamaged | None]:
    """How many leading chunks form an unbroken run, and what breaks the rest, if anything.

    `rows` are (seq, is_final, plain_size) in seq order.
    """
    for index, (seq, is_final, _size) in enumerate(rows):
        if seq != index:
            return index, ChunkDamaged(recording.id, index, "it is missing")
        if is_final and index != len(rows) - 1:
            return index + 1, ChunkDamaged(
                recording.id, index + 1, "it comes after the part marked as the end"
            )
    ends_properly = bool(rows) and rows[-1][1]
    if recording.status is RecordingStatus.COMPLETE and not ends_properly:
        return len(rows), ChunkDamaged(recording.id, len(rows), "the end of the film is missing")
    return len(rows), None


class MediaReader(io.RawIOBase):
    """`read`/`seek`/`tell` over a recording's plaintext, with an LRU of opened chunks."""

    def __init__(
        self,
        vault: Vault,
        recording_id: UUID,
        *,
        allow_partial: bool = False,
        cached_chunks: int = DEFAULT_CACHED_CHUNKS,
    ) -> None:
        super().__init__()
        self._vault = vault
        self.recording = get_recording(vault, recording_id)
        self._sealer = ChunkSealer(recording_id, recording_key(vault, recording_id))
        rows = [
            (int(seq), bool(final), int(size))
            for seq, final, size in vault.db.query(
                "SELECT seq, is_final, plain_size FROM media_chunks "
                "WHERE recording_id = ? ORDER BY seq",
                (str(recording_id),),
            )
        ]
        intact, self.damage = chunk_layout_damage(self.recording, rows)
        if self.damage is not None and not allow_partial:
            raise self.damage
        self._finals = [final for _seq, final, _size in rows[:intact]]
        self._sizes = [size for _seq, _final, size in rows[:intact]]
        self._starts: list[int] = []
        total = 0
        for _seq, _final, size in rows[:intact]:
            self._starts.append(total)
            total += size
        self._size = total
        self._position = 0
        self._cache: OrderedDict[int, bytes] = OrderedDict()
        self._cache_limit = max(1, cached_chunks)

    @property
    def size(self) -> int:
        """Readable bytes: the whole film, or its intact beginning when opened partially."""
        return self._size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        target = base + offset
        if target < 0:
            raise ValueError("cannot seek before the start of the recording")
        self._position = target
        return target

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        filled = 0
        while filled < len(view) and self._position < self._size:
            seq = bisect.bisect_right(self._starts, self._position) - 1
            chunk = self._chunk(seq)
            start = self._position - self._starts[seq]
            piece = chunk[start : start + len(view) - filled]
            view[filled : filled + len(piece)] = piece
            filled += len(piece)
            self._position += len(piece)
        return filled

    def _chunk(self, seq: int) -> bytes:
        cached = self._cache.get(seq)
        if cached is not None:
            self._cache.move_to_end(seq)
            return cached
        plaintext = self._open_chunk(seq)
        self._cache[seq] = plaintext
        if len(self._cache) > self._cache_limit:
            self._cache.popitem(last=False)
        return plaintext

    def _open_chunk(self, seq: int) -> bytes:
        recording_id = self.recording.id
        try:
            row = self._vault.db.query_one(
                "SELECT data FROM media_chunks WHERE recording_id = ? AND seq = ?",
                (str(recording_id), seq),
            )
        except VaultDatabaseDamaged:
            raise ChunkDamaged(recording_id, seq, "it cannot be read from vault.db") from None
        if row is None:
            raise ChunkDamaged(recording_id, seq, "it is missing")
        plaintext = self._sealer.open(seq, self._finals[seq], bytes(row[0]))
        if len(plaintext) != self._sizes[seq]:
            raise ChunkDamaged(recording_id, seq, "its size does not match the vault's index")
        return plaintext
