"""A stand-in for the `sounddevice` module: a microphone that calls back when told to."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import numpy as np


class PortAudioError(Exception):
    pass


class _Times:
    def __init__(self, current: float, adc: float) -> None:
        self.currentTime, self.inputBufferAdcTime = current, adc


class FakeInputStream:
    last: FakeInputStream | None = None

    def __init__(
        self, *, callback: Callable[..., None], finished_callback: Callable[[], None], **kw: Any
    ) -> None:
        self.callback, self.finished = callback, finished_callback
        self.options = kw
        self.started = self.closed = False
        FakeInputStream.last = self

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def deliver(self, samples: np.ndarray, *, stream_now: float, adc: float) -> None:
        self.callback(samples.reshape(-1, 1), len(samples), _Times(stream_now, adc), None)

    def unplug(self) -> None:
        self.finished()


def fake_sounddevice(*, has_input: bool = True) -> types.ModuleType:
    module = types.ModuleType("sounddevice")
    module.default = types.SimpleNamespace(device=[0 if has_input else -1, 0])  # type: ignore[attr-defined]
    module.InputStream = FakeInputStream  # type: ignore[attr-defined]
    module.PortAudioError = PortAudioError  # type: ignore[attr-defined]
    return module
