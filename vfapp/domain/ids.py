"""UUIDv7 identifiers: time-ordered, so records sort by creation and index well."""

from __future__ import annotations

import os
import threading
import time
import uuid


class UuidV7Generator:
    """Makes UUIDv7s (RFC 9562) that never go backwards, even if the wall clock does."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms = 0
        self._last_rand = 0

    def __call__(self, now_ms: int | None = None) -> uuid.UUID:
        with self._lock:
            ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
            if ms <= self._last_ms:
                # Same millisecond, or the clock went back: count on from the last id.
                ms, rand = self._last_ms, self._last_rand + 1
            else:
                rand = int.from_bytes(os.urandom(10), "big") >> 6  # 74 random bits
            self._last_ms, self._last_rand = ms, rand
        rand_a = (rand >> 62) & 0xFFF
        rand_b = rand & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
        return uuid.UUID(int=value)


new_id = UuidV7Generator()


def id_timestamp_ms(value: uuid.UUID) -> int:
    """The Unix time in milliseconds that a UUIDv7 carries."""
    return value.int >> 80
