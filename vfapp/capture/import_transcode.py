"""Converting an imported file's streams the recorder's way: pictures to H.264 4:2:0, sound to
AAC, both timed from the film's time zero as `import_copy` describes."""

from __future__ import annotations

import contextlib
from fractions import Fraction
from typing import Any

import av
import av.error
import av.filter
from av.video.frame import PictureType

from vfapp.capture.encoder import AAC_PRIMING_SAMPLES, VIDEO_TIME_BASE, EncoderSettings
from vfapp.capture.import_copy import (
    STRICT,
    Damaged,
    decode_strictly,
    frame_step,
    ignoring_errors,
    move,
    seconds,
)

KEPT_RATES = (44_100, 48_000)  # AAC rates every player handles; anything else becomes 48 kHz


class VideoTranscoder:
    """Decoded pictures, cropped to even sizes, as H.264 yuv420p (limited range). Each picture
    keeps its own time, so a variable frame rate survives; one whose time does not move
    forward is dropped."""

    def __init__(self, out: Any, source: Any, settings: EncoderSettings) -> None:
        self._source = source
        source.codec_context.options = STRICT
        source.thread_type = "AUTO"
        self._settings = settings
        self._step_s = frame_step(source)
        self.stream = out.add_stream(
            "libx264", rate=Fraction(1 / self._step_s).limit_denominator(1001)
        )
        self.stream.pix_fmt = "yuv420p"
        context = self.stream.codec_context
        context.time_base = VIDEO_TIME_BASE
        context.thread_type = "FRAME"
        if source.sample_aspect_ratio:
            context.sample_aspect_ratio = source.sample_aspect_ratio
        self.stream.options = {
            "preset": settings.preset,
            "crf": str(settings.crf),
            "g": str(max(2, round(settings.keyframe_interval_s * 2 / self._step_s))),
            "sc_threshold": "0",
            "forced-idr": "1",
            **({"x264-params": settings.x264_params} if settings.x264_params else {}),
        }
        self._graph: Any = None
        self._shape: tuple[int, int, str] | None = None  # what the graph was made for
        self._last_pts = -1
        self._next_keyframe_s = 0.0
        self.started = False  # a picture has been decoded
        self.start_s: float | None = None  # source time of the first picture kept
        self.end_s = 0.0  # source time where the last picture kept ends
        self.origin_s: float | None = None  # source instant of the film's time zero
        self._zero = 0  # the first packet's decode time: film time zero on the output's clock

    def push(self, packet: Any) -> list[Any]:
        """Decode one packet (a damaged one raises `Damaged`) and encode what it gives."""
        frames = decode_strictly(self._source, packet)
        self.started = self.started or bool(frames)
        return [p for frame in frames for p in self._filter(frame)]

    def flush(self, *, decoder: bool = True) -> list[Any]:
        """The last pictures; `decoder=False` after damage, when the decoder is not trusted."""
        packets = []
        if decoder:
            with contextlib.suppress(Damaged):  # damage at the very end: the rest stands
                tail = decode_strictly(self._source, None)
                packets += [p for frame in tail for p in self._filter(frame)]
        return packets + self._filter(None) + self._encode(None)

    def _filter(self, frame: Any) -> list[Any]:
        shape = None if frame is None else (frame.width, frame.height, frame.format.name)
        packets = []
        if self._graph is not None and shape not in (None, self._shape):
            packets += self._filter(None)  # the picture changed size: drain, then start over
            self._graph = None
        if self._graph is None:
            if frame is None:
                return packets
            self._graph, self._shape = self._make_graph(frame), shape
        self._graph.push(frame)
        while True:
            try:
                packets += self._encode(self._graph.pull())
            except (av.error.BlockingIOError, av.error.EOFError):
                return packets

    def _make_graph(self, frame: Any) -> Any:
        """Crop (an odd size loses its last row or column), then limited-range yuv420p at the
        first picture's size."""
        context = self.stream.codec_context
        if self._shape is None:  # the first picture sets the film's size and colours
            context.width, context.height = frame.width // 2 * 2, frame.height // 2 * 2
            context.colorspace, context.color_primaries = frame.colorspace, frame.color_primaries
            context.color_trc, context.color_range = frame.color_trc, 1  # 1: limited ("MPEG")
        graph = av.filter.Graph()
        graph.link_nodes(
            graph.add_buffer(
                width=frame.width,
                height=frame.height,
                format=frame.format,
                time_base=frame.time_base or self._source.time_base,
            ),
            graph.add("crop", f"{frame.width // 2 * 2}:{frame.height // 2 * 2}:0:0"),
            graph.add("scale", f"{context.width}:{context.height}:out_range=tv"),
            graph.add("format", "yuv420p"),
            graph.add("buffersink"),
        )
        graph.configure()
        return graph

    def _encode(self, frame: Any) -> list[Any]:
        if frame is not None and not self._retime(frame):
            return []
        packets = list(self.stream.encode(frame))
        if packets and self.origin_s is None and self.start_s is not None:
            self._zero = packets[0].dts
            self.origin_s = self.start_s + float(self._zero * VIDEO_TIME_BASE)
        return move(packets, self._zero)

    def _retime(self, frame: Any) -> bool:
        """Put the picture on the output's clock; False if its time does not move forward."""
        t = seconds(frame.pts, frame.time_base or self._source.time_base)
        if t is None:
            t = self.end_s
        if self.start_s is None:
            self.start_s = t
        pts = round((t - self.start_s) / VIDEO_TIME_BASE)
        if pts <= self._last_pts:
            return False
        lasts = seconds(frame.duration, frame.time_base) or self._step_s
        self.end_s, self._last_pts = max(self.end_s, t + lasts), pts
        frame.pts, frame.time_base = pts, VIDEO_TIME_BASE
        # A keyframe each second, as in a recording, keeps seeking quick.
        if t - self.start_s >= self._next_keyframe_s:
            frame.pict_type = PictureType.I
            self._next_keyframe_s = t - self.start_s + self._settings.keyframe_interval_s
        else:
            frame.pict_type = PictureType.NONE
        return True


