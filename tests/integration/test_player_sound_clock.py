"""At 1x the pictures follow the sound card, and reach their end when the sound has ended.

The sound card is played through the real SoundDeviceOutput, with only the `sounddevice`
module's stream stood in for (there is no sound card here): its writes block like a real
card's, `stop()` plays out what is queued and `abort()` drops it.
"""

from __future__ import annotations

import sys
import time
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.fakes.audio_output import SimulatedSpeaker
from tests.integration.import_helpers import ffmpeg
from tests.integration.recording_helpers import record, synthetic, visit_for
from vfapp.capture.frames import VideoMode
from vfapp.capture.importer import import_video
from vfapp.playback.audio_output import SoundDeviceOutput
from vfapp.playback.player import Player
from vfapp.playback.video_session import DecodedFrame, VideoSession
from vfapp.vault.session import Vault


class BlockingOutputStream:
    """Plays in real time; holds `buffer_s` of queued sound; reports `latency` like PortAudio."""

    buffer_s = latency = 0.1

    def __init__(self, *, samplerate: int, channels: int, dtype: str) -> None:
        self.rate, self.queued, self.began = samplerate, 0, 0.0

    def start(self) -> None:
        self.began = time.monotonic()

    def write(self, data: np.ndarray) -> None:
        self.queued += len(data)
        while self.queued / self.rate - (time.monotonic() - self.began) > self.buffer_s:
            time.sleep(0.002)

    def stop(self) -> None:
        while self.queued / self.rate > time.monotonic() - self.began:
            time.sleep(0.005)

    def abort(self) -> None:
        pass

    def close(self) -> None:
        pass


@pytest.fixture
def sound_card(monkeypatch: pytest.MonkeyPatch) -> None:
    module: Any = types.ModuleType("sounddevice")
    module.OutputStream = BlockingOutputStream
    module.default = types.SimpleNamespace(device=[0, 0])
    monkeypatch.setitem(sys.modules, "sounddevice", module)


class Screen:
    def __init__(self) -> None:
        self.shown: list[tuple[int, float]] = []

    def __call__(self, frame: DecodedFrame) -> None:
        self.shown.append((frame.number, time.monotonic()))


def test_a_range_at_1x_on_a_sound_card_ends_on_its_last_frame(
    vault: Vault, sound_card: None
) -> None:
    """The sound is all written ~0.1 s before the pictures end; the card's clock used to
    read 0 once its stream was closed, and the pictures waited for it forever."""
    camera, mic = synthetic(VideoMode(width=320, height=240, fps=30))
    film = record(vault, camera, mic, max_seconds=5).recording.id
    output, screen = SoundDeviceOutput(), Screen()
    player = Player(vault, film, screen, audio_output=output)
    player.play(start_s=3.0, end_s=4.0)
    stats = player.wait(5)
    assert stats is not None and stats.end_reason == "range end"
    assert stats.last_frame == 119 and screen.shown[-1][0] == 119
    took = screen.shown[-1][1] - screen.shown[0][1]
    assert abs(took - 29 / 30) < 0.1, f"the range took {took:.2f} s to show"
    assert abs(output.played_s() - 1.0) < 0.01  # after the end it still says what was heard


def test_played_time_stays_put_after_the_card_is_stopped(sound_card: None) -> None:
    output = SoundDeviceOutput()
    output.start(48_000, 1)
    output.write(np.zeros(48_000 // 2, np.float32))
    output.stop()  # dropped what was queued: heard what had played by then
    assert output.played_s() == pytest.approx(0.5 - BlockingOutputStream.latency)
    output.start(48_000, 1)
    output.write(np.zeros(48_000 // 4, np.float32))
    output.stop(drain=True)
    assert output.played_s() == pytest.approx(0.25)


def test_a_film_whose_sound_ends_early_plays_all_its_pictures_on_time(
    vault: Vault, tmp_path: Path
) -> None:
    """Three seconds of pictures, one of sound: the clock used to stop with the sound."""
    clip = tmp_path / "short-sound.mp4"
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1",
        "-t", "3", "-c:v", "libx264", "-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac",
        str(clip),
    )  # fmt: skip
    film = import_video(vault, visit_for(vault), clip).recording.id
    with VideoSession(vault, film) as session:
        last = session.index.frame_count - 1
        last_time = session.index.time_of(last)
    screen = Screen()
    player = Player(vault, film, screen, audio_output=SimulatedSpeaker())
    player.play()
    stats = player.wait(6)
    assert stats is not None and stats.end_reason == "film end" and stats.last_frame == last
    took = screen.shown[-1][1] - screen.shown[0][1]
    assert abs(took - last_time) < 0.1, f"{last_time:.2f} s of pictures took {took:.2f} s"
    assert stats.frames_skipped_late <= 2
