"""Where sound goes: the default output device through PortAudio, or nowhere."""

from __future__ import annotations

import contextlib
from typing import Any, Protocol

from vfapp.playback.audio_stretch import Samples


class AudioOutput(Protocol):
    """Plays interleaved float32 samples; its progress is the playback clock at 1x."""

    def start(self, sample_rate: int, channels: int) -> None: ...

    def write(self, samples: Samples) -> None:
        """Queue samples for playing; blocks while the device's buffer is full."""
        ...

    def played_s(self) -> float:
        """Seconds of sound actually heard since `start`."""
        ...

    def stop(self) -> None: ...


class SoundDeviceOutput:
    """The default speaker or headphones."""

    def __init__(self) -> None:
        self._stream: Any = None
        self._written = 0
        self._rate = 48_000
        self._channels = 1

    @staticmethod
    def available() -> bool:
        try:
            import sounddevice

            return bool(sounddevice.default.device[1] >= 0)
        except (ImportError, OSError):
            return False

    def start(self, sample_rate: int, channels: int) -> None:
        import sounddevice

        self._rate, self._channels, self._written = sample_rate, channels, 0
        self._stream = sounddevice.OutputStream(
            samplerate=sample_rate, channels=channels, dtype="float32"
        )
        self._stream.start()

    def write(self, samples: Samples) -> None:
        if self._stream is not None and samples.size:
            self._stream.write(samples.reshape(-1, self._channels))
            self._written += samples.size // self._channels

    def played_s(self) -> float:
        if self._stream is None:
            return 0.0
        return max(0.0, self._written / self._rate - float(self._stream.latency))

    def stop(self) -> None:
        if self._stream is not None:
            with contextlib.suppress(Exception):
                self._stream.abort()
                self._stream.close()
            self._stream = None
