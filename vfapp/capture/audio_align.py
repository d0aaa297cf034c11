"""Keep microphone samples on the capture clock, however the microphone's own clock drifts."""

from __future__ import annotations

import numpy as np

from vfapp.capture.frames import AudioBlock, Samples

HARD_RESYNC_S = 0.04  # a gap or overlap this large (lost samples, a stall): re-anchor at once
SOFT_START_S = 0.005  # a slow drift this large: nudge by one sample per block ...
SOFT_STOP_S = 0.001  # ... until it is this small again
DRIFT_TAU_S = 2.0  # smooth block-to-block timestamp jitter before nudging
MAX_FILL_S = 5.0  # silence added at once; a longer gap is filled over the next blocks


class AudioAligner:
    """Turns stamped blocks into one contiguous sample stream whose sample n was captured
    at `origin + n / rate`: silence fills gaps, overlaps are trimmed, and a microphone
    running a little fast or slow is corrected one inaudible sample at a time."""

    def __init__(self, rate: int, origin: float) -> None:
        self._rate = rate
        self._origin = origin
        self.cursor = 0  # samples handed out so far
        self._drift = 0.0  # smoothed, in samples
        self._nudging = False
        self.max_error_s = 0.0

    def align(self, block: AudioBlock) -> Samples:
        rate, samples = self._rate, block.samples
        error = round((block.t - self._origin) * rate) - self.cursor  # >0: we are behind
        if self.cursor == 0 or abs(error) > HARD_RESYNC_S * rate:
            samples = _shift(samples, min(error, round(MAX_FILL_S * rate)))
            self._drift, self._nudging = 0.0, False
        else:
            self.max_error_s = max(self.max_error_s, abs(error) / rate)
            self._drift += min(1.0, samples.size / (DRIFT_TAU_S * rate)) * (error - self._drift)
            limit = (SOFT_STOP_S if self._nudging else SOFT_START_S) * rate
            self._nudging = abs(self._drift) > limit
            if self._nudging and samples.size > 1:
                samples = _shift(samples, 1 if self._drift > 0 else -1)
        self.cursor += samples.size
        return samples


def _shift(samples: Samples, by: int) -> Samples:
    """`by` > 0: repeat the first sample (or add silence for a real gap); < 0: drop samples."""
    if by > 1:
        return np.concatenate([np.zeros(by, np.float32), samples])
    if by == 1:
        return np.concatenate([samples[:1], samples])
    if by < 0:
        return samples[-by:]
    return samples
