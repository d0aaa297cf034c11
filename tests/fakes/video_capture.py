"""A scripted stand-in for cv2.VideoCapture: the calls a webcam answers, minus the webcam."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np


class FakeVideoCapture:
    def __init__(
        self,
        *,
        opened: bool = True,
        size: tuple[int, int] = (1280, 720),
        fps: float = 30.0,
        frames: int = 1000,
        buffer_ms: float | None = None,
        fourcc: str = "MJPG",
    ) -> None:
        self.opened = opened
        self.size, self.fps, self.frames_left = size, fps, frames
        self.buffer_ms = buffer_ms
        self.fourcc = fourcc
        self.set_calls: list[tuple[int, float]] = []
        self.released = False

    def __call__(self, device: Any, backend: int) -> FakeVideoCapture:  # acts as the factory
        self.device, self.backend = device, backend
        return self

    def isOpened(self) -> bool:  # noqa: N802 - OpenCV's name
        return self.opened

    def set(self, prop: int, value: float) -> bool:
        self.set_calls.append((prop, value))
        return True

    def get(self, prop: int) -> float:
        if prop == cv2.CAP_PROP_FRAME_WIDTH:
            return float(self.size[0])
        if prop == cv2.CAP_PROP_FRAME_HEIGHT:
            return float(self.size[1])
        if prop == cv2.CAP_PROP_FPS:
            return self.fps
        if prop == cv2.CAP_PROP_FOURCC:
            return float(int.from_bytes(self.fourcc.encode(), "little"))
        if prop == cv2.CAP_PROP_POS_MSEC:
            return self.buffer_ms if self.buffer_ms is not None else -1.0
        return -1.0

    def grab(self) -> bool:
        if self.frames_left <= 0:
            return False
        self.frames_left -= 1
        return True

    def retrieve(self) -> tuple[bool, np.ndarray]:
        width, height = self.size
        return True, np.full((height, width, 3), 90, np.uint8)

    def release(self) -> None:
        self.released = True
