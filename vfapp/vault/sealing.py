"""Seal and open media chunks: AES-256-GCM per recording, bound to its id, place and end."""

from __future__ import annotations

import os
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vfapp.domain.errors import ChunkDamaged

CHUNK_SIZE = 256 * 1024
TAG_BYTES = 16
RECORDING_KEY_BYTES = 32
_AAD_PREFIX = b"attune-chunk-v1"


def new_recording_key() -> bytes:
    return os.urandom(RECORDING_KEY_BYTES)


def _nonce(seq: int) -> bytes:
    # Unique per (key, seq) because every recording has its own key and each seq is sealed
    # exactly once (the writer retries a failed commit with the same sealed bytes).
    return b"\x00\x00\x00\x00" + seq.to_bytes(8, "big")


def _aad(recording_id: UUID, seq: int, final: bool) -> bytes:
    return (
        _AAD_PREFIX + recording_id.bytes + seq.to_bytes(8, "big") + (b"\x01" if final else b"\x00")
    )


class ChunkSealer:
    """Seals and opens the chunks of one recording under its key."""

    def __init__(self, recording_id: UUID, key: bytes) -> None:
        if len(key) != RECORDING_KEY_BYTES:
            raise ValueError("a recording key is 32 bytes")
        self.recording_id = recording_id
        self._aead = AESGCM(key)

    def seal(self, seq: int, final: bool, plaintext: bytes) -> bytes:
        return self._aead.encrypt(_nonce(seq), plaintext, _aad(self.recording_id, seq, final))

    def open(self, seq: int, final: bool, sealed: bytes) -> bytes:
        try:
            return self._aead.decrypt(_nonce(seq), sealed, _aad(self.recording_id, seq, final))
        except InvalidTag:
            raise ChunkDamaged(
                self.recording_id,
                seq,
                "its contents fail their seal (altered, moved from another place, or corrupted)",
            ) from None
