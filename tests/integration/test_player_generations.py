"""Each play() is its own playback: a stopped one that is slow to wind down cannot touch the
next one, and neither play() nor stop() keeps the caller waiting for it."""

from __future__ import annotations

import threading
import time

from tests.fakes.audio_output import SimulatedSpeaker
from tests.integration.recording_helpers import record, synthetic
from vfapp.capture.frames import VideoMode
from vfapp.playback.player import Player
from vfapp.playback.video_session import DecodedFrame
from vfapp.vault.session import Vault


def test_a_stuck_playback_neither_stops_nor_overwrites_the_next(vault: Vault) -> None:
    camera, mic = synthetic(VideoMode(width=320, height=240, fps=30))
    film = record(vault, camera, mic, max_seconds=4).recording.id
    shown: list[tuple[int, int, float]] = []  # thread, frame, when
    busy = threading.Event()

    def on_frame(frame: DecodedFrame) -> None:
        shown.append((threading.get_ident(), frame.number, time.monotonic()))
        if not busy.is_set():
            busy.set()
            time.sleep(2.0)  # the screen was busy once, far longer than a frame

    player = Player(vault, film, on_frame)
    player.play(start_s=0.0)
    assert busy.wait(5)
    began = time.monotonic()
    player.play(start_s=2.0)  # the user jumps while the first playback is stuck
    assert time.monotonic() - began < 0.5, "play() waited for the stuck playback"
    assert player.generation == 2
    stats = player.wait(10)
    assert stats is not None and stats.end_reason == "film end" and stats.last_frame == 119
    old_thread = shown[0][0]
    assert [n for t, n, _ in shown if t == old_thread] == [0]  # nothing after it was replaced
    new = [n for t, n, _ in shown if t != old_thread]
    assert new and new[-1] == 119 and stats.frames_shown == len(new)
    assert new == sorted(new) and new[0] >= 60


def test_stop_returns_at_once_and_the_sound_is_cut(vault: Vault) -> None:
    camera, mic = synthetic(VideoMode(width=320, height=240, fps=30))
    film = record(vault, camera, mic, max_seconds=4).recording.id
    speaker = SimulatedSpeaker()
    player = Player(vault, film, lambda frame: None, audio_output=speaker)
    player.play(start_s=0.5)
    time.sleep(0.6)
    began = time.monotonic()
    stats = player.stop()
    assert time.monotonic() - began < 0.3
    assert stats.end_reason == "stopped" and not stats.playing
    assert (speaker.drained, speaker.aborted) == (0, 1)
    assert not [t for t in threading.enumerate() if t.name.startswith("player-")]
    player.play(start_s=3.0)  # the next playback starts its sound again on the same card
    stats_after = player.wait(5)
    assert stats_after is not None and stats_after.end_reason == "film end"
    assert speaker.starts == 2 and speaker.drained == 1
