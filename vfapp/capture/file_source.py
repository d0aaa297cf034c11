"""A video file played as if it were a camera: in real time, or as fast as it can be read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import av.error

from vfapp.capture.frames import CapturedFrame, Clock, MonotonicClock, VideoMode
from vfapp.domain.errors import CameraLost, CameraUnavailable, SourceEnded


class FileCamera:
    def __init__(self, path: Path, *, live: bool = True, clock: Clock | None = None) -> None:
        self._path = path
        self._live = live
        self._clock = clock or MonotonicClock()
        self._container: Any = None
        self._frames: Iterator[Any] | None = None
        self._mode: VideoMode | None = None
        self._start = 0.0
        self._index = 0

    @property
    def name(self) -> str:
        return "video file"

    @property
    def live(self) -> bool:
        return self._live

    def open(self) -> VideoMode:
        try:
            self._container = av.open(str(self._path))
        except (av.error.FFmpegError, OSError):
            raise CameraUnavailable("the file could not be opened as a video.") from None
        if not self._container.streams.video:
            self._container.close()
            raise CameraUnavailable("the file has no picture in it.")
        stream = self._container.streams.video[0]
        stream.thread_type = "AUTO"
        rate = stream.average_rate or stream.guessed_rate
        self._mode = VideoMode(
            width=stream.width - stream.width % 2,
            height=stream.height - stream.height % 2,
            fps=float(rate) if rate else 30.0,
        )
        self._frames = self._container.decode(stream)
        self._start = self._clock.now()
        return self._mode

    def read(self) -> CapturedFrame:
        assert self._frames is not None and self._mode is not None, "open() first"
        try:
            frame = next(self._frames)
        except StopIteration:
            raise SourceEnded() from None
        except av.error.FFmpegError:
            raise CameraLost(f"the file is damaged after {self._index} pictures") from None
        offset = float(frame.time) if frame.time is not None else self._index / self._mode.fps
        scheduled = self._start + offset
        if self._live:
            self._clock.sleep_until(scheduled)
        image = frame.to_ndarray(format="bgr24")[: self._mode.height, : self._mode.width]
        captured = CapturedFrame(image=image, t=scheduled, index=self._index)
        self._index += 1
        return captured

    def close(self) -> None:
        if self._container is not None:
            self._container.close()
            self._container = None
