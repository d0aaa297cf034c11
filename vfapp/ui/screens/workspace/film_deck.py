"""One open film for the review workspace: exact seeks and steps on a decode thread of its
own (the newest request wins, so a held arrow key never builds a queue), playback through the
engine's Player, and every picture handed to the GUI as the newest only."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from uuid import UUID

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from vfapp.domain.errors import VfappError
from vfapp.playback.audio_output import AudioOutput
from vfapp.playback.frame_index import FrameIndex
from vfapp.playback.player import PlaybackStats, Player
from vfapp.playback.video_session import DecodedFrame, VideoSession
from vfapp.ui.background import unexpected
from vfapp.ui.widgets.picture import rgb_image
from vfapp.vault.session import Vault

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FilmFacts:
    """What the workspace needs to know of an open film."""

    recording_id: UUID
    index: FrameIndex  # every frame's time: exact even when the rate varies
    frame_count: int
    frame_ms: float  # one frame's usual length
    duration_ms: int
    width: int
    height: int
    has_sound: bool
    damage_note: str | None

    def time_ms(self, frame: int) -> int:
        return round(self.index.time_of(self.index.clamp(frame)) * 1000)

    def frame_at_ms(self, ms: int) -> int:
        """The frame on screen at `ms`."""
        return self.index.frame_at_time((ms + 0.5) / 1000)  # times are whole ms, rounded


@dataclass(frozen=True)
class Picture:
    number: int
    time_ms: int
    image: QImage
    pixels: npt.NDArray[np.uint8]  # the image's memory: kept alive with it
    asked_at: float  # perf_counter when the picture was asked for (latency figures)


class FilmDeck(QObject):
    """`show_frame(n)` / `step(d)` while paused, `play(...)` / `pause()`; pictures arrive
    through `picture_ready` (take the newest with `take()`)."""

    opened = Signal(object)  # FilmFacts
    picture_ready = Signal()
    problem = Signal(str)
    playing_changed = Signal(bool)
    playback_ended = Signal(object)  # PlaybackStats, when a playback ends by itself

    def __init__(
        self, audio_output: Callable[[], AudioOutput | None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._audio_output = audio_output
        self._decoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="film-decoder")
        self._lock = threading.Lock()
        self._session: VideoSession | None = None
        self._player: Player | None = None
        self._facts: FilmFacts | None = None
        self._wanted: tuple[int, float] | None = None  # (frame, asked_at) not yet decoded
        self._serving = False
        self._newest: Picture | None = None
        self._generation = 0  # bumped by each open/close: older answers are dropped
        self.target = 0  # the frame asked for last (steps count from it, not from the decoded)
        self._watch = QTimer(self)
        self._watch.setInterval(100)
        self._watch.timeout.connect(self._check_playback)

    @property
    def facts(self) -> FilmFacts | None:
        return self._facts

    @property
    def playing(self) -> bool:
        return self._watch.isActive()

    # -- opening and closing ----------------------------------------------------------------
    def open(self, vault: Vault, recording_id: UUID) -> None:
        self.close()
        generation = self._generation

        def job() -> None:
            try:
                session = VideoSession(vault, recording_id)
            except VfappError as error:
                self.problem.emit(str(error))
                return
            facts = _facts_of(session, recording_id)
            with self._lock:
                if generation != self._generation:
                    session.close()
                    return
                self._session, self._facts = session, facts
                waiting = self._wanted is not None and not self._serving
                self._serving = self._serving or waiting
            self._player = Player(
                vault, recording_id, self._offer_playing, audio_output=self._audio_output()
            )
            self.opened.emit(facts)
            if waiting:
                self._serve()  # a wish made while the film was opening

        self._decoder.submit(job)
        self.show_frame(0)

    def close(self) -> None:
        self._stop_player()
        with self._lock:
            self._generation += 1
            session, self._session, self._facts = self._session, None, None
            self._wanted, self._newest, self.target = None, None, 0
        if session is not None:
            self._decoder.submit(session.close)

    def shutdown(self) -> None:
        self.close()
        self._decoder.shutdown(wait=True)

    # -- paused: exact frames -------------------------------------------------------------
    def show_frame(self, frame: int) -> None:
        facts = self._facts
        last = facts.frame_count - 1 if facts else frame
        self.target = max(0, min(frame, last))
        with self._lock:
            self._wanted = (self.target, time.perf_counter())
            if self._serving:
                return  # the decoder takes the newest wish when it finishes this one
            self._serving = True
        self._decoder.submit(self._serve)

    def step(self, delta: int) -> None:
        self.show_frame(self.target + delta)

    def show_ms(self, ms: int) -> None:
        facts = self._facts
        if facts is not None:
            self.show_frame(facts.frame_at_ms(ms))

    def _serve(self) -> None:
        while True:
            with self._lock:
                # A wish is always for the film open now (closing clears it).
                wish, session, generation = self._wanted, self._session, self._generation
                if wish is None or session is None:
                    self._serving = False  # not open yet: opening serves what is wished
                    return
                self._wanted = None
            try:
                decoded = session.seek(wish[0])
                self._offer(decoded, wish[1], generation)
            except VfappError as error:
                self.problem.emit(str(error))
            except Exception:  # a bug, or the vault closed under us: say so, keep serving
                log.exception("decoding a frame failed")
                self.problem.emit(unexpected("decoding"))

    # -- playing ----------------------------------------------------------------------------
    def play(self, *, speed: float, start_ms: int, end_ms: int | None, loop: bool) -> None:
        player = self._player
        if player is None:
            return
        try:
            player.play(
                speed=speed,
                start_s=start_ms / 1000,
                end_s=None if end_ms is None else end_ms / 1000,
                loop=loop,
            )
        except VfappError as error:
            self.problem.emit(str(error))
            return
        self._watch.start()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if self.playing:
            stats = self._stop_player()
            self._settle_after(stats)

    def _stop_player(self) -> PlaybackStats | None:
        was_playing = self._watch.isActive()
        self._watch.stop()
        stats = self._player.stop() if self._player is not None else None
        if was_playing:
            self.playing_changed.emit(False)
        return stats

    def _check_playback(self) -> None:
        player = self._player
        if player is None or player.stats().playing:
            return
        stats = self._stop_player()
        self._settle_after(stats)
        self.playback_ended.emit(stats)

    def _settle_after(self, stats: PlaybackStats | None) -> None:
        """Paused: the decode session goes to the last picture shown, so steps go on from it."""
        if stats is not None and stats.last_frame is not None:
            self.show_frame(stats.last_frame)

    def _offer_playing(self, decoded: DecodedFrame) -> None:
        self.target = decoded.number
        self._offer(decoded, time.perf_counter(), self._generation)

    # -- handing pictures over --------------------------------------------------------------
    def _offer(self, decoded: DecodedFrame, asked_at: float, generation: int) -> None:
        pixels = decoded.rgb()
        facts = self._facts
        time_ms = facts.time_ms(decoded.number) if facts else round(decoded.time_s * 1000)
        picture = Picture(decoded.number, time_ms, rgb_image(pixels), pixels, asked_at)
        with self._lock:
            if generation != self._generation:
                return
            waiting = self._newest is not None
            self._newest = picture
        if not waiting:
            self.picture_ready.emit()  # queued: the receiver lives on the GUI thread

    def take(self) -> Picture | None:
        with self._lock:
            picture, self._newest = self._newest, None
            return picture


def _facts_of(session: VideoSession, recording_id: UUID) -> FilmFacts:
    index, info = session.index, session.info
    count = index.frame_count
    width, height = info.upright_size
    note = None
    if session.damage is not None and info.damaged_from_s is not None:
        at = info.damaged_from_s
        when = f"{int(at // 60)}:{at % 60:04.1f}"
        note = (
            f"This film is still coming down from the team store: it plays up to {when} so "
            "far. Sync again for the rest."
            if session.arriving
            else f"This film is damaged from {when}; it plays up to there."
        )
    return FilmFacts(
        recording_id=recording_id,
        index=index,
        frame_count=count,
        frame_ms=index.frame_duration_s * 1000,
        duration_ms=round(index.duration_s * 1000),
        width=width,
        height=height,
        has_sound=info.audio is not None,
        damage_note=note,
    )
