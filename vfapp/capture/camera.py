"""A webcam through OpenCV: negotiate the mode, stamp each frame, notice when it is unplugged."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2

from vfapp.capture.camera_list import platform_backend
from vfapp.capture.frames import CapturedFrame, Image, VideoMode
from vfapp.domain.errors import CameraLost, CameraUnavailable

DEFAULT_MODE = VideoMode(width=1280, height=720, fps=30)
FAILURES_BEFORE_LOST = 5
LOST_AFTER_S = 1.0

CaptureFactory = Callable[..., Any]  # cv2.VideoCapture(device, api), or a test double
_MJPG = cv2.VideoWriter.fourcc(*"MJPG")


def _fourcc_text(value: float) -> str:
    return int(value).to_bytes(4, "little").decode(errors="replace").strip("\0")


class OpenCvCamera:
    """Built-in or USB webcam. On Linux the V4L2 buffer timestamps (CLOCK_MONOTONIC, the
    clock time.monotonic reads) are used; elsewhere the moment the frame was grabbed."""

    def __init__(
        self,
        device: int | str = 0,
        requested: VideoMode = DEFAULT_MODE,
        *,
        capture_factory: CaptureFactory = cv2.VideoCapture,
        backend: int | None = None,
    ) -> None:
        self._device = device
        self._requested = requested
        self._factory = capture_factory
        self._backend = platform_backend() if backend is None else backend
        self._capture: Any = None
        self._mode: VideoMode | None = None
        self._index = 0
        self._msmf_offset: float | None = None
        # V4L2 only: the node vanishing is the surest sign the camera was unplugged.
        by_index = isinstance(device, int) and self._backend == cv2.CAP_V4L2
        self._node = Path(f"/dev/video{device}") if by_index else None

    @property
    def name(self) -> str:
        return f"camera {self._device}"

    @property
    def live(self) -> bool:
        return True

    def open(self) -> VideoMode:
        capture = self._factory(self._device, self._backend)
        if not capture.isOpened():
            raise CameraUnavailable(
                f"camera {self._device} was not found, or another program is using it."
            )
        self._capture = capture
        self._negotiate()
        ok = capture.grab()
        if not ok:
            capture.release()
            raise CameraUnavailable(f"camera {self._device} opened but sent no picture.")
        width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        fps = capture.get(cv2.CAP_PROP_FPS)
        self._mode = VideoMode(
            width=width - width % 2,
            height=height - height % 2,
            fps=fps if fps and 1 <= fps <= 120 else self._requested.fps,
            fourcc=_fourcc_text(capture.get(cv2.CAP_PROP_FOURCC)) or None,
        )
        return self._mode

    def _negotiate(self) -> None:
        """Ask for the mode in the order each backend honours (then read back what we got)."""
        mode, capture = self._requested, self._capture
        size_then_rate = [
            (cv2.CAP_PROP_FRAME_WIDTH, mode.width),
            (cv2.CAP_PROP_FRAME_HEIGHT, mode.height),
            (cv2.CAP_PROP_FPS, mode.fps),
        ]
        if self._backend == cv2.CAP_V4L2:
            # MJPG first: it restarts the stream, and 720p30 needs it on most USB cameras.
            steps = [(cv2.CAP_PROP_FOURCC, _MJPG), *size_then_rate]
        elif self._backend == cv2.CAP_DSHOW:
            steps = [size_then_rate[2], *size_then_rate[:2]]
            steps.append((cv2.CAP_PROP_FOURCC, _MJPG))
        else:  # MSMF and AVFoundation pick the native format closest to size and rate
            steps = size_then_rate
        for prop, value in steps:
            capture.set(prop, value)

    def read(self) -> CapturedFrame:
        capture = self._capture
        assert capture is not None and self._mode is not None, "open() first"
        failures, last_ok = 0, time.monotonic()
        while True:
            if capture.grab():
                arrived = time.monotonic()
                t = self._timestamp(arrived)
                ok, image = capture.retrieve()
                if ok and image is not None:
                    frame = CapturedFrame(image=self._fit(image), t=t, index=self._index)
                    self._index += 1
                    return frame
            failures += 1
            if self._node is not None and not self._node.exists():
                raise CameraLost("it was unplugged")
            if failures >= FAILURES_BEFORE_LOST and time.monotonic() - last_ok > LOST_AFTER_S:
                raise CameraLost("it stopped delivering pictures")
            time.sleep(0.02)

    def _timestamp(self, arrived: float) -> float:
        device_ms = float(self._capture.get(cv2.CAP_PROP_POS_MSEC))
        if self._backend == cv2.CAP_V4L2 and device_ms > 0 and abs(device_ms / 1000 - arrived) < 1:
            return device_ms / 1000  # V4L2: exposure time on CLOCK_MONOTONIC, our clock
        if self._backend == cv2.CAP_MSMF and device_ms > 0:
            # MSMF: device time since the stream started. Frames are never early, so the
            # smallest arrival-minus-device-time so far places the device clock on ours.
            offset = arrived - device_ms / 1000
            self._msmf_offset = (
                offset if self._msmf_offset is None else min(self._msmf_offset, offset)
            )
            return device_ms / 1000 + self._msmf_offset
        assert self._mode is not None
        return arrived - 1 / self._mode.fps  # grabbed when complete: exposure began earlier

    def _fit(self, image: Image) -> Image:
        """Even dimensions, as 4:2:0 encoding needs."""
        assert self._mode is not None
        return image[: self._mode.height, : self._mode.width]

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None
