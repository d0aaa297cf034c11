"""A speaker for a machine without one: it plays in real time and keeps what it heard.

It ends the way a sound card does: `stop()` drops whatever is still queued (and that part is
never heard), `stop(drain=True)` waits until the queue has played out; either way `played_s`
then stays where the sound ended.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from vfapp.playback.audio_stretch import Samples


class SimulatedSpeaker:
    """Writes block while more than `buffer_s` is queued, as a sound card's do."""

    def __init__(self, buffer_s: float = 0.1) -> None:
        self.buffer_s = buffer_s
        self.heard: list[Samples] = []
        self.rate, self.channels = 48_000, 1
        self.starts = self.drained = self.aborted = 0
        self._written = 0
        self._started = 0.0
        self._final_s: float | None = 0.0  # None while a stream is open
        self._first_chunk = 0
        self._lock = threading.Lock()

    def start(self, sample_rate: int, channels: int) -> None:
        with self._lock:
            self.rate, self.channels = sample_rate, channels
            self._written, self._started, self._final_s = 0, time.monotonic(), None
            self._first_chunk = len(self.heard)  # where this stream's sound begins
            self.starts += 1

    def write(self, samples: Samples) -> None:
        with self._lock:
            if self._final_s is not None:
                return  # no stream open: nothing is played
            self.heard.append(samples.copy())
            self._written += samples.size // self.channels
        while self._written / self.rate - (time.monotonic() - self._started) > self.buffer_s:
            time.sleep(0.002)

    def played_s(self) -> float:
        with self._lock:
            if self._final_s is not None:
                return self._final_s
            return min(self._written / self.rate, time.monotonic() - self._started)

    def stop(self, *, drain: bool = False) -> None:
        if drain:
            while (left := self._written / self.rate - (time.monotonic() - self._started)) > 0:
                time.sleep(min(left, 0.01))
        with self._lock:
            if self._final_s is not None:
                return
            heard = min(self._written / self.rate, time.monotonic() - self._started)
            self._drop_unheard(round(heard * self.rate))
            self._final_s = heard
            self.drained += drain
            self.aborted += not drain

    def _drop_unheard(self, frames: int) -> None:
        kept, total = self.heard[: self._first_chunk], 0
        for chunk in self.heard[self._first_chunk :]:
            count = chunk.size // self.channels
            room = frames - total
            if room <= 0:
                break
            kept.append(chunk if count <= room else chunk[: room * self.channels])
            total += min(count, room)
        self.heard = kept

    def mono(self) -> Samples:
        joined = np.concatenate(self.heard) if self.heard else np.zeros(0, np.float32)
        return joined.reshape(-1, self.channels).mean(axis=1).astype(np.float32)
