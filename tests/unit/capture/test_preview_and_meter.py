"""The preview pump (pictures and sound before recording), the level meter and its silence
clock, and the estimate of recording time left before a recording has a bitrate."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from tests.fakes.sources import CameraThatFails
from vfapp.capture.disk_estimate import estimated_minutes_left, typical_bytes_per_second
from vfapp.capture.frames import AudioBlock, CapturedFrame, VideoMode
from vfapp.capture.level_meter import FLOOR_DB, LevelMeter, MeteredMicrophone, level_db
from vfapp.capture.preview import PreviewTap
from vfapp.capture.preview_pump import PreviewPump
from vfapp.capture.sources import AudioSource, FrameSource
from vfapp.capture.synthetic import SyntheticCamera, SyntheticMicrophone, SyntheticTimeline
from vfapp.domain.errors import CameraUnavailable

SMALL = VideoMode(width=160, height=90, fps=30)


class ManualClock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_level_is_rms_in_dbfs_and_silence_is_counted_from_the_last_sound() -> None:
    assert level_db(np.full(480, 0.5, np.float32)) == pytest.approx(-6.02, abs=0.01)
    assert level_db(np.zeros(480, np.float32)) == FLOOR_DB
    clock = ManualClock()
    meter = LevelMeter(clock=clock)
    meter.start()
    meter.feed(np.full(480, 0.1, np.float32))
    assert meter.level() == pytest.approx(-20, abs=0.01)
    clock.t += 4
    meter.feed(np.zeros(480, np.float32))
    assert meter.silent_for() == pytest.approx(4)
    clock.t += 7
    meter.feed(np.full(480, 1e-4, np.float32))  # -80 dBFS: a muted microphone's hiss
    assert meter.silent_for() == pytest.approx(11)
    clock.t += 1
    assert meter.level() == FLOOR_DB  # nothing for a second: the meter falls
    meter.start()
    assert meter.silent_for() == 0


def test_a_metered_microphone_measures_what_it_hands_on() -> None:
    timeline = SyntheticTimeline(live=False)
    camera = SyntheticCamera(SMALL, timeline)
    meter = LevelMeter()
    microphone = MeteredMicrophone(SyntheticMicrophone(timeline), meter)
    camera.open()
    microphone.open()
    for _ in range(30):
        camera.read()
    block = microphone.read()
    assert isinstance(block, AudioBlock)
    assert meter.level() == pytest.approx(level_db(block.samples))
    assert (microphone.name, microphone.dropped_blocks) == ("synthetic microphone", 0)
    microphone.close()


def _synthetic() -> tuple[FrameSource, AudioSource | None]:
    timeline = SyntheticTimeline(live=True)
    return SyntheticCamera(SMALL, timeline), SyntheticMicrophone(timeline)


def test_the_pump_previews_until_stopped_and_lets_go_of_the_camera() -> None:
    tap, meter = PreviewTap(), LevelMeter()
    arrived = threading.Event()
    frames: list[CapturedFrame] = []

    def seen(frame: CapturedFrame) -> None:
        frames.append(frame)
        if len(frames) >= 5:
            arrived.set()

    tap.attach(seen)
    pump = PreviewPump(tap, meter)
    pump.start(_synthetic)
    assert arrived.wait(5)
    assert pump.running and pump.mode == SMALL
    pump.stop()
    assert pump.wait(5)
    assert not pump.running
    count = tap.offered
    pump.start(_synthetic)  # a second start waits for the first reader, then reads again
    arrived.clear()
    frames.clear()
    assert arrived.wait(5)
    assert tap.offered > count
    assert meter.level() > FLOOR_DB  # the demo microphone's room noise
    pump.stop()
    assert pump.wait(5)


def test_the_pump_says_when_the_camera_cannot_be_opened_or_is_lost() -> None:
    messages: list[str] = []
    done = threading.Event()

    def failed(message: str) -> None:
        messages.append(message)
        done.set()

    def unavailable() -> tuple[FrameSource, AudioSource | None]:
        raise CameraUnavailable("no camera was found")

    pump = PreviewPump(PreviewTap(), LevelMeter())
    pump.start(unavailable, failed)
    assert done.wait(5) and pump.wait(5)
    done.clear()

    def unplugged() -> tuple[FrameSource, AudioSource | None]:
        camera, _ = _synthetic()
        return CameraThatFails(camera, frames=3), None

    pump.start(unplugged, failed)
    assert done.wait(5) and pump.wait(5)
    assert "unplugged" in messages[1]
    assert len(messages) == 2


def test_time_left_before_recording_scales_with_the_picture() -> None:
    hd = VideoMode(width=1280, height=720, fps=30)
    assert typical_bytes_per_second(hd) == 4 * typical_bytes_per_second(
        VideoMode(width=640, height=360, fps=30)
    )
    minutes = estimated_minutes_left(64 * 2**20 + 320_000 * 600, hd)
    assert minutes == pytest.approx(10)
