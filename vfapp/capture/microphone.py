"""The default microphone through PortAudio (sounddevice), stamped on the monotonic clock."""

from __future__ import annotations

import contextlib
import queue
import time
from collections import deque
from typing import Any

import numpy as np

from vfapp.capture.frames import AudioBlock, AudioFormat
from vfapp.domain.errors import MicrophoneLost, MicrophoneUnavailable

SILENCE_IS_LOSS_S = 0.5  # PortAudio may simply stop calling back when a device goes away


class BlockClock:
    """Capture time of each block when the driver gives no ADC time (WMME, DirectSound,
    some CoreAudio input streams): callbacks are never early, so the earliest arrival
    minus the samples so far, over the last few seconds, is when sample 0 was taken."""

    def __init__(self, sample_rate: int, window_s: float = 3.0) -> None:
        self._rate = sample_rate
        self._window_s = window_s
        self._samples = 0
        self._anchors: deque[tuple[float, float]] = deque()

    def stamp(self, arrived: float, frames: int) -> float:
        anchor = arrived - (self._samples + frames) / self._rate
        self._anchors.append((arrived, anchor))
        while self._anchors and arrived - self._anchors[0][0] > self._window_s:
            self._anchors.popleft()
        t = min(a for _, a in self._anchors) + self._samples / self._rate
        self._samples += frames
        return t

    def reset(self) -> None:
        self._samples = 0
        self._anchors.clear()


class SoundDeviceMicrophone:
    def __init__(
        self, device: int | str | None = None, audio: AudioFormat | None = None, block: int = 480
    ) -> None:
        self._device = device
        self._format = audio or AudioFormat()
        self._block = block
        self._blocks: queue.Queue[AudioBlock | None] = queue.Queue(maxsize=1000)
        self._stream: Any = None
        self._clock = BlockClock(self._format.sample_rate)
        self.overflows = 0  # the driver's own buffer overran (samples lost before us)
        self.dropped_blocks = 0  # blocks we could not queue

    @property
    def name(self) -> str:
        return "microphone"

    def open(self) -> AudioFormat:
        try:
            import sounddevice
        except (ImportError, OSError):
            raise MicrophoneUnavailable("the sound library PortAudio is not installed") from None
        try:
            if self._device is None and sounddevice.default.device[0] < 0:
                raise MicrophoneUnavailable("no microphone was found")
            self._stream = sounddevice.InputStream(
                device=self._device,
                samplerate=self._format.sample_rate,
                channels=self._format.channels,
                dtype="float32",
                blocksize=self._block,
                callback=self._on_block,
                finished_callback=self._on_finished,
            )
            self._stream.start()
        except (sounddevice.PortAudioError, ValueError) as error:
            raise MicrophoneUnavailable("no microphone could be opened") from error
        return self._format

    def _on_block(self, data: np.ndarray, frames: int, times: Any, status: Any) -> None:
        arrived = time.monotonic()
        if status and status.input_overflow:
            self.overflows += 1
            self._clock.reset()
        if times.inputBufferAdcTime > 0:
            t = arrived - (times.currentTime - times.inputBufferAdcTime)
        else:
            t = self._clock.stamp(arrived, frames)
        try:
            self._blocks.put_nowait(AudioBlock(samples=data[:, 0].astype(np.float32), t=t))
        except queue.Full:
            self.dropped_blocks += 1

    def _on_finished(self) -> None:
        with contextlib.suppress(queue.Full):
            self._blocks.put_nowait(None)

    def read(self) -> AudioBlock:
        try:
            block = self._blocks.get(timeout=SILENCE_IS_LOSS_S)
        except queue.Empty:
            raise MicrophoneLost("no sound arrived for half a second") from None
        if block is None:
            raise MicrophoneLost("the microphone was disconnected")
        return block

    def close(self) -> None:
        if self._stream is not None:
            with contextlib.suppress(Exception):
                self._stream.stop()
                self._stream.close()
            self._stream = None
        with contextlib.suppress(queue.Full):
            self._blocks.put_nowait(None)
