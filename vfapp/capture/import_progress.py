"""How far an import has got, told by time over the length the file claims (or by bytes)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


class ImportMeter:
    """Calls `progress(fraction)` now and then, by time over the length the file claims (or
    by bytes read when it does not say), never going backwards."""

    INTERVAL_S = 0.25

    def __init__(
        self, progress: Callable[[float], object] | None, size: int, duration: float | None
    ) -> None:
        self._progress = progress
        self._size = size
        self._duration = duration
        self._shown = 0.0
        self._last = 0.0

    def tick(self, packet: Any) -> None:
        now = time.monotonic()
        if self._progress is None or now - self._last < self.INTERVAL_S:
            return
        if self._duration and packet.dts is not None and packet.time_base:
            fraction = float(packet.dts * packet.time_base) / self._duration
        elif packet.pos is not None and packet.pos >= 0 and self._size:
            fraction = packet.pos / self._size
        else:
            return
        self._shown, self._last = max(self._shown, min(1.0, fraction)), now
        self._progress(self._shown)

    def done(self) -> None:
        if self._progress is not None:
            self._progress(1.0)
