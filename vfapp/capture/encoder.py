"""H.264 + AAC into fragmented MP4 with PyAV, timestamps taken from the capture clock."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, BinaryIO

import av
import numpy as np
from av.video.frame import PictureType
from pydantic import BaseModel, ConfigDict

from vfapp.capture.frames import AudioBlock, AudioFormat, Image, VideoMode

VIDEO_TIME_BASE = Fraction(1, 90_000)
# FFmpeg's AAC encoder always puts 1024 samples of priming before the first real sample.
AAC_PRIMING_SAMPLES = 1024
FRAGMENTED_MP4 = {"movflags": "frag_keyframe+empty_moov+default_base_moof"}
# ffmpeg's colour enums: BT.601 (smpte170m) in limited ("MPEG", 16-235) range, which is what
# OpenCV's COLOR_BGR2YUV_I420 produces.
_BT601, _LIMITED_RANGE = 6, 1


class EncoderSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    preset: str = "veryfast"
    crf: int = 23
    keyframe_interval_s: float = 1.0
    audio_bitrate: int = 96_000
    # Audio whose capture time drifts further than this from the samples' count is realigned
    # (silence for a gap, trimmed samples for an overlap) so sync never wanders.
    audio_resync_s: float = 0.02


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
        sink: BinaryIO,
        video: VideoMode,
        audio: AudioFormat | None,
        settings: EncoderSettings,
        t0: float,
        on_fragment: Callable[[], object] = lambda: None,
    ) -> None:
        self._settings = settings
        self._t0 = t0
        self._on_fragment = on_fragment
        self._container = av.open(sink, "w", format="mp4", options=FRAGMENTED_MP4)
        self._video = self._add_video(video, settings)
        self._next_keyframe_t = -1.0
        self._audio = self._add_audio(audio, settings) if audio else None
        self._audio_rate = audio.sample_rate if audio else 0
        self._fifo = av.AudioFifo()
        self._next_sample = 0
        self._audio_origin: float | None = None  # seconds after t0 of the track's sample 0
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
        }
        return stream

    def _add_audio(self, audio: AudioFormat, settings: EncoderSettings) -> av.AudioStream:
        stream = self._container.add_stream("aac", rate=audio.sample_rate)
        stream.layout = "mono" if audio.channels == 1 else "stereo"
        stream.bit_rate = settings.audio_bitrate
        return stream

    def add_video(self, i420: Image, t: float) -> None:
        """One frame already converted to I420 (cv2.COLOR_BGR2YUV_I420)."""
        frame = av.VideoFrame.from_numpy_buffer(i420, format="yuv420p")
        frame.colorspace, frame.color_range = _BT601, _LIMITED_RANGE
        seconds = t - self._t0
        frame.pts = round(seconds / VIDEO_TIME_BASE)
        frame.time_base = VIDEO_TIME_BASE
        if seconds >= self._next_keyframe_t:
            frame.pict_type = PictureType.I
            self._next_keyframe_t = seconds + self._settings.keyframe_interval_s
        self._mux(self._video.encode(frame), video=True)
        self.frames += 1

    def add_audio(self, block: AudioBlock) -> None:
        if self._audio is None:
            return
        if self._audio_origin is None:
            self._held.append(block)  # until the first video packet tells the video's delay
            return
        rate = self._audio_rate
        samples = block.samples
        position = round((block.t - self._t0 - self._audio_origin) * rate)
        drift = position - (self._next_sample + self._fifo.samples)
        starting = self._next_sample == 0 and self._fifo.samples == 0
        if starting or abs(drift) > self._settings.audio_resync_s * rate:
            if drift > 0:  # a gap (or the first block starts late): keep time with silence
                samples = np.concatenate([np.zeros(drift, np.float32), samples])
            elif drift < 0:  # more samples than time passed: trim the overlap
                samples = samples[-drift:]
        if samples.size == 0:
            return
        chunk = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
        chunk.sample_rate = rate
        self._fifo.write(chunk)
        frame_size = self._audio.codec_context.frame_size or AAC_PRIMING_SAMPLES
        while self._fifo.samples >= frame_size:
            frame = self._fifo.read(frame_size)
            assert frame is not None
            frame.pts = self._next_sample
            frame.time_base = Fraction(1, rate)
            self._next_sample += frame_size
            self._mux(self._audio.encode(frame), video=False)

    def _start_audio(self, video_delay_s: float) -> None:
        self._audio_origin = (
            AAC_PRIMING_SAMPLES / self._audio_rate - video_delay_s if self._audio else 0.0
        )
        held, self._held = self._held, []
        for block in held:
            self.add_audio(block)

    def close(self) -> None:
        """Flush both encoders and write the last fragment."""
        self._mux(self._video.encode(None), video=True)
        if self._audio_origin is None:
            self._start_audio(0.0)
        if self._audio is not None:
            self._mux(self._audio.encode(None), video=False)
        self._container.close()
        self._on_fragment()

    def _mux(self, packets: Sequence[av.Packet[Any]], *, video: bool) -> None:
        for packet in packets:
            if video and self._audio_origin is None and packet.pts is not None:
                delay = packet.pts - (packet.dts if packet.dts is not None else packet.pts)
                self._container.mux(packet)
                self._start_audio(float(delay * VIDEO_TIME_BASE))
                continue
            self._container.mux(packet)
            if video and packet.is_keyframe and packet.pts:
                # The muxer has just closed the previous fragment: commit it.
                self._on_fragment()
