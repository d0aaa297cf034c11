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
        """Seconds of sound actually heard since `start`; after `stop` it keeps the value it
        had when the sound ended (it never falls back to zero)."""
        ...

    def stop(self, *, drain: bool = False) -> None:
        """End the sound: `drain` lets what is queued play out first (the end of a film);
        without it the queue is dropped at once (the user pressed stop)."""
        ...


class SoundDeviceOutput:
    """The default speaker or headphones."""

    def __init__(self) -> None:
        self._stream: Any = None
        self._written = 0
        self._rate = 48_000
        self._channels = 1
        self._final_s = 0.0  # what had been heard when the last stream ended

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
        self._final_s = 0.0
        self._stream = sounddevice.OutputStream(
            samplerate=sample_rate, channels=channels, dtype="float32"
        )
        self._stream.start()

    def write(self, samples: Samples) -> None:
        if self._stream is not None and samples.size:
            self._stream.write(samples.reshape(-1, self._channels))
            self._written += samples.size // self._channels

    def played_s(self) -> float:
        stream = self._stream
        if stream is None:
            return self._final_s
        return max(0.0, self._written / self._rate - float(stream.latency))

    def stop(self, *, drain: bool = False) -> None:
        stream = self._stream
        if stream is None:
            return
        heard = self.played_s()
        with contextlib.suppress(Exception):
            if drain:
                stream.stop()  # PortAudio returns once every queued sample has been played
                heard = self._written / self._rate
            else:
                stream.abort()
            stream.close()
        self._final_s, self._stream = heard, None
