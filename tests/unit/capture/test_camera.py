from __future__ import annotations

import itertools
import time

import cv2
import pytest

from tests.conftest import SHARED
from tests.fakes.video_capture import FakeVideoCapture
from vfapp.capture import camera as camera_module
from vfapp.capture.camera import OpenCvCamera
from vfapp.capture.frames import VideoMode
from vfapp.domain.errors import CameraLost, CameraUnavailable

MJPEG_AVI = SHARED / "corpus" / "video" / "DERIVED_webcam_mjpeg_from_asl_book.avi"


def test_v4l2_asks_for_mjpg_before_size_and_rate_and_reads_back_the_mode() -> None:
    fake = FakeVideoCapture(size=(1280, 720), fps=30)
    camera = OpenCvCamera(0, capture_factory=fake, backend=cv2.CAP_V4L2)
    mode = camera.open()
    props = [prop for prop, _ in fake.set_calls]
    assert props == [
        cv2.CAP_PROP_FOURCC,
        cv2.CAP_PROP_FRAME_WIDTH,
        cv2.CAP_PROP_FRAME_HEIGHT,
        cv2.CAP_PROP_FPS,
    ]
    assert mode == VideoMode(width=1280, height=720, fps=30, fourcc="MJPG")


def test_the_mode_actually_delivered_wins_over_the_one_asked_for() -> None:
    fake = FakeVideoCapture(size=(641, 481), fps=0)  # odd sizes, no frame rate reported
    camera = OpenCvCamera(0, VideoMode(width=1920, height=1080, fps=30), capture_factory=fake)
    mode = camera.open()
    assert (mode.width, mode.height, mode.fps) == (640, 480, 30)
    assert camera.read().image.shape == (480, 640, 3)


def test_v4l2_buffer_timestamps_are_used_when_they_are_on_our_clock() -> None:
    now_ms = time.monotonic() * 1000
    fake = FakeVideoCapture(buffer_ms=now_ms - 12.0)
    camera = OpenCvCamera(0, capture_factory=fake, backend=cv2.CAP_V4L2)
    camera.open()
    assert camera.read().t == pytest.approx((now_ms - 12.0) / 1000)
    fake.buffer_ms = 5_000.0  # a clock that is not CLOCK_MONOTONIC: ignored
    before = time.monotonic()
    assert before - 0.1 < camera.read().t < time.monotonic()


def test_a_missing_camera_is_one_plain_sentence() -> None:
    camera = OpenCvCamera(3, capture_factory=FakeVideoCapture(opened=False))
    with pytest.raises(CameraUnavailable, match="camera 3 was not found, or another program"):
        camera.open()


def test_a_camera_that_stops_delivering_is_reported_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(camera_module, "LOST_AFTER_S", 0.1)
    fake = FakeVideoCapture(frames=4)
    camera = OpenCvCamera(0, capture_factory=fake, backend=cv2.CAP_MSMF)
    camera.open()  # grabs one frame to prove the camera works
    for _ in range(3):
        camera.read()
    with pytest.raises(CameraLost, match="stopped delivering pictures"):
        camera.read()


@pytest.mark.skipif(not MJPEG_AVI.exists(), reason="needs ../shared/corpus")
def test_a_real_videocapture_on_an_mjpeg_stream_reads_until_it_runs_dry() -> None:
    """The corpus MJPEG file through OpenCV's own VideoCapture: the webcam code path with a
    real decoder; running out of frames looks exactly like an unplugged camera."""
    camera = OpenCvCamera(str(MJPEG_AVI), backend=cv2.CAP_FFMPEG)
    mode = camera.open()
    assert (mode.width, mode.height, mode.fourcc) == (640, 480, "MJPG")
    frames = []
    with pytest.raises(CameraLost):
        while True:
            frames.append(camera.read())
    camera.close()
    assert len(frames) == 108  # 109 in the file; open() grabbed the first to prove the camera
    assert all(b.t >= a.t for a, b in itertools.pairwise(frames))
