"""Fault-injecting wrappers around the real synthetic sources, and a disk that fills up."""

from __future__ import annotations

import threading

from vfapp.capture.frames import AudioBlock, AudioFormat, CapturedFrame, VideoMode
from vfapp.capture.sources import AudioSource, FrameSource
from vfapp.domain.errors import CameraLost, MicrophoneLost, MicrophoneUnavailable


class CameraThatFails:
    """Delivers `frames` pictures, then reports the camera lost (unplugged)."""

    def __init__(self, inner: FrameSource, frames: int) -> None:
        self._inner, self._left = inner, frames

    name = "failing camera"

    @property
    def live(self) -> bool:
        return self._inner.live

    def open(self) -> VideoMode:
        return self._inner.open()

    def read(self) -> CapturedFrame:
        if self._left <= 0:
            raise CameraLost("it was unplugged")
        self._left -= 1
        return self._inner.read()

    def close(self) -> None:
        self._inner.close()


class CameraThatFreezes(CameraThatFails):
    """Delivers `frames` pictures, then blocks in read() forever, like a hung driver."""

    name = "frozen camera"

    def read(self) -> CapturedFrame:
        if self._left <= 0:
            threading.Event().wait()
        return super().read()


class MicrophoneThatIsAbsent:
    name = "no microphone"
    dropped_blocks = 0

    def open(self) -> AudioFormat:
        raise MicrophoneUnavailable("no microphone was found")

    def read(self) -> AudioBlock:
        raise AssertionError("never opened")

    def close(self) -> None:
        pass


class MicrophoneThatDies:
    """Delivers `blocks` blocks, then reports the microphone lost."""

    def __init__(self, inner: AudioSource, blocks: int) -> None:
        self._inner, self._left = inner, blocks

    name = "dying microphone"
    dropped_blocks = 0

    def open(self) -> AudioFormat:
        return self._inner.open()

    def read(self) -> AudioBlock:
        if self._left <= 0:
            raise MicrophoneLost("the microphone was disconnected")
        self._left -= 1
        return self._inner.read()

    def close(self) -> None:
        self._inner.close()


class DiskThatFills:
    """Free space that shrinks as the recording grows, like a nearly full laptop disk."""

    def __init__(self, free_bytes: int, used_per_probe: int) -> None:
        self.free, self.used_per_probe = free_bytes, used_per_probe

    def free_bytes(self) -> int:
        self.free = max(0, self.free - self.used_per_probe)
        return self.free


class ClosingTracker:
    """Wraps a source and remembers whether it was closed (the webcam light goes off)."""

    def __init__(self, inner: FrameSource | AudioSource) -> None:
        self._inner = inner
        self.closed = False

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    def close(self) -> None:
        self.closed = True
        self._inner.close()
