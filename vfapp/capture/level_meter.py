"""How loud the microphone is, for the recording screen's meter and its "no sound" warning.

`MeteredMicrophone` wraps any AudioSource and feeds each block it reads to a `LevelMeter`
(a few microseconds of numpy per 10 ms block), so the recorder's own microphone thread
measures the level as it records, and the preview pump does the same before recording.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

import numpy as np

from vfapp.capture.frames import AudioBlock, AudioFormat, Samples
from vfapp.capture.sources import AudioSource

FLOOR_DB = -90.0  # digital silence reads as this rather than minus infinity
SILENCE_DB = -60.0  # quieter than a still room through a laptop microphone: muted or dead


def level_db(samples: Samples) -> float:
    """RMS level of a block in dB below full scale, floored at FLOOR_DB."""
    if samples.size == 0:
        return FLOOR_DB
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return max(FLOOR_DB, 20 * math.log10(rms)) if rms > 0 else FLOOR_DB


class LevelMeter:
    """The latest level and when sound was last heard; written by one thread, read by any."""

    def __init__(
        self, *, silence_db: float = SILENCE_DB, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._silence_db = silence_db
        self._clock = clock
        self._lock = threading.Lock()
        self._level = FLOOR_DB
        self._peak = FLOOR_DB
        self._heard_at: float | None = None
        self._started_at: float | None = None
        self._fed_at: float | None = None

    def start(self) -> None:
        """A microphone was opened: the silence is counted from now."""
        with self._lock:
            now = self._clock()
            self._started_at, self._heard_at, self._fed_at = now, None, None
            self._level = self._peak = FLOOR_DB

    def feed(self, samples: Samples) -> None:
        level = level_db(samples)
        peak = float(np.max(np.abs(samples))) if samples.size else 0.0
        with self._lock:
            now = self._clock()
            if self._started_at is None:
                self._started_at = now
            self._fed_at = now
            self._level = level
            self._peak = max(FLOOR_DB, 20 * math.log10(peak)) if peak > 0 else FLOOR_DB
            if level > self._silence_db:
                self._heard_at = now

    def level(self) -> float:
        """The last block's level in dBFS (FLOOR_DB if nothing arrived for half a second)."""
        with self._lock:
            if self._fed_at is None or self._clock() - self._fed_at > 0.5:
                return FLOOR_DB
            return self._level

    def peak(self) -> float:
        with self._lock:
            return self._peak

    def silent_for(self) -> float:
        """Seconds since sound was last heard (or since the microphone was opened)."""
        with self._lock:
            since = self._heard_at if self._heard_at is not None else self._started_at
            return 0.0 if since is None else max(0.0, self._clock() - since)


class MeteredMicrophone:
    """An AudioSource that measures every block it hands on."""

    def __init__(self, inner: AudioSource, meter: LevelMeter) -> None:
        self._inner = inner
        self.meter = meter

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def dropped_blocks(self) -> int:
        return self._inner.dropped_blocks

    def open(self) -> AudioFormat:
        audio = self._inner.open()
        self.meter.start()
        return audio

    def read(self) -> AudioBlock:
        block = self._inner.read()
        self.meter.feed(block.samples)
        return block

    def close(self) -> None:
        self._inner.close()
