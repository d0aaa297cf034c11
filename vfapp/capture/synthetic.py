"""The demo camera and microphone: a moving scene with a clock, a flash and a beep each second.

The flash and the beep mark the same instants, so A/V sync can be measured on any recording.
Live, both pace themselves against the real clock; in fast mode (tests, benchmarks) the
microphone follows the camera's progress, so both run as fast as the recorder can take them.
"""

from __future__ import annotations

import math
import threading

import cv2
import numpy as np

from vfapp.capture.frames import (
    AudioBlock,
    AudioFormat,
    CapturedFrame,
    Clock,
    Image,
    MonotonicClock,
    Samples,
    VideoMode,
)
from vfapp.domain.errors import MicrophoneLost

BEEP_HZ = 1000.0
BEEP_SECONDS = 0.06
FLASH_PATCH = (slice(0, 1 / 4), slice(0, 1 / 4))  # top-left quarter, as fractions of H and W


class SyntheticTimeline:
    """The shared start time, and in fast mode the camera's progress for the microphone."""

    def __init__(self, *, live: bool = True, clock: Clock | None = None) -> None:
        self.live = live
        self.clock = clock or MonotonicClock()
        self.start: float | None = None
        self._progress = -math.inf
        self._changed = threading.Condition()
        self._closed = False

    def begin(self) -> float:
        with self._changed:
            if self.start is None:
                self.start = self.clock.now()
            return self.start

    def advance(self, t: float) -> None:
        with self._changed:
            self._progress = t
            self._changed.notify_all()

    def wait_for(self, t: float) -> bool:
        """Fast mode: wait until the camera has reached `t`; False once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._progress >= t)
            return not self._closed

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()


class SyntheticCamera:
    """A textured scene panning left, a bouncing ball, a running clock, a flash each second."""

    def __init__(self, mode: VideoMode, timeline: SyntheticTimeline) -> None:
        self._mode = mode
        self._timeline = timeline
        self._index = 0
        self._background = _texture(mode.height, mode.width + 2 * mode.width)
        self._frame = np.empty((mode.height, mode.width, 3), np.uint8)

    @property
    def name(self) -> str:
        return "synthetic camera"

    @property
    def live(self) -> bool:
        return self._timeline.live

    def open(self) -> VideoMode:
        self._timeline.begin()
        return self._mode

    def read(self) -> CapturedFrame:
        start = self._timeline.start
        assert start is not None, "open() first"
        scheduled = start + self._index / self._mode.fps
        if self.live:
            # Like a real camera's buffer timestamp: the moment of exposure, however late
            # the frame is read.
            self._timeline.clock.sleep_until(scheduled)
        image = self._draw(self._index)
        frame = CapturedFrame(image=image, t=scheduled, index=self._index)
        self._index += 1
        self._timeline.advance(scheduled)
        return frame

    def close(self) -> None:
        self._timeline.close()

    def _draw(self, index: int) -> Image:
        mode, frame = self._mode, self._frame
        offset = (index * 4) % (2 * mode.width)
        np.copyto(frame, self._background[:, offset : offset + mode.width])
        seconds = index / mode.fps
        x = int((0.5 + 0.4 * math.sin(seconds * 1.3)) * mode.width)
        y = int((0.5 + 0.35 * math.cos(seconds * 2.1)) * mode.height)
        cv2.circle(frame, (x, y), max(8, mode.height // 12), (40, 180, 250), -1)
        if is_flash_frame(index, mode.fps):
            rows, cols = flash_patch(mode)
            frame[rows, cols] = 255
        scale = mode.height / 360
        text = f"{int(seconds // 60):02d}:{seconds % 60:06.3f}  #{index}"
        origin = (int(20 * scale), mode.height - int(20 * scale))
        cv2.putText(
            frame, text, origin, cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), int(4 * scale) + 1
        )
        cv2.putText(
            frame, text, origin, cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), int(scale) + 1
        )
        return frame.copy()


def is_flash_frame(index: int, fps: float) -> bool:
    """The first frame at or after each whole second of the timeline."""
    return index == 0 or math.floor(index / fps) > math.floor((index - 1) / fps)


def flash_patch(mode: VideoMode) -> tuple[slice, slice]:
    rows, cols = FLASH_PATCH
    return (
        slice(int(rows.start * mode.height), int(rows.stop * mode.height)),
        slice(int(cols.start * mode.width), int(cols.stop * mode.width)),
    )


def _texture(height: int, width: int) -> Image:
    """Soft blotches, a little grain and gradients: closer to a room than to TV static,
    so encoder speed and bitrate are realistic."""
    rng = np.random.default_rng(7)

    def layer(scale: int) -> np.ndarray:
        coarse = rng.integers(0, 256, (height // scale + 2, width // scale + 2, 3), np.uint8)
        return cv2.resize(coarse, (width, height), interpolation=cv2.INTER_CUBIC).astype(np.float32)

    grad_x = np.linspace(0, 90, width, dtype=np.float32)[None, :, None]
    grad_y = np.linspace(0, 60, height, dtype=np.float32)[:, None, None]
    mixed = 0.6 * layer(24) + 0.12 * layer(3) + grad_x + grad_y
    grey = mixed.mean(axis=2, keepdims=True)
    mixed = 0.7 * grey + 0.3 * mixed + np.array([10, 0, -10], np.float32)  # muted, warm
    texture: Image = np.clip(mixed, 0, 255).astype(np.uint8)
    return texture


class SyntheticMicrophone:
    """Quiet room noise, and a 1 kHz beep starting exactly on each whole second."""

    def __init__(
        self, timeline: SyntheticTimeline, audio: AudioFormat | None = None, block: int = 480
    ) -> None:
        self._timeline = timeline
        self._format = audio or AudioFormat()
        self._block = block
        self._position = 0
        self._rng = np.random.default_rng(11)

    @property
    def name(self) -> str:
        return "synthetic microphone"

    @property
    def dropped_blocks(self) -> int:
        return 0

    def open(self) -> AudioFormat:
        self._timeline.begin()
        return self._format

    def read(self) -> AudioBlock:
        start = self._timeline.start
        assert start is not None, "open() first"
        rate = self._format.sample_rate
        first, count = self._position, self._block
        t = start + first / rate
        end = start + (first + count) / rate
        if self._timeline.live:
            self._timeline.clock.sleep_until(end)
        elif not self._timeline.wait_for(end):
            raise MicrophoneLost("the synthetic timeline closed")
        self._position += count
        return AudioBlock(samples=self._samples(first, count), t=t)

    def close(self) -> None:
        self._timeline.close()

    def _samples(self, first: int, count: int) -> Samples:
        rate = self._format.sample_rate
        n = np.arange(first, first + count)
        samples = self._rng.normal(0, 0.005, count).astype(np.float32)
        within_second = n % rate
        beeping = within_second < int(BEEP_SECONDS * rate)
        samples[beeping] += 0.5 * np.sin(2 * np.pi * BEEP_HZ * within_second[beeping] / rate)
        return samples
