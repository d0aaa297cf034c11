"""Playback in time: ranges stop on their last frame, loops do not drift, pitch is kept."""

from __future__ import annotations

import itertools
import threading
import time

import av
import numpy as np
import pytest

from tests.fakes.audio_output import SimulatedSpeaker
from tests.integration.recording_helpers import record, synthetic
from vfapp.capture.frames import VideoMode
from vfapp.domain.errors import InvalidInput
from vfapp.playback.player import Player
from vfapp.playback.video_session import DecodedFrame, VideoSession
from vfapp.vault.media_reader import MediaReader
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
    # The range is snapped to whole frames (28 to 34, 0.933-1.167 s): 7/30 s of film at 0.5x.
    assert sound.size == round(7 / 30 / 0.5 * 48_000)
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
    assert (speaker.drained, speaker.aborted) == (1, 0)  # the last of the sound was heard


def test_speeds_outside_the_range_are_refused_in_words(vault: Vault, film: object) -> None:
    player = Player(vault, film, Screen())  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match=r"between 0\.1x and 2x"):
        player.play(speed=3.0)
    player.play(speed=0.1, start_s=0.0, end_s=0.05)
    stats = player.wait(10)
    assert stats is not None and stats.end_reason == "range end"


def beep_in_film_s(vault: Vault, film: object, after_s: float) -> float:
    """When the first beep after `after_s` starts in the film, by a plain PyAV decode:
    seconds from the first picture (the recorder places it a few ms off the whole second)."""
    with av.open(MediaReader(vault, film)) as container:  # type: ignore[arg-type]
        video = container.streams.video[0]
        assert video.start_time is not None and video.time_base is not None
        origin = float(video.start_time * video.time_base)
        for frame in container.decode(audio=0):
            assert frame.time is not None
            loud = np.flatnonzero(np.abs(frame.to_ndarray()[0]) > 0.25)
            if frame.time - origin >= after_s and loud.size:
                return frame.time - origin + loud[0] / frame.sample_rate
    raise AssertionError("no beep found")


def beep_onsets_s(sound: np.ndarray) -> list[float]:
    """Where each beep starts in what was heard (a tenth of a second quiet before it)."""
    loud = np.flatnonzero(np.abs(sound) > 0.25)
    if not loud.size:
        return []
    starts = [int(loud[0])] + [int(b) for a, b in itertools.pairwise(loud) if b - a > 4800]
    return [i / 48_000 for i in starts]


def test_sound_and_pictures_start_on_the_same_frame_time(vault: Vault, film: object) -> None:
    """A range starting between two frames starts at the earlier frame's time: the first
    picture's time is where the sound starts too, not the raw start a few ms later."""
    speaker = SimulatedSpeaker()
    player = Player(vault, film, Screen(), audio_output=speaker)  # type: ignore[arg-type]
    player.play(start_s=0.95, end_s=1.3)  # frame 28 (0.933 s) to frame 38
    stats = player.wait(10)
    assert stats is not None and stats.end_reason == "range end"
    sound = speaker.mono()
    assert sound.size == round((39 - 28) / 30 * 48_000)  # frames 28-38, to the end of 38
    expected = beep_in_film_s(vault, film, 0.5) - 28 / 30
    assert abs(beep_onsets_s(sound)[0] - expected) < 0.002


def test_a_loop_with_sound_has_one_period_for_sound_and_pictures(
    vault: Vault, film: object
) -> None:
    """0.95-1.51 s covers frames 28-45: both loop every 18 frames (0.6 s), so they never drift
    apart (the sound used to loop every 0.56 s and the pictures every 0.6 s)."""
    speaker = SimulatedSpeaker()
    screen = Screen()
    player = Player(vault, film, screen, audio_output=speaker)  # type: ignore[arg-type]
    player.play(start_s=0.95, end_s=1.51, loop=True)
    time.sleep(3.2)
    player.stop()
    beeps = np.diff(beep_onsets_s(speaker.mono()))
    pictures = np.diff([t for n, t in screen.shown if n == 28])
    assert len(beeps) >= 3 and len(pictures) >= 3
    assert np.all(np.abs(beeps - 0.6) < 0.001), f"the sound loops every {beeps} s"
    assert abs(np.mean(pictures) - 0.6) < 0.005, f"the pictures loop every {pictures} s"


@pytest.mark.parametrize(
    ("start_s", "end_s", "words"),
    [
        (2.0, 1.0, r"The end \(1\.00 s\) must come after the start \(2\.00 s\)"),
        (2.0, 2.0, r"must come after the start"),
        (7.0, None, r"after the end of the film, which lasts 6\.00 s"),
        (6.0, 8.0, r"after the end of the film"),
        (-0.5, 1.0, r"cannot be before the film begins"),
        (float("nan"), None, r"must be given in seconds"),
    ],
    ids=["reversed", "empty", "start after the film", "start at the end", "negative", "nan"],
)
def test_a_range_without_pictures_is_refused_in_words(
    vault: Vault, film: object, start_s: float, end_s: float | None, words: str
) -> None:
    screen = Screen()
    player = Player(vault, film, screen)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match=words):
        player.play(start_s=start_s, end_s=end_s, loop=True)
    time.sleep(0.2)
    assert screen.shown == [] and not player.stats().playing
    assert not [t for t in threading.enumerate() if t.name.startswith("player-")]
