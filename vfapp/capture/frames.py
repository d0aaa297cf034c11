"""What sources hand to the recorder: frames and audio blocks stamped by one monotonic clock."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field

Image = npt.NDArray[np.uint8]
Samples = npt.NDArray[np.float32]


class VideoMode(BaseModel):
    model_config = ConfigDict(frozen=True)

    width: int = Field(gt=0)
    height: int = Field(gt=0)
    fps: float = Field(gt=0)
    fourcc: str | None = None  # what a camera delivers (MJPG, YUYV), when known

    def label(self) -> str:
        return f"{self.width}x{self.height} at {self.fps:g} fps"


class AudioFormat(BaseModel):
    model_config = ConfigDict(frozen=True)

    sample_rate: int = 48_000
    channels: Literal[1] = 1  # one microphone, recorded mono: what feedback sessions need


@dataclass(frozen=True, slots=True)
class CapturedFrame:
    """One picture, BGR as OpenCV delivers it, with its capture time (clock seconds)."""

    image: Image
    t: float
    index: int


@dataclass(frozen=True, slots=True)
class AudioBlock:
    """Mono float32 samples; `t` is the capture time of the first sample (clock seconds)."""

    samples: Samples
    t: float


class Clock(Protocol):
    def now(self) -> float: ...

    def sleep_until(self, t: float) -> None: ...


class MonotonicClock:
    """The one clock every live source stamps with (time.monotonic: CLOCK_MONOTONIC)."""

    def now(self) -> float:
        return time.monotonic()

    def sleep_until(self, t: float) -> None:
        delay = t - time.monotonic()
        if delay > 0:
            time.sleep(delay)
