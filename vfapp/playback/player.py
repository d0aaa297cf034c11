"""Play a film at 0.1x-2x: pictures on time (late ones skipped and counted), sound at pitch.

Each `play()` is one playback with its own stop signal and generation number: a playback
that was stopped but is still winding down (a slow `on_frame`, a sound card's last write)
can neither show another picture, nor stop the next playback, nor change its figures.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import ChunkDamaged, InvalidInput
from vfapp.playback.audio_output import AudioOutput
from vfapp.playback.audio_stretch import atempo_factors
from vfapp.playback.audio_track import SoundClock, SoundProgress, play_audio
from vfapp.playback.frame_index import Span, snap_range
from vfapp.playback.video_session import DecodedFrame, VideoSession
from vfapp.vault.session import Vault

CATCH_UP_AFTER_S = 0.5  # further behind than this: jump ahead instead of decoding every frame
STOP_WAIT_S = 1.0  # stop() waits at most this long for a playback's threads to finish
SOUND_HANDOVER_S = 2.0  # how long a new playback's sound waits for the old one to let go


class PlaybackStats(BaseModel):
    model_config = ConfigDict(frozen=True)

    frames_shown: int
    frames_skipped_late: int
    last_frame: int | None
    playing: bool
    end_reason: str | None  # "range end", "film end", "stopped", "damaged"
    message: str | None = None


class _WallClock:
    """Media seconds since the first picture was ready, at `speed`."""

    def __init__(self, clock: Callable[[], float], speed: float) -> None:
        self._clock, self._speed, self._started = clock, speed, clock()

    def elapsed(self) -> float:
        return (self._clock() - self._started) * self._speed


class _Run:
    """One playback: its own stop signal, threads and figures."""

    def __init__(self, generation: int) -> None:
        self.generation = generation
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []
        self.sound: threading.Thread | None = None
        self.shown = self.skipped = 0
        self.last: int | None = None
        self.end: tuple[str, str | None] | None = None
        self._lock = threading.Lock()

    def finish(self, reason: str, message: str | None = None) -> None:
        with self._lock:
            if self.end is None:
                self.end = (reason, message)


class Player:
    """Plays one film; `on_frame` is called on the player's thread and must return quickly.
    It is never called twice at once, and never again for a playback once it is stopped."""

    def __init__(
        self,
        vault: Vault,
        recording_id: UUID,
        on_frame: Callable[[DecodedFrame], None],
        *,
        audio_output: AudioOutput | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._vault, self._recording_id = vault, recording_id
        self._on_frame, self._output, self._clock = on_frame, audio_output, clock
        self._run: _Run | None = None
        self._generation = 0
        self._showing = threading.Lock()  # one on_frame at a time, only for the current run

    @property
    def generation(self) -> int:
        """How many playbacks have been started; each has its own number."""
        return self._generation

    def play(
        self,
        *,
        speed: float = 1.0,
        start_s: float = 0.0,
        end_s: float | None = None,
        loop: bool = False,
    ) -> None:
        """Start playing `start_s`-`end_s` (to the film's end if None); returns at once.
        Refuses, in words, a speed outside 0.1x-2x and a range with no picture in it."""
        try:
            atempo_factors(speed)
        except ValueError:
            raise InvalidInput("speed", "must be between 0.1x and 2x") from None
        session = VideoSession(self._vault, self._recording_id)
        try:
            span = snap_range(session.index, start_s, end_s)
        except InvalidInput:
            session.close()
            raise
        previous = self._run
        if previous is not None:
            previous.stop.set()  # it winds down on its own threads; we need not wait for it
            previous.finish("stopped")
        self._generation += 1
        run = _Run(self._generation)
        progress = SoundProgress()
        output = self._output
        if output is not None and session.info.audio is not None:
            sound_args = (run, previous.sound if previous else None, speed, span, loop, progress)
            run.sound = threading.Thread(
                target=self._sound, args=sound_args, name="player-audio", daemon=True
            )
        else:
            progress.ended.set()  # no sound to follow
        # At 1x the sound card is the clock: pictures follow what is heard.
        follow_sound = output is not None and speed == 1.0 and not loop and run.sound is not None

        def make_clock() -> SoundClock | _WallClock:
            if follow_sound and output is not None:
                return SoundClock(output.played_s, progress, self._clock)
            return _WallClock(self._clock, speed)

        video = threading.Thread(
            target=self._video,
            args=(run, session, speed, span, loop, make_clock, end_s is not None),
            name="player-video",
            daemon=True,
        )
        run.threads = [video] + ([run.sound] if run.sound else [])
        self._run = run
        for thread in run.threads:
            thread.start()

    def stop(self) -> PlaybackStats:
        """Stop the current playback; waits a moment (not seconds) for its threads."""
        run = self._run
        if run is not None:
            run.stop.set()
            self._join(run, STOP_WAIT_S)
            run.finish("stopped")
        return self.stats()

    def wait(self, timeout: float | None = None) -> PlaybackStats | None:
        """Until the playback ends (the pictures and the last of the sound); None on timeout."""
        run = self._run
        if run is not None and not self._join(run, timeout):
            return None
        return self.stop()

    def stats(self) -> PlaybackStats:
        run = self._run
        if run is None:
            return PlaybackStats(
                frames_shown=0, frames_skipped_late=0, last_frame=None, playing=False,
                end_reason=None,
            )  # fmt: skip
        reason, message = run.end or (None, None)
        return PlaybackStats(
            frames_shown=run.shown,
            frames_skipped_late=run.skipped,
            last_frame=run.last,
            playing=not run.stop.is_set() and any(t.is_alive() for t in run.threads),
            end_reason=reason,
            message=message,
        )

    @staticmethod
    def _join(run: _Run, timeout: float | None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in run.threads:
            if thread is not threading.current_thread():  # on_frame may call stop()
                thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in run.threads if t is not threading.current_thread())

    def _sound(
        self,
        run: _Run,
        previous: threading.Thread | None,
        speed: float,
        span: Span,
        loop: bool,
        progress: SoundProgress,
    ) -> None:
        try:
            if previous is not None:
                previous.join(SOUND_HANDOVER_S)  # one stream at a time on the one output
                if previous.is_alive():
                    return  # the old sound is stuck: the pictures go by the wall clock
            if self._output is None or run.stop.is_set():
                return
            play_audio(
                self._vault, self._recording_id, self._output, speed,
                span.start_s, span.end_s, loop, run.stop, progress,
            )  # fmt: skip
        finally:
            progress.ended.set()

    def _video(
        self,
        run: _Run,
        session: VideoSession,
        speed: float,
        span: Span,
        loop: bool,
        make_clock: Callable[[], SoundClock | _WallClock],
        ranged: bool,
    ) -> None:
        natural_end = False
        try:
            with session:
                natural_end = self._pictures(run, session, speed, span, loop, make_clock)
                if natural_end:
                    run.finish("range end" if ranged else "film end", _damage_note(session))
        except ChunkDamaged as error:
            run.finish(
                "damaged",
                f"The film is damaged after this point and cannot play further ({error})",
            )
        finally:
            if not natural_end:
                run.stop.set()  # the sound stops with the pictures; at an end it plays out

    def _pictures(
        self,
        run: _Run,
        session: VideoSession,
        speed: float,
        span: Span,
        loop: bool,
        make_clock: Callable[[], SoundClock | _WallClock],
    ) -> bool:
        """Shows the span's frames on time; True when it reached its end, False if stopped."""
        index = session.index
        frame = session.seek(span.first)
        clock = make_clock()  # started once the first picture is ready: it is never late
        base = span.start_s  # the media time at clock 0; one period earlier after each loop

        def position() -> float:
            return base + clock.elapsed()

        while not run.stop.is_set():
            behind = position() - frame.time_s
            if behind > CATCH_UP_AFTER_S and frame.number < span.last:
                frame = session.seek(min(span.last, index.frame_at_time(position())))
                continue
            if behind > index.frame_duration_s and frame.number < span.last:
                run.skipped += 1  # too late to show: never let a lag build up
            else:
                while (wait := (frame.time_s - position()) / speed) > 0 and not run.stop.is_set():
                    run.stop.wait(min(wait, 0.05))
                if not self._show(run, frame):
                    return False
            if frame.number >= span.last:
                if not loop:
                    return True
                base -= span.period_s  # the next loop starts exactly one period later
                frame = session.seek(span.first)
                continue
            frame = session.step(+1)
        return False

    def _show(self, run: _Run, frame: DecodedFrame) -> bool:
        with self._showing:
            if run.stop.is_set() or run.generation != self._generation:
                return False
            self._on_frame(frame)
        run.shown += 1
        run.last = frame.number
        return True


def _damage_note(session: VideoSession) -> str | None:
    if session.damage is None:
        return None
    at = session.info.damaged_from_s or 0.0
    return f"The film is damaged from {int(at // 60)}:{at % 60:04.1f}; it played up to there."
