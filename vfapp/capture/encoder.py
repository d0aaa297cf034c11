"""H.264 + AAC into fragmented MP4 with PyAV, timestamps taken from the capture clock."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, BinaryIO, Protocol, cast

import av
from av.video.frame import PictureType
from pydantic import BaseModel, ConfigDict

from vfapp.capture.audio_align import AudioAligner
from vfapp.capture.frames import AudioBlock, AudioFormat, Image, VideoMode

VIDEO_TIME_BASE = Fraction(1, 90_000)
# FFmpeg's AAC encoder always puts 1024 samples of priming before the first real sample.
AAC_PRIMING_SAMPLES = 1024
# A fragment at each keyframe (one a second), each committed as soon as the muxer writes it.
# With a microphone lost mid-recording the muxer would otherwise hold video back for up to
# 10 s waiting for audio to interleave: cap that wait at half a second.
FRAGMENTED_MP4 = {
    "movflags": "frag_keyframe+empty_moov+default_base_moof",
    "max_interleave_delta": "500000",
}
# ffmpeg's colour enums: BT.601 (smpte170m) in limited ("MPEG", 16-235) range, which is what
# OpenCV's COLOR_BGR2YUV_I420 produces.
_BT601, _LIMITED_RANGE = 6, 1


class EncoderSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    # Chosen by bench/record.py on a 2-core machine: veryfast with a short, unthreaded
    # lookahead emits its first packet after ~8 frames instead of 18 (first picture safe in
    # ~0.3 s instead of ~0.6 s, less lost in a crash) at over 3x real time. The short
    # lookahead costs about one CRF step, so CRF 22 keeps veryfast's usual CRF 23 quality.
    preset: str = "veryfast"
    crf: int = 22
    x264_params: str = "threads=2:sync-lookahead=0:rc-lookahead=5"
    keyframe_interval_s: float = 1.0
    audio_bitrate: int = 96_000


class ByteSink(Protocol):
    """Where the MP4 goes: append-only (a vault MediaWriter), never seeked."""

    def write(self, data: bytes) -> int: ...

    def tell(self) -> int: ...


class FragmentedMp4Encoder:
    """Feeds a non-seekable sink; calls `on_fragment` after each complete fragment (~1 s).

    Sync: the fragmented MP4 muxer starts every track at time zero, so what a player shows
    at time p is the video frame captured at t0 + p - D (D: the B-frame reorder delay, known
    from the first video packet) and audio captured at first_fed + p - priming. Audio is
    therefore held until the first video packet and then fed from t0 + priming - D, padded
    with silence or trimmed to that instant, which puts picture and sound on one timeline.
    """

    def __init__(
        self,
        sink: ByteSink,
        video: VideoMode,
        audio: AudioFormat | None,
        settings: EncoderSettings,
        t0: float,
        on_fragment: Callable[[], object] = lambda: None,
    ) -> None:
        self._settings = settings
        self._sink = sink
        self._written = 0
        self._packets = 0
        self.fragments = 0  # fragments with pictures in them, committed to the vault
        self._t0 = t0
        self._on_fragment = on_fragment
        self._container = av.open(cast(BinaryIO, sink), "w", format="mp4", options=FRAGMENTED_MP4)
        self._video = self._add_video(video, settings)
        self._next_keyframe_t = -1.0
        self._audio = self._add_audio(audio, settings) if audio else None
        self._audio_rate = audio.sample_rate if audio else 0
        self._fifo = av.AudioFifo()
        self._next_sample = 0
        self._aligner: AudioAligner | None = None  # made once the first picture is muxed
        self._held: list[AudioBlock] = []
        self.frames = 0

    def _add_video(self, mode: VideoMode, settings: EncoderSettings) -> av.VideoStream:
        stream = self._container.add_stream(
            "libx264", rate=Fraction(mode.fps).limit_denominator(1001)
        )
        stream.width, stream.height, stream.pix_fmt = mode.width, mode.height, "yuv420p"
        context = stream.codec_context
        context.time_base = VIDEO_TIME_BASE
        context.thread_type = "FRAME"  # DESIGN.md section 8: ~23% faster than slices on 2 cores
        context.colorspace = context.color_primaries = context.color_trc = _BT601
        context.color_range = _LIMITED_RANGE
        # Keyframes are forced by time (a dim room lowers a webcam's frame rate), so x264's
        # own GOP is only a backstop and scene cuts do not add keyframes.
        stream.options = {
            "preset": settings.preset,
            "crf": str(settings.crf),
            "g": str(max(2, round(mode.fps * settings.keyframe_interval_s * 2))),
            "sc_threshold": "0",
            "forced-idr": "1",
            **({"x264-params": settings.x264_params} if settings.x264_params else {}),
        }
        return stream

    def _add_audio(self, audio: AudioFormat, settings: EncoderSettings) -> av.AudioStream:
        stream = self._container.add_stream("aac", rate=audio.sample_rate)
        stream.layout = "mono"
        stream.bit_rate = settings.audio_bitrate
        return stream

    def add_video(self, i420: Image, t: float) -> None:
        """One frame already converted to I420 (cv2.COLOR_BGR2YUV_I420)."""
        frame = av.VideoFrame.from_numpy_buffer(i420, format="yuv420p")
        frame.colorspace, frame.color_range = _BT601, _LIMITED_RANGE
        seconds = t - self._t0
        frame.pts = round(seconds / VIDEO_TIME_BASE)
        frame.time_base = VIDEO_TIME_BASE
        if seconds >= self._next_keyframe_t or self.frames == 1:
            # The second frame is a keyframe too: it closes a first fragment holding only
            # frame 0, so the recording is safely under way within a fraction of a second.
            frame.pict_type = PictureType.I
            self._next_keyframe_t = seconds + self._settings.keyframe_interval_s
        self._mux(self._video.encode(frame), video=True)
        self.frames += 1

    def add_audio(self, block: AudioBlock) -> None:
        if self._audio is None:
            return
        if self._aligner is None:
            self._held.append(block)  # until the first video packet tells the video's delay
            return
        samples = self._aligner.align(block)
        if samples.size == 0:
            return
        chunk = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
        chunk.sample_rate = self._audio_rate
        self._fifo.write(chunk)
        frame_size = self._audio.codec_context.frame_size or AAC_PRIMING_SAMPLES
        while self._fifo.samples >= frame_size:
            frame = self._fifo.read(frame_size)
            assert frame is not None
            frame.pts = self._next_sample
            frame.time_base = Fraction(1, self._audio_rate)
            self._next_sample += frame_size
            self._mux(self._audio.encode(frame), video=False)

    def _start_audio(self) -> None:
        """Once the first picture is muxed. The encoder gives the packet of input sample i
        the time (i - priming) / rate and the decoder drops the priming, so sample i is heard
        at i / rate: the pictures' clock (t - t0). The muxer shifts both streams alike for
        the video's reordering delay, so that delay is not the sound's to make up."""
        if self._audio is None:
            return
        origin = self._t0
        self._aligner = AudioAligner(self._audio_rate, origin)
        held, self._held = self._held, []
        for block in held:
            self.add_audio(block)

    def close(self) -> None:
        """Flush both encoders and write the last fragment."""
        self._mux(self._video.encode(None), video=True)
        if self._audio is not None:
            self._mux(self._audio.encode(None), video=False)
        self._container.close()
        self._on_fragment()

    def _mux(self, packets: Sequence[av.Packet[Any]], *, video: bool) -> None:
        for packet in packets:
            first_video = video and self._aligner is None and self._audio is not None
            self._container.mux(packet)
            if first_video:
                self._start_audio()
            self._packets += 1
            written = self._sink.tell()
            if written != self._written:
                # The muxer writes only whole fragments, and flushes after each: commit it.
                self._written = written
                self._on_fragment()
                if self._packets > 1:  # the first write is the header alone
                    self.fragments += 1
