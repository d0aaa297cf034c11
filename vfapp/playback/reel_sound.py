"""A reel's sound: a film's track cut to a moment's span on the pictures' timeline, as 48 kHz
stereo samples lasting exactly as long as the span (silence where the film has none)."""

from __future__ import annotations

from uuid import UUID

import av
import av.error
import numpy as np
import numpy.typing as npt

from vfapp.domain.errors import ChunkDamaged
from vfapp.playback.frame_index import FrameIndex
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.session import Vault

RATE = 48_000
CHANNELS = 2
Samples = npt.NDArray[np.float32]  # (CHANNELS, n), planar


def has_sound(vault: Vault, recording_id: UUID) -> bool:
    with av.open(MediaReader(vault, recording_id, allow_partial=True), "r") as container:
        return bool(container.streams.audio)


def span_sound(
    vault: Vault, recording_id: UUID, index: FrameIndex, start_s: float, end_s: float, count: int
) -> Samples:
    """`count` samples of the film's sound from `start_s` to `end_s` (seconds after its first
    picture), resampled to 48 kHz stereo; silence where the track has nothing."""
    out = np.zeros((CHANNELS, count), np.float32)
    reader = MediaReader(vault, recording_id, allow_partial=True)
    with av.open(reader, "r") as container:
        if not container.streams.audio:
            return out
        stream = container.streams.audio[0]
        rate = stream.rate or RATE
        origin = float(index.pts[0] * index.time_base)  # media time of the first picture
        native = np.zeros((CHANNELS, round((end_s - start_s) * rate)), np.float32)
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=rate)
        if stream.time_base is not None:
            seek = max(0.0, origin + start_s - 0.5)
            container.seek(int(seek / stream.time_base), stream=stream, backward=True)
        try:
            for frame in container.decode(stream):
                if frame.time is None:
                    continue
                begins = frame.time - origin
                if begins >= end_s:
                    break
                if begins + frame.samples / frame.sample_rate <= start_s:
                    continue
                frame.pts = None  # the resampler only changes the layout here: count for itself
                for converted in resampler.resample(frame):
                    data = converted.to_ndarray().astype(np.float32, copy=False)
                    _place(native, data, round((begins - start_s) * rate))
                    begins += converted.samples / rate
        except (av.error.FFmpegError, ChunkDamaged):
            pass  # the pictures report damage; the sound is silent from there
    return _to_rate(native, rate, count)


def _place(buffer: Samples, data: npt.NDArray[np.float32], at: int) -> None:
    """Copy `data` (channels, n) into `buffer` from sample `at`, clipped to the buffer."""
    first, last = max(0, at), min(buffer.shape[1], at + data.shape[1])
    if last > first:
        buffer[:, first:last] = data[:CHANNELS, first - at : last - at]


def _to_rate(native: Samples, rate: int, count: int) -> Samples:
    if rate != RATE and native.shape[1]:
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(native), format="fltp", layout="stereo"
        )
        frame.sample_rate = rate
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=RATE)
        pieces = [f.to_ndarray() for f in [*resampler.resample(frame), *resampler.resample(None)]]
        native = np.concatenate(pieces, axis=1) if pieces else np.zeros((CHANNELS, 0), np.float32)
    out = np.zeros((CHANNELS, count), np.float32)
    size = min(count, native.shape[1])
    out[:, :size] = native[:, :size]
    return out
