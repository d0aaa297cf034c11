from __future__ import annotations

import numpy as np
import pytest

from vfapp.capture.audio_align import AudioAligner
from vfapp.capture.frames import AudioBlock
from vfapp.capture.microphone import BlockClock

RATE, BLOCK = 48_000, 480


def _blocks(seconds: float, true_rate: float, jitter_s: float = 0.004, seed: int = 1):
    """Blocks from a microphone whose real clock runs at `true_rate`, stamped with jitter."""
    rng = np.random.default_rng(seed)
    for n in range(int(seconds * true_rate / BLOCK)):
        t = 100.0 + n * BLOCK / true_rate
        yield n, AudioBlock(np.zeros(BLOCK, np.float32), t + rng.uniform(-jitter_s, jitter_s) / 2)


@pytest.mark.parametrize("true_rate", [47_995.0, 48_005.0, 48_000.0])
def test_twenty_minutes_of_a_drifting_microphone_stay_within_ten_ms(true_rate: float) -> None:
    aligner = AudioAligner(RATE, origin=100.0)
    worst = 0.0
    for n, block in _blocks(20 * 60, true_rate):
        aligner.align(block)
        true_end = 100.0 + (n + 1) * BLOCK / true_rate
        worst = max(worst, abs(100.0 + aligner.cursor / RATE - true_end))
    assert worst < 0.010, f"audio wandered {worst * 1000:.1f} ms from the capture clock"


def test_lost_samples_are_filled_with_silence_at_once() -> None:
    aligner = AudioAligner(RATE, origin=0.0)
    aligner.align(AudioBlock(np.ones(BLOCK, np.float32), 0.0))
    after_gap = aligner.align(AudioBlock(np.ones(BLOCK, np.float32), 0.0 + BLOCK / RATE + 0.2))
    assert after_gap.size == BLOCK + round(0.2 * RATE)
    assert not after_gap[: round(0.2 * RATE)].any()
    assert aligner.cursor == round((BLOCK / RATE + 0.2) * RATE) + BLOCK


def test_a_first_block_before_the_origin_is_trimmed_and_after_it_padded() -> None:
    early = AudioAligner(RATE, origin=1.0)
    assert early.align(AudioBlock(np.ones(BLOCK, np.float32), 1.0 - 100 / RATE)).size == BLOCK - 100
    late = AudioAligner(RATE, origin=1.0)
    padded = late.align(AudioBlock(np.ones(BLOCK, np.float32), 1.0 + 100 / RATE))
    assert padded.size == BLOCK + 100 and not padded[:100].any()


def test_the_fallback_clock_recovers_capture_times_from_jittery_callbacks() -> None:
    """No ADC time from the driver: callbacks arrive late by 0-15 ms, never early."""
    rng = np.random.default_rng(3)
    clock = BlockClock(RATE)
    errors = []
    for n in range(3000):
        truth = 50.0 + n * BLOCK / RATE
        arrived = truth + BLOCK / RATE + rng.uniform(0, 0.015)
        errors.append(clock.stamp(arrived, BLOCK) - truth)
    settled = np.abs(errors[200:])
    assert settled.max() < 0.003


def test_a_wildly_late_block_never_allocates_minutes_of_silence_at_once() -> None:
    aligner = AudioAligner(RATE, origin=0.0)
    aligner.align(AudioBlock(np.ones(BLOCK, np.float32), 0.0))
    late = aligner.align(AudioBlock(np.ones(BLOCK, np.float32), 600.0))
    assert late.size <= 5 * RATE + BLOCK
