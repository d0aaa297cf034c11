"""The clock the pictures follow at 1x: the sound card's while it plays, then the wall's."""

from __future__ import annotations

from vfapp.playback.audio_track import SoundClock, SoundProgress


class Clocks:
    def __init__(self) -> None:
        self.wall = 100.0
        self.played = 0.0

    def now(self) -> float:
        return self.wall

    def heard(self) -> float:
        return self.played


def test_it_waits_for_the_sound_follows_it_and_carries_on_without_a_jump() -> None:
    clocks, progress = Clocks(), SoundProgress()
    clock = SoundClock(clocks.heard, progress, clocks.now)
    clocks.wall += 0.3  # the sound is still opening: the pictures wait for it
    assert clock.elapsed() == 0.0
    progress.started.set()
    clocks.wall, clocks.played = 101.0, 0.5
    assert clock.elapsed() == 0.5
    clocks.wall, clocks.played = 101.5, 0.98  # the card runs a little slow: it leads
    assert clock.elapsed() == 0.98
    progress.ended.set()
    clocks.played = 0.0  # a closed stream may say anything now: it is no longer read
    clocks.wall = 101.75
    assert clock.elapsed() == 0.98 + 0.25  # the wall clock from the last reading on


def test_a_sound_that_never_starts_leaves_the_wall_clock_to_run() -> None:
    clocks, progress = Clocks(), SoundProgress()
    clock = SoundClock(clocks.heard, progress, clocks.now)
    clocks.wall += 0.2
    assert clock.elapsed() == 0.0
    progress.ended.set()  # the film's sound could not be opened
    clocks.wall += 0.5
    assert clock.elapsed() == 0.5