GAP_FILLED_S = 0.005  # a jump in the sound's timestamps longer than this is kept as silence


class AudioTranscoder:
    """Decoded sound as AAC at 44.1 or 48 kHz, mono or stereo (5.1 is mixed down), trimmed
    or padded with silence to begin at the film's time zero once `start` says where."""

    def __init__(self, out: Any, source: Any, settings: EncoderSettings) -> None:
        self._source = source
        context = source.codec_context
        self.rate = context.sample_rate if context.sample_rate in KEPT_RATES else 48_000
        self._layout = "mono" if context.channels == 1 else "stereo"
        self.stream = out.add_stream("aac", rate=self.rate)
        self.stream.layout = self._layout
        self.stream.bit_rate = settings.audio_bitrate * (1 if self._layout == "mono" else 2)
        self._resampler = av.AudioResampler(format="fltp", layout=self._layout, rate=self.rate)
        self._fifo = av.AudioFifo()
        self._first_s: float | None = None  # source time of the first decoded sample
        self._queued = 0  # samples put in the FIFO so far (silence for gaps included)
        self._origin_s: float | None = None
        self._lined_up = False
        self._skip = 0  # samples still to drop before the film's time zero
        self._next = 0
        self.damaged_packets = 0

    def push(self, packet: Any) -> list[Any]:
        try:
            frames = self._source.decode(packet)
        except av.error.FFmpegError:
            self.damaged_packets += 1  # a damaged sound packet: a moment of silence, no more
            return []
        self._queue(frames)
        return self._drain(final=False)

    def start(self, origin_s: float) -> list[Any]:
        """`origin_s`: the source instant at the film's time zero. The encoder's priming
        plays first, so the sound fed to it begins that much later."""
        self._origin_s = origin_s + AAC_PRIMING_SAMPLES / self.rate
        return self._drain(final=False)

    def flush(self) -> list[Any]:
        tail: list[Any] = []
        with ignoring_errors():
            tail = self._source.decode(None)
        self._queue([*tail, None])
        return self._drain(final=True) + list(self.stream.encode(None))

    def _queue(self, frames: list[Any]) -> None:
        for frame in frames:
            if self._first_s is None and frame is not None:
                self._first_s = frame.time if frame.time is not None else 0.0
            elif frame is not None and frame.time is not None:
                self._follow_the_clock(float(frame.time))
            for part in self._resampler.resample(frame):
                part.pts = None  # the FIFO checks continuity; our own count times the output
                self._fifo.write(part)
                self._queued += part.samples

    def _follow_the_clock(self, at_s: float) -> None:
        """Sound that resumes later than the samples so far reach (a gap in the source's
        timestamps) is kept at its time: the gap becomes silence. Without this every later
        sound would be heard early by the length of the gap."""
        assert self._first_s is not None
        gap = round((at_s - self._first_s) * self.rate) - self._queued
        if gap > round(GAP_FILLED_S * self.rate):
            self._write_silence(gap)

    def _drain(self, *, final: bool) -> list[Any]:
        if self._origin_s is None or self._first_s is None:
            return []
        if not self._lined_up:
            self._line_up(self._origin_s - self._first_s)
        if self._skip:
            dropped = min(self._skip, self._fifo.samples)
            if dropped:
                self._fifo.read(dropped)
            self._skip -= dropped
        size = self.stream.codec_context.frame_size or AAC_PRIMING_SAMPLES
        packets = []
        while self._fifo.samples >= size or (final and self._fifo.samples):
            frame = self._fifo.read(min(size, self._fifo.samples))
            assert frame is not None
            # The encoder puts its priming first: the first packet lands on time zero.
            frame.pts = self._next + AAC_PRIMING_SAMPLES
            frame.time_base = Fraction(1, self.rate)
            self._next += frame.samples
            packets += self.stream.encode(frame)
        return packets

    def _line_up(self, late_by_s: float) -> None:
        """Drop what the source holds before time zero, or put silence before a late start."""
        self._lined_up = True
        shift = round(late_by_s * self.rate)
        if shift >= 0:
            self._skip = shift
            return
        queued = self._fifo.read() if self._fifo.samples else None
        self._write_silence(-shift, lead_in=True)
        if queued is not None:
            queued.pts = None
            self._fifo.write(queued)

    def _write_silence(self, samples: int, *, lead_in: bool = False) -> None:
        silence = av.AudioFrame(format="fltp", layout=self._layout, samples=samples)
        for plane in silence.planes:
            plane.update(bytes(plane.buffer_size))
        silence.sample_rate = self.rate
        self._fifo.write(silence)
        if not lead_in:  # the lead-in comes before the source's first sample: not its time
            self._queued += samples
