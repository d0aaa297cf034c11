"""The sound of a film played to an output: trimmed to the range, stretched, looped.

The sound of a range lasts exactly as long as its pictures: `end_s - start_s` divided by the
speed, to the sample, on every loop. Where the track has no sound (it starts late, has a gap
or ends before the pictures) silence is played instead, so sound and pictures keep one clock.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

import av
import av.error
import numpy as np

from vfapp.domain.errors import ChunkDamaged
from vfapp.playback.audio_output import AudioOutput
from vfapp.playback.audio_stretch import Samples, TempoStretcher
from vfapp.playback.frame_index import FORMAT, FrameIndex
from vfapp.vault.frame_indexes import load_frame_index
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.session import Vault

OUTPUT_RATE = 48_000
GAP_S = 0.002  # a hole in the sound longer than this is filled with silence
PAD_BLOCK_S = 0.05  # silence is written in small blocks so a stop is heard at once


@dataclass
class SoundProgress:
    """What the pictures need to know to follow the sound."""

    started: threading.Event = field(default_factory=threading.Event)  # the output plays
    ended: threading.Event = field(default_factory=threading.Event)  # nothing more is written


class SoundClock:
    """At 1x, seconds of sound the card has played. It stands still until the sound starts;
    once the sound has ended (all written, stopped or failed) the wall clock carries on from
    the last reading, so pictures that follow it neither wait forever nor jump."""

    def __init__(
        self, played: Callable[[], float], progress: SoundProgress, clock: Callable[[], float]
    ) -> None:
        self._played, self._progress, self._clock = played, progress, clock
        self._heard, self._at = 0.0, clock()

    def elapsed(self) -> float:
        now = self._clock()
        if self._progress.ended.is_set():
            return self._heard + (now - self._at)
        if self._progress.started.is_set():
            heard = self._played()
            if self._progress.ended.is_set():  # ended while reading: keep the earlier reading
                return self._heard + (now - self._at)
            self._heard = max(self._heard, heard)
        self._at = now
        return self._heard


def play_audio(
    vault: Vault,
    recording_id: UUID,
    output: AudioOutput,
    speed: float,
    start_s: float,
    end_s: float,
    loop: bool,
    stop: threading.Event,
    progress: SoundProgress,
) -> None:
    """Runs on its own thread; the output's blocking writes set the pace. The caller sets
    `progress.ended` when this returns, however it returns."""
    reader = MediaReader(vault, recording_id, allow_partial=True)
    with av.open(reader, "r") as container:
        if not container.streams.audio:
            return
        stream = container.streams.audio[0]
        channels = min(2, stream.codec_context.channels)
        # Media time 0 is the first picture: the sound is placed on the pictures' timeline.
        stored = load_frame_index(vault, recording_id, FORMAT)
        origin = _video_origin_s(container, stored)
        per_loop = (end_s - start_s) / speed * OUTPUT_RATE
        output.start(OUTPUT_RATE, channels)
        progress.started.set()
        finished = False
        try:
            loops = 0
            while not stop.is_set():
                wanted = round((loops + 1) * per_loop) - round(loops * per_loop)
                sink = _Budget(output, wanted, channels, stop)
                _play_once(container, stream, sink, speed, start_s, end_s, origin, channels)
                loops += 1
                if not loop:
                    break
            finished = not stop.is_set()
        except (av.error.FFmpegError, ChunkDamaged):
            pass  # the pictures report damage; the sound simply ends there
        finally:
            progress.ended.set()  # before the drain: the pictures go on by the wall clock
            with contextlib.suppress(Exception):
                output.stop(drain=finished)  # the last ~latency of a film is heard too


class _Budget:
    """Writes at most `samples` sample frames to the output, and pads with silence to them."""

    def __init__(
        self, output: AudioOutput, samples: int, channels: int, stop: threading.Event
    ) -> None:
        self.output, self.left, self.channels, self.stop = output, samples, channels, stop

    def write(self, data: Samples) -> None:
        frames = min(data.size // self.channels, self.left)
        if frames > 0 and not self.stop.is_set():
            self.output.write(data[: frames * self.channels])
            self.left -= frames

    def pad(self) -> None:
        block = np.zeros(round(PAD_BLOCK_S * OUTPUT_RATE) * self.channels, np.float32)
        while self.left > 0 and not self.stop.is_set():
            self.write(block)


def _video_origin_s(container: av.container.InputContainer, stored: bytes | None) -> float:
    if stored is not None:
        index = FrameIndex.from_bytes(stored)
        return float(index.pts[0] * index.time_base)
    video = container.streams.video[0] if container.streams.video else None
    if video is None or video.start_time is None or video.time_base is None:
        return 0.0
    return float(video.start_time * video.time_base)


def _play_once(
    container: av.container.InputContainer,
    stream: av.AudioStream,
    sink: _Budget,
    speed: float,
    start_s: float,
    end_s: float,
    origin: float,
    channels: int,
) -> None:
    stretcher = TempoStretcher(speed, OUTPUT_RATE, channels) if speed != 1.0 else _Plain(channels)
    if stream.time_base is not None:
        container.seek(int((origin + start_s) / stream.time_base), stream=stream, backward=True)
    cursor = start_s  # media time the sound has been written up to
    for frame in container.decode(stream):
        if sink.stop.is_set():
            return
        if frame.time is None:
            continue
        begins = frame.time - origin
        ends = begins + frame.samples / frame.sample_rate
        if ends <= start_s:
            continue
        if begins >= end_s or sink.left <= 0:
            break
        if begins - cursor > GAP_S:  # the track starts late or has a hole: silence there
            for silence in _silence_like(frame, begins - cursor):
                sink.write(stretcher.push(silence))
        part = _within(frame, begins, start_s, end_s)
        if part is not None:
            sink.write(stretcher.push(part))
        cursor = max(cursor, min(ends, end_s))
    sink.write(stretcher.flush())
    sink.pad()  # a track shorter than the range: silence to its end


class _Plain:
    """At 1x no stretching, only the output's format: atempo, even at 1.0, moves the sound
    by up to ~20 ms, and at 1x the sound is the clock the pictures follow."""

    def __init__(self, channels: int) -> None:
        layout = "mono" if channels == 1 else "stereo"
        self._resampler = av.AudioResampler(format="flt", layout=layout, rate=OUTPUT_RATE)

    def push(self, frame: av.AudioFrame | None) -> Samples:
        if frame is not None:
            frame.pts = None  # cut and silent pieces have none: the resampler counts for itself
        pieces = [out.to_ndarray().reshape(-1) for out in self._resampler.resample(frame)]
        return np.concatenate(pieces).astype(np.float32) if pieces else np.zeros(0, np.float32)

    def flush(self) -> Samples:
        return self.push(None)


def _silence_like(frame: av.AudioFrame, seconds: float) -> list[av.AudioFrame]:
    """`seconds` of silence in `frame`'s format, in pieces of at most a second."""
    rate, width = frame.sample_rate, len(frame.layout.channels)
    dtype = frame.to_ndarray().dtype
    pieces, left = [], round(seconds * rate)
    while left > 0:
        count = min(left, rate)
        shape = (width, count) if frame.format.is_planar else (1, count * width)
        piece = av.AudioFrame.from_ndarray(
            np.zeros(shape, dtype),
            format=frame.format.name,
            layout=frame.layout.name,
        )
        piece.sample_rate = rate
        pieces.append(piece)
        left -= count
    return pieces


def _within(
    frame: av.AudioFrame, begins: float, start_s: float, end_s: float
) -> av.AudioFrame | None:
    """The part of a decoded frame inside the range (None if nothing), cut before stretching
    so the sound lasts exactly the range's length divided by the speed."""
    rate, count = frame.sample_rate, frame.samples
    first = max(0, round((start_s - begins) * rate))
    last = min(count, round((end_s - begins) * rate))
    if last <= first:
        return None
    if first == 0 and last == count:
        return frame
    data = frame.to_ndarray()
    cut = (
        data[:, first:last]
        if frame.format.is_planar
        else data[:, first * len(frame.layout.channels) : last * len(frame.layout.channels)]
    )
    part = av.AudioFrame.from_ndarray(
        np.ascontiguousarray(cut),  # type: ignore[arg-type]  # the decoder's own sample type
        format=frame.format.name,
        layout=frame.layout.name,
    )
    part.sample_rate = rate
    return part
