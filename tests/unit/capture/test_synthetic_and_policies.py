from __future__ import annotations

import itertools
import threading

import numpy as np

from vfapp.capture.disk import MIB, DiskPolicy
from vfapp.capture.frames import CapturedFrame, VideoMode
from vfapp.capture.preview import PreviewTap
from vfapp.capture.synthetic import (
    BEEP_SECONDS,
    SyntheticCamera,
    SyntheticMicrophone,
    SyntheticTimeline,
    flash_patch,
    is_flash_frame,
)

MODE = VideoMode(width=320, height=240, fps=30)


def test_the_camera_flashes_on_the_first_frame_of_each_second_only() -> None:
    camera = SyntheticCamera(MODE, SyntheticTimeline(live=False))
    camera.open()
    rows, cols = flash_patch(MODE)
    flashes = [
        f.index for f in (camera.read() for _ in range(91)) if f.image[rows, cols].min() == 255
    ]
    assert flashes == [0, 30, 60, 90]
    assert [i for i in range(200) if is_flash_frame(i, 29.97)][:4] == [0, 30, 60, 90]


def test_the_microphone_beeps_from_each_whole_second_and_follows_the_camera() -> None:
    timeline = SyntheticTimeline(live=False)
    camera, mic = SyntheticCamera(MODE, timeline), SyntheticMicrophone(timeline)
    camera.open(), mic.open()
    got: list = []
    reader = threading.Thread(target=lambda: got.extend(mic.read() for _ in range(200)))
    reader.start()
    for _ in range(61):
        camera.read()
    reader.join(timeout=5)
    assert len(got) == 200  # 2 s of audio, released as the camera reached 2 s
    samples = np.concatenate([b.samples for b in got])
    loud = np.flatnonzero(np.abs(samples) > 0.15)
    starts = [int(loud[0])] + [int(b) for a, b in itertools.pairwise(loud) if b - a > 1000]
    # The beep starts at sample 0 of each second; 0.5 sin(...) first passes 0.15 at sample 3.
    assert starts[:2] == [3, 48_000 + 3]
    assert loud[loud < 48_000].max() < BEEP_SECONDS * 48_000
    assert got[100].t - got[0].t == 100 * 480 / 48_000


def test_closing_the_timeline_releases_a_waiting_microphone() -> None:
    timeline = SyntheticTimeline(live=False)
    mic = SyntheticMicrophone(timeline)
    mic.open()
    failure: list[Exception] = []

    def read() -> None:
        try:
            mic.read()
        except Exception as error:
            failure.append(error)

    waiting = threading.Thread(target=read)
    waiting.start()
    timeline.close()
    waiting.join(timeout=2)
    assert failure and "timeline closed" in str(failure[0])


def test_disk_policy_warns_minutes_ahead_and_stops_with_room_to_close() -> None:
    policy = DiskPolicy()
    rate = 1 * MIB  # 1080p-ish
    assert policy.minutes_left(policy.reserve_bytes + 600 * MIB, rate) == 10.0
    assert policy.should_warn(policy.reserve_bytes + 500 * MIB, rate)
    assert not policy.should_warn(policy.reserve_bytes + 700 * MIB, rate)
    assert policy.must_stop(policy.reserve_bytes + 10 * MIB, rate)
    assert not policy.must_stop(policy.reserve_bytes + 20 * MIB, rate)
    assert policy.minutes_left(10**9, 0) is None


def test_preview_keeps_only_the_latest_frame_and_calls_back_without_queueing() -> None:
    tap = PreviewTap()
    seen: list[int] = []
    tap.attach(lambda frame: seen.append(frame.index))
    image = np.zeros((2, 2, 3), np.uint8)
    for index in range(5):
        tap.offer(CapturedFrame(image=image, t=float(index), index=index))
    latest = tap.latest()
    assert latest is not None and latest.index == 4
    assert seen == [0, 1, 2, 3, 4] and tap.offered == 5
