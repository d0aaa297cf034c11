"""A review reel: a plan's moments, frame-exact from the vault, as one MP4 (H.264 + AAC,
yuv420p, index at the front), each moment optionally after a title card, its sound cut to
the same span (or none), faces not kept blurred. Written to a file the caller has made."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import cast
from uuid import UUID

import av
import cv2
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from vfapp.domain.exports import CancelToken, FaceTrack, Progress, check_cancel, tell
from vfapp.playback.frame_index import snap_range
from vfapp.playback.picture_text import title_card
from vfapp.playback.reel_faces import FaceDetector, FaceFollower, blur_boxes, link_sightings
from vfapp.playback.reel_sound import CHANNELS, RATE, Samples, has_sound, span_sound
from vfapp.playback.video_session import RGB, VideoSession
from vfapp.vault.session import Vault

TIME_BASE = Fraction(1, 90_000)
CARD_S = 2.5
CARD_FPS = 25
DETECT_EVERY_S = 0.25  # faces are looked for again four times a second of film
_BT601, _LIMITED_RANGE = 6, 1  # as the recorder tags its films (capture/encoder.py)


class ReelMoment(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1)
    recording_id: UUID
    start_ms: int = Field(ge=0)
    end_ms: int
    title: str


class ReelRecipe(BaseModel):
    """What goes into a reel: the moments in order, and how."""

    model_config = ConfigDict(frozen=True)

    moments: tuple[ReelMoment, ...] = Field(min_length=1)
    title_cards: bool = True
    mute: bool = False
    faces: tuple[FaceTrack, ...] | None = None  # None: no blurring
    keep_faces: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ReelMade:
    duration_s: float
    streams: tuple[str, ...]
    frames: int


class _Output:
    """The muxer and its encoders; pictures fitted to one size, sound counted in samples."""

    def __init__(self, path: Path, size: tuple[int, int], sound: bool) -> None:
        self.width, self.height = size
        self.container = av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"})
        video = self.container.add_stream("libx264", rate=30)
        video.width, video.height, video.pix_fmt = self.width, self.height, "yuv420p"
        context = video.codec_context
        context.time_base = TIME_BASE
        context.thread_type = "FRAME"
        context.colorspace = context.color_primaries = context.color_trc = _BT601
        context.color_range = _LIMITED_RANGE
        video.options = {"preset": "veryfast", "crf": "21", "g": "60"}
        self.video = video
        self.audio = None
        if sound:
            self.audio = self.container.add_stream("aac", rate=RATE)
            self.audio.layout = "stereo"
            self.audio.bit_rate = 128_000
            self.fifo = av.AudioFifo()
        self.samples = 0  # sound written so far
        self.last_pts = -1
        self.frames = 0

    def picture(self, rgb: RGB, at_s: float) -> None:
        fitted = _fit(rgb, self.width, self.height)
        i420 = cast(RGB, cv2.cvtColor(fitted, cv2.COLOR_RGB2YUV_I420))
        frame = av.VideoFrame.from_numpy_buffer(i420, format="yuv420p")
        frame.colorspace, frame.color_range = _BT601, _LIMITED_RANGE
        pts = max(round(at_s / TIME_BASE), self.last_pts + 1)
        frame.pts, frame.time_base = pts, TIME_BASE
        self.last_pts = pts
        self.container.mux(self.video.encode(frame))
        self.frames += 1

    def sound(self, samples: Samples) -> None:
        if self.audio is None or samples.shape[1] == 0:
            return
        chunk = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(samples), format="fltp", layout="stereo"
        )
        chunk.sample_rate = RATE
        self.fifo.write(chunk)
        self._drain(self.audio.codec_context.frame_size or 1024)

    def _drain(self, size: int, final: bool = False) -> None:
        assert self.audio is not None
        while self.fifo.samples >= size or (final and self.fifo.samples):
            frame = self.fifo.read(min(size, self.fifo.samples))
            assert frame is not None
            frame.pts, frame.time_base = self.samples, Fraction(1, RATE)
            self.samples += frame.samples
            self.container.mux(self.audio.encode(frame))

    def close(self) -> None:
        self.container.mux(self.video.encode(None))
        if self.audio is not None:
            self._drain(self.audio.codec_context.frame_size or 1024, final=True)
            self.container.mux(self.audio.encode(None))
        self.container.close()


def write_reel(
    vault: Vault,
    recipe: ReelRecipe,
    path: Path,
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ReelMade:
    """Encode the reel into `path` (an existing empty file the caller removes on failure)."""
    films = list(dict.fromkeys(m.recording_id for m in recipe.moments))
    sound = not recipe.mute and any(has_sound(vault, film) for film in films)
    size = _reel_size(vault, recipe.moments[0].recording_id)
    detector = FaceDetector() if recipe.faces is not None else None
    total = _work(vault, recipe)
    done = 0
    out = _Output(path, size, sound)
    clock = 0.0  # where the reel is, in seconds
    try:
        for moment in recipe.moments:
            if recipe.title_cards:
                clock = _card(out, moment, len(recipe.moments), clock)
                done += round(CARD_S * CARD_FPS)
            with VideoSession(vault, moment.recording_id) as session:
                span = snap_range(session.index, moment.start_ms / 1000, moment.end_ms / 1000)
                tracks = [t for t in recipe.faces or () if t.moment == moment.number]
                follower = FaceFollower(tracks, set(recipe.keep_faces))
                every = max(1, round(DETECT_EVERY_S * session.index.fps))
                if sound:  # before the pictures, so the muxer can interleave the two
                    count = _samples(clock + span.period_s) - _samples(clock)
                    out.sound(
                        span_sound(
                            vault,
                            moment.recording_id,
                            session.index,
                            span.start_s,
                            span.end_s,
                            count,
                        )
                    )
                for count, number in enumerate(range(span.first, span.last + 1)):
                    check_cancel(cancel)
                    decoded = session.seek(number)
                    rgb = decoded.rgb()
                    if detector is not None:
                        if count % every == 0:
                            follower.update(decoded.time_s, detector.detect(rgb, thorough=False))
                        rgb = blur_boxes(rgb, follower.to_blur(decoded.time_s))
                    out.picture(rgb, clock + decoded.time_s - span.start_s)
                    done += 1
                    tell(progress, done / total, f"moment {moment.number}")
                clock += span.period_s
        out.close()
    except BaseException:
        out.container.close()
        raise
    return ReelMade(
        duration_s=clock, streams=("video", "audio") if sound else ("video",), frames=out.frames
    )


def _card(out: _Output, moment: ReelMoment, count: int, clock: float) -> float:
    picture = title_card(out.width, out.height, moment.title, f"Moment {moment.number} of {count}")
    frames = round(CARD_S * CARD_FPS)
    for number in range(frames):
        out.picture(picture, clock + number / CARD_FPS)
    if out.audio is not None:
        out.sound(np.zeros((CHANNELS, _samples(clock + CARD_S) - _samples(clock)), np.float32))
    return clock + CARD_S


def _samples(seconds: float) -> int:
    return round(seconds * RATE)


def _reel_size(vault: Vault, recording_id: UUID) -> tuple[int, int]:
    """The first moment's film's upright size, made even (yuv420p halves both)."""
    with VideoSession(vault, recording_id) as session:
        height, width = session.seek(0).rgb().shape[:2]
    return width - width % 2, height - height % 2


def _work(vault: Vault, recipe: ReelRecipe) -> int:
    frames = 0
    for moment in recipe.moments:
        with VideoSession(vault, moment.recording_id) as session:
            span = snap_range(session.index, moment.start_ms / 1000, moment.end_ms / 1000)
            frames += span.last - span.first + 1
    cards = round(CARD_S * CARD_FPS) * len(recipe.moments) if recipe.title_cards else 0
    return max(1, frames + cards)


def _fit(rgb: RGB, width: int, height: int) -> RGB:
    """The picture scaled to fit `width` x `height`, centred on black."""
    h, w = rgb.shape[:2]
    if (w, h) == (width, height):
        return rgb
    scale = min(width / w, height / h)
    size = (max(2, round(w * scale)), max(2, round(h * scale)))
    scaled = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    canvas = np.zeros((height, width, 3), np.uint8)
    x, y = (width - size[0]) // 2, (height - size[1]) // 2
    canvas[y : y + size[1], x : x + size[0]] = scaled[: height - y, : width - x]
    return canvas


SAMPLE_EVERY_S = 0.5


def find_moment_faces(
    vault: Vault,
    moments: tuple[ReelMoment, ...],
    *,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> list[FaceTrack]:
    """The faces on the moments' sample frames (two a second), linked into tracks numbered
    from 1 across the whole reel, moment by moment and left to right."""
    detector = FaceDetector()
    tracks: list[FaceTrack] = []
    for done, moment in enumerate(moments):
        samples = []
        size = (1, 1)
        with VideoSession(vault, moment.recording_id) as session:
            span = snap_range(session.index, moment.start_ms / 1000, moment.end_ms / 1000)
            steps = max(1, int(span.period_s / SAMPLE_EVERY_S))
            for step in range(steps):
                check_cancel(cancel)
                decoded = session.seek_time(span.start_s + step * span.period_s / steps)
                at_ms = round(decoded.time_s * 1000)
                rgb = decoded.rgb()
                size = (rgb.shape[1], rgb.shape[0])
                samples.append((at_ms, detector.detect(rgb)))
                tell(progress, (done + (step + 1) / steps) / len(moments), "finding faces")
        first = len(tracks) + 1
        tracks += link_sightings(samples, first, moment.number, moment.recording_id, size)
    return tracks
