"""Shared parts of import (`importer`): reading a source strictly, and carrying H.264 and AAC
across unchanged.

Each handler takes the source's packets and hands back packets for the output, timed from
the film's time zero: the source instant where the video track starts (`origin_s`; the first
picture shows a B-frame delay later, as in a recording). Sound is held until the pictures tell
that instant and then starts exactly there, so every track starts at timestamp zero: the
fragmented MP4 muxer would otherwise stretch a late track's first packet to reach back to zero.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import av
import av.error

PROBE_PACKETS = 300  # how far `first_moments` reads at most
STRICT = {"err_detect": "explode"}  # a damaged packet raises instead of being patched over


class Damaged(Exception):
    """A picture that cannot be read (cut short, or refused by the decoder): the file's
    damage starts here."""


class TrimmedAway(Exception):
    """A picture the file's edit list cuts away (a phone's "trim"): copying cannot leave it
    out exactly, since the kept pictures after it may need it to decode; convert instead."""


def decode_strictly(stream: Any, packet: Any) -> list[Any]:
    if packet is not None and packet.is_corrupt:
        raise Damaged
    try:
        return list(stream.decode(packet))
    except av.error.FFmpegError:
        raise Damaged from None


def seconds(value: int | None, time_base: Fraction | None) -> float | None:
    return float(value * time_base) if value is not None and time_base else None


def move(packets: list[Any], by: int) -> list[Any]:
    """Shift packets earlier by `by` (in their own time base)."""
    for packet in packets:
        packet.dts -= by
        packet.pts = None if packet.pts is None else packet.pts - by
    return packets


def frame_step(stream: Any) -> float:
    """The nominal time between pictures (1/30 s when the file does not say)."""
    rate = stream.average_rate or stream.guessed_rate or stream.base_rate
    return float(1 / rate) if rate and rate > 0 else 1 / 30


class DtsRepair:
    """Gives every copied picture a decode time the MP4 muxer accepts.

    Matroska stores none, and after a keyframe followed by B-frames FFmpeg cannot infer the
    first few: those are held until the first known one, then numbered back from it a frame
    apart, never later than their own presentation time.
    """

    def __init__(self, stream: Any) -> None:
        self._step = max(1, round(frame_step(stream) / stream.time_base))
        self._held: list[Any] = []
        self._last: int | None = None

    def push(self, packet: Any) -> list[Any]:
        if packet.dts is None and self._last is None:
            self._held.append(packet)
            return []
        if packet.dts is None or (self._last is not None and packet.dts <= self._last):
            last = self._last if self._last is not None else packet.pts - self._step
            packet.dts = max(last + 1, min(packet.pts, last + self._step))
        return self._release(packet.dts, [packet])

    def flush(self) -> list[Any]:
        ends = [p.pts for p in self._held]
        return self._release(max(ends) + self._step, []) if ends else []

    def _release(self, anchor: int, after: list[Any]) -> list[Any]:
        held, self._held = self._held, []
        for packet in reversed(held):
            anchor = min(anchor - self._step, packet.pts)
            packet.dts = anchor
        released = held + after
        if released:
            self._last = released[-1].dts
        return released


class VideoCopy:
    """Copies H.264 packets unchanged, decoding each first (one at a time, so an error
    belongs to the packet that caused it): the first damaged packet ends the copy."""

    def __init__(self, out: Any, source: Any) -> None:
        self._source = source
        source.codec_context.options = STRICT
        source.thread_type = "NONE"
        self.stream = out.add_stream_from_template(source)
        self.stream.set_display_rotation(0)  # the turn is kept in the vault, not in the file
        self._repair = DtsRepair(source)
        self._keyed = False
        self.started = False  # a packet has decoded
        self.start_s: float | None = None  # source time of the first picture copied
        self.origin_s: float | None = None  # source instant of the film's time zero
        self._zero = 0  # the same, in the source's time base
        self._decoded_until_s = 0.0  # decode time where the last picture copied ends

    @property
    def end_s(self) -> float:
        """Where the copied pictures end, as the stored track will say (by decode times: a
        B-frame lost to damage does not count)."""
        return (self.start_s or 0.0) + self._decoded_until_s - (self.origin_s or 0.0)

    def push(self, packet: Any) -> list[Any]:
        if packet.is_discard:
            raise TrimmedAway
        if not (self._keyed or packet.is_keyframe):
            return []  # a picture before the first keyframe cannot be shown
        decode_strictly(self._source, packet)
        self._keyed = self.started = True
        return self._out(self._repair.push(packet))

    def flush(self, *, decoder: bool = True) -> list[Any]:
        return self._out(self._repair.flush())

    def _out(self, packets: list[Any]) -> list[Any]:
        for packet in packets:
            shown = seconds(packet.pts, packet.time_base) or 0.0
            lasts = seconds(packet.duration, packet.time_base) or frame_step(self._source)
            self.start_s = shown if self.start_s is None else min(self.start_s, shown)
            self._decoded_until_s = (seconds(packet.dts, packet.time_base) or 0.0) + lasts
            if self.origin_s is None:
                self.origin_s, self._zero = seconds(packet.dts, packet.time_base), packet.dts
            packet.stream = self.stream
        return move(packets, self._zero)


class AudioCopy:
    """Copies AAC packets unchanged, from the one whose sound starts nearest time zero.
    Packets the file's edit list cuts away (the encoder's priming, a trim) are left out."""

    def __init__(self, out: Any, source: Any) -> None:
        self.stream = out.add_stream_from_template(source)
        self._held: list[Any] = []
        self._origin_s: float | None = None
        self._zero: int | None = None  # the first packet copied: it plays at time zero

    def push(self, packet: Any) -> list[Any]:
        if packet.is_corrupt or packet.pts is None or packet.is_discard:
            return []  # a packet cut short by a truncated file, or one not meant to be heard
        if packet.dts is None:
            packet.dts = packet.pts
        self._held.append(packet)
        return self._release()

    def start(self, origin_s: float) -> list[Any]:
        self._origin_s = origin_s
        return self._release()

    def flush(self) -> list[Any]:
        return self._release()

    def _release(self) -> list[Any]:
        if self._origin_s is None:
            return []
        ready, self._held, kept = self._held, [], []
        for packet in ready:
            if self._zero is None:
                # Start with the packet whose sound begins within half a packet of time zero.
                half = (seconds(packet.duration, packet.time_base) or 0.0) / 2
                if (seconds(packet.pts, packet.time_base) or 0.0) + half >= self._origin_s:
                    self._zero = packet.pts
            if self._zero is not None:
                packet.stream = self.stream
                kept.append(packet)
        return move(kept, self._zero or 0)


@dataclass(frozen=True)
class Moments:
    frame: Any  # the first picture, or None if none could be decoded
    first_dts_s: float | None  # decode time of the picture a copy would start with
    first_audio_s: float | None  # time of the first sound packet
    trimmed: bool  # the file's edit list cuts pictures away at its start


def first_moments(source: Any, video: Any, audio: Any) -> Moments:
    """Read the start of the file: the first picture, and where copied streams would begin."""
    frame, audio_s, trimmed, count = None, None, False, 0
    repair, keyed, first = DtsRepair(video), False, list[Any]()
    packets = source.demux(*[s for s in (video, audio) if s is not None])
    with ignoring_errors():  # damage this early: whatever was found stands
        for packet in packets:
            enough = frame is not None and first and (audio is None or audio_s is not None)
            if count > PROBE_PACKETS or enough:
                break
            if packet.size == 0 or packet.pts is None:
                continue
            count += not packet.is_discard  # a long cut-away lead-in does not use up the probe
            if packet.stream.index != video.index:
                if audio_s is None and not packet.is_discard:
                    audio_s = seconds(packet.pts, packet.time_base)
                continue
            if frame is None:  # the decoder needs cut-away pictures too, and never shows them
                with ignoring_errors():
                    frame = next(iter(video.decode(packet)), None)
            if packet.is_discard:
                trimmed = True  # cut away by the edit list
                continue
            keyed = keyed or packet.is_keyframe
            if keyed and not first:
                first = repair.push(packet)
    if frame is None:
        with ignoring_errors():
            frame = next(iter(video.decode(None)), None)
    first = first or repair.flush()
    first_dts = seconds(first[0].dts, first[0].time_base) if first else None
    return Moments(frame, first_dts, audio_s, trimmed)


def ignoring_errors() -> contextlib.suppress:
    return contextlib.suppress(av.error.FFmpegError)
