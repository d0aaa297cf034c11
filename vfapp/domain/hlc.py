"""Hybrid logical clock: stamps that order edits across devices even when wall clocks drift."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Self

from pydantic import BaseModel, ConfigDict, Field

_MAX_COUNTER = 0xFFFF


class HlcStamp(BaseModel):
    """One hybrid-logical-clock reading; compares as (wall_ms, counter, device)."""

    model_config = ConfigDict(frozen=True)

    wall_ms: int = Field(ge=0)
    counter: int = Field(ge=0, le=_MAX_COUNTER)
    device: str = Field(min_length=1, pattern=r"^[0-9a-f]+$")

    def encode(self) -> str:
        """A fixed-width text form whose string order is the clock order."""
        return f"{self.wall_ms:015d}-{self.counter:05d}-{self.device}"

    @classmethod
    def decode(cls, text: str) -> Self:
        wall, counter, device = text.split("-", 2)
        return cls(wall_ms=int(wall), counter=int(counter), device=device)

    def sort_key(self) -> tuple[int, int, str]:
        return (self.wall_ms, self.counter, self.device)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, HlcStamp):
            return NotImplemented
        return self.sort_key() < other.sort_key()


class HlcClock:
    """Issues increasing stamps for one device; `observe` folds in stamps seen from others."""

    def __init__(self, device: str, wall_ms: Callable[[], int] | None = None) -> None:
        self._device = device
        self._wall_ms = wall_ms or (lambda: time.time_ns() // 1_000_000)
        self._last = HlcStamp(wall_ms=0, counter=0, device=device)
        self._lock = threading.Lock()

    @property
    def device(self) -> str:
        return self._device

    def now(self) -> HlcStamp:
        with self._lock:
            self._last = self._advance(self._last.wall_ms, self._last.counter)
            return self._last

    def observe(self, remote: HlcStamp) -> HlcStamp:
        """Move past a stamp received from another device and return the new local stamp."""
        with self._lock:
            if remote.sort_key()[:2] > self._last.sort_key()[:2]:
                self._last = self._last.model_copy(
                    update={"wall_ms": remote.wall_ms, "counter": remote.counter}
                )
            self._last = self._advance(self._last.wall_ms, self._last.counter)
            return self._last

    def _advance(self, last_wall: int, last_counter: int) -> HlcStamp:
        wall = self._wall_ms()
        if wall > last_wall:
            return HlcStamp(wall_ms=wall, counter=0, device=self._device)
        if last_counter >= _MAX_COUNTER:
            # The counter is spent: borrow the next millisecond rather than wrap.
            return HlcStamp(wall_ms=last_wall + 1, counter=0, device=self._device)
        return HlcStamp(wall_ms=last_wall, counter=last_counter + 1, device=self._device)
