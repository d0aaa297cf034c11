"""The protocols every camera and microphone (real, synthetic or file) sits behind."""

from __future__ import annotations

from typing import Protocol

from vfapp.capture.frames import AudioBlock, AudioFormat, CapturedFrame, VideoMode


class FrameSource(Protocol):
    """A camera. `read` blocks until the next frame; raises CameraLost or SourceEnded."""

    @property
    def name(self) -> str: ...

    @property
    def live(self) -> bool:
        """True when frames arrive in real time: one that cannot be queued is dropped."""
        ...

    def open(self) -> VideoMode: ...

    def read(self) -> CapturedFrame: ...

    def close(self) -> None: ...


class AudioSource(Protocol):
    """A microphone. `read` blocks until the next block; raises MicrophoneLost."""

    @property
    def name(self) -> str: ...

    def open(self) -> AudioFormat: ...

    def read(self) -> AudioBlock: ...

    def close(self) -> None: ...

    @property
    def dropped_blocks(self) -> int:
        """Blocks the source itself had to discard (a full buffer), for the statistics."""
        ...
