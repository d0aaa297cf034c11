"""Playback in time: ranges stop on their last frame, loops do not drift, pitch is kept."""

from __future__ import annotations

import time

import numpy as np
import pytest

from tests.fakes.audio_output import SimulatedSpeaker
from tests.integration.recording_helpers import record, synthetic
from vfapp.capture.frames import VideoMode
from vfapp.domain.errors import InvalidInput
from vfapp.playback.player import Player
from vfapp.playback.video_session import DecodedFrame, VideoSession
from vfapp.vault.session import Vault


@pytest.fixture
def film(vault: Vault) -> object:
    camera, mic = synthetic(VideoMode(width=320, height=240, fps=30))
    return record(vault, camera, mic, max_seconds=6).recording.id


class Screen:
    def __init__(self, draw_s: float = 0.0) -> None:
        self.shown: list[tuple[int, float]] = []
        self.draw_s = draw_s

    def __call__(self, frame: DecodedFrame) -> None:
        self.shown.append((frame.number, time.monotonic()))
        if self.draw_s:
            time.sleep(self.draw_s)


def test_a_range_plays_from_its_first_to_its_last_frame_and_stops(
    vault: Vault, film: object
) -> None:
    screen = Screen()
    player = Player(vault, film, screen)  # type: ignore[arg-type]
    player.play(speed=2.0, start_s=2.0, end_s=4.0)
    stats = player.wait(10)
    assert stats is not None and stats.end_reason == "range end"
    numbers = [n for n, _ in screen.shown]
    assert numbers[0] == 60 and numbers[-1] == 119  # 2.0 s in; the last frame before 4.0 s
    assert numbers == sorted(numbers) and stats.frames_skipped_late + len(numbers) == 60
    took = screen.shown[-1][1] - screen.shown[0][1]
    assert abs(took - 59 / 30 / 2) < 0.1  # two seconds of film at 2x


def test_a_loop_repeats_on_time_without_drifting(vault: Vault, film: object) -> None:
    screen = Screen()
    player = Player(vault, film, screen)  # type: ignore[arg-type]
    player.play(speed=2.0, start_s=1.0, end_s=1.5, loop=True)
    time.sleep(1.4)
    player.stop()
    starts = [t for n, t in screen.shown if n == 30]
    assert len(starts) >= 5
    period = 0.5 / 2  # half a second of film at 2x
    drift = [(t - starts[0]) - k * period for k, t in enumerate(starts)]
    assert max(abs(d) for d in drift) < 1 / 30, f"loop starts drifted: {drift}"


def test_a_slow_screen_gets_late_frames_skipped_not_a_growing_lag(
    vault: Vault, film: object
) -> None:
    screen = Screen(draw_s=0.08)  # a screen that can draw only 12 pictures a second
    player = Player(vault, film, screen)  # type: ignore[arg-type]
    started = time.monotonic()
    player.play(start_s=0.0, end_s=3.0)
    stats = player.wait(10)
    assert stats is not None and stats.frames_skipped_late > 20
    with VideoSession(vault, film) as session:  # type: ignore[arg-type]
        last_number, last_shown_at = screen.shown[-1]
        lag = (last_shown_at - started) - session.index.time_of(last_number)
    assert lag < 0.2, f"the picture fell {lag:.2f} s behind"


def test_half_speed_keeps_the_pitch_of_the_beep(vault: Vault, film: object) -> None:
    speaker = SimulatedSpeaker()
    player = Player(vault, film, Screen(), audio_output=speaker)  # type: ignore[arg-type]
    player.play(speed=0.5, start_s=0.95, end_s=1.15)  # the beep at 1.0 s, heard twice as long
    player.wait(10)
    sound = speaker.mono()
    assert 0.35 * 48_000 < sound.size < 0.45 * 48_000  # 0.2 s of film at 0.5x
    spectrum = np.abs(np.fft.rfft(sound * np.hanning(sound.size)))
    peak_hz = np.argmax(spectrum) * 48_000 / sound.size
    assert abs(peak_hz - 1000) < 15, f"the beep came out at {peak_hz:.0f} Hz"


def test_at_normal_speed_the_sound_card_is_the_clock(vault: Vault, film: object) -> None:
    speaker = SimulatedSpeaker()
    screen = Screen()
    player = Player(vault, film, screen, audio_output=speaker)  # type: ignore[arg-type]
    player.play(start_s=3.0, end_s=4.0)
    stats = player.wait(10)
    assert stats is not None and stats.end_reason == "range end"
    assert [n for n, _ in screen.shown][-1] == 119
    assert abs(speaker.mono().size / 48_000 - 1.0) < 0.05


def test_speeds_outside_the_range_are_refused_in_words(vault: Vault, film: object) -> None:
    player = Player(vault, film, Screen())  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match=r"between 0\.1x and 2x"):
        player.play(speed=3.0)
    player.play(speed=0.1, start_s=0.0, end_s=0.05)
    stats = player.wait(10)
    assert stats is not None and stats.end_reason == "range end"
