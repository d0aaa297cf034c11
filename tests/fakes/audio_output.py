"""A speaker for a machine without one: it plays in real time and keeps what it heard."""

from __future__ import annotations

import time

import numpy as np

from vfapp.playback.audio_stretch import Samples


class SimulatedSpeaker:
    """Writes block while more than `buffer_s` is queued, as a sound card's do."""

    def __init__(self, buffer_s: float = 0.1) -> None:
        self.buffer_s = buffer_s
        self.heard: list[Samples] = []
        self.rate, self.channels = 48_000, 1
        self._written = 0
        self._started = 0.0

    def start(self, sample_rate: int, channels: int) -> None:
        self.rate, self.channels = sample_rate, channels
        self._written, self._started = 0, time.monotonic()

    def write(self, samples: Samples) -> None:
        self.heard.append(samples.copy())
        self._written += samples.size // self.channels
        while self._written / self.rate - (time.monotonic() - self._started) > self.buffer_s:
            time.sleep(0.002)

    def played_s(self) -> float:
        return min(self._written / self.rate, time.monotonic() - self._started)

    def stop(self) -> None:
        pass

    def mono(self) -> Samples:
        joined = np.concatenate(self.heard) if self.heard else np.zeros(0, np.float32)
        return joined.reshape(-1, self.channels).mean(axis=1).astype(np.float32)
