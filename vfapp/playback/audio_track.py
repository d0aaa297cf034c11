"""The sound of a film played to an output: trimmed to the range, stretched, looped."""

from __future__ import annotations

import contextlib
import threading
from uuid import UUID

import av
import av.error
import numpy as np

from vfapp.domain.errors import ChunkDamaged
from vfapp.playback.audio_output import AudioOutput
from vfapp.playback.audio_stretch import TempoStretcher
from vfapp.playback.frame_index import FORMAT, FrameIndex
from vfapp.vault.frame_indexes import load_frame_index
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.session import Vault

OUTPUT_RATE = 48_000


def play_audio(
    vault: Vault,
    recording_id: UUID,
    output: AudioOutput,
    speed: float,
    start_s: float,
    end_s: float | None,
    loop: bool,
    stop: threading.Event,
) -> None:
    """Runs on its own thread; the output's blocking writes set the pace."""
    reader = MediaReader(vault, recording_id, allow_partial=True)
    with av.open(reader, "r") as container:
        if not container.streams.audio:
            return
        stream = container.streams.audio[0]
        channels = min(2, stream.codec_context.channels)
        # Media time 0 is the first picture: the sound is placed on the pictures' timeline.
        stored = load_frame_index(vault, recording_id, FORMAT)
        origin = _video_origin_s(container, stored)
        output.start(OUTPUT_RATE, channels)
        try:
            while not stop.is_set():
                _play_once(container, stream, output, speed, start_s, end_s, origin, channels, stop)
                if not loop:
                    return
        except (av.error.FFmpegError, ChunkDamaged):
            return  # the pictures report damage; the sound simply ends there
        finally:
            with contextlib.suppress(Exception):
                output.stop()


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
    output: AudioOutput,
    speed: float,
    start_s: float,
    end_s: float | None,
    origin: float,
    channels: int,
    stop: threading.Event,
) -> None:
    stretcher = TempoStretcher(speed, OUTPUT_RATE, channels)
    if stream.time_base is not None:
        container.seek(int((origin + start_s) / stream.time_base), stream=stream, backward=True)
    for frame in container.decode(stream):
        if stop.is_set() or frame.time is None:
            return
        begins = frame.time - origin
        ends = begins + frame.samples / frame.sample_rate
        if ends <= start_s:
            continue
        if end_s is not None and begins >= end_s:
            break
        output.write(stretcher.push(_within(frame, begins, start_s, end_s)))
    output.write(stretcher.flush())


def _within(
    frame: av.AudioFrame, begins: float, start_s: float, end_s: float | None
) -> av.AudioFrame:
    """The part of a decoded frame inside the range, cut before stretching so the sound
    lasts exactly the range's length divided by the speed."""
    rate, count = frame.sample_rate, frame.samples
    first = max(0, round((start_s - begins) * rate))
    last = count if end_s is None else min(count, round((end_s - begins) * rate))
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
