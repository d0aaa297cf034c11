"""Play a film at 0.1x-2x: pictures on time (late ones skipped and counted), sound at pitch."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import ChunkDamaged, InvalidInput
from vfapp.playback.audio_output import AudioOutput
from vfapp.playback.audio_stretch import atempo_factors
from vfapp.playback.audio_track import play_audio
from vfapp.playback.video_session import DecodedFrame, VideoSession
from vfapp.vault.session import Vault

CATCH_UP_AFTER_S = 0.5  # further behind than this: jump ahead instead of decoding every frame


class PlaybackStats(BaseModel):
    model_config = ConfigDict(frozen=True)

    frames_shown: int
    frames_skipped_late: int
    last_frame: int | None
    playing: bool
    end_reason: str | None  # "range end", "film end", "stopped", "damaged"
    message: str | None = None


class Player:
    """Plays one film; `on_frame` is called on the player's thread and must return quickly."""

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
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._shown = self._skipped = 0
        self._last: int | None = None
        self._end: tuple[str, str | None] | None = None
        self._audio_played: Callable[[], float] | None = None

    def play(
        self,
        *,
        speed: float = 1.0,
        start_s: float = 0.0,
        end_s: float | None = None,
        loop: bool = False,
    ) -> None:
        try:
            atempo_factors(speed)
        except ValueError:
            raise InvalidInput("speed", "must be between 0.1x and 2x") from None
        self.stop()
        self._stop.clear()
        self._shown = self._skipped = 0
        self._end = None
        self._audio_played = None
        if self._output is not None and speed == 1.0 and not loop:
            # At 1x the sound card is the clock: pictures follow what is heard.
            self._audio_played = self._output.played_s
        video = threading.Thread(
            target=self._video, args=(speed, start_s, end_s, loop), name="player-video", daemon=True
        )
        self._threads = [video]
        if self._output is not None:
            args = (
                self._vault,
                self._recording_id,
                self._output,
                speed,
                start_s,
                end_s,
                loop,
                self._stop,
            )
            self._threads.append(
                threading.Thread(target=play_audio, args=args, name="player-audio", daemon=True)
            )
        for thread in self._threads:
            thread.start()

    def stop(self) -> PlaybackStats:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        if self._end is None and self._threads:
            self._end = ("stopped", None)
        self._threads = []
        return self.stats()

    def wait(self, timeout: float | None = None) -> PlaybackStats | None:
        for thread in self._threads[:1]:
            thread.join(timeout)
            if thread.is_alive():
                return None
        return self.stop()

    def stats(self) -> PlaybackStats:
        reason, message = self._end or (None, None)
        playing = any(t.is_alive() for t in self._threads)
        return PlaybackStats(
            frames_shown=self._shown,
            frames_skipped_late=self._skipped,
            last_frame=self._last,
            playing=playing,
            end_reason=reason,
            message=message,
        )

    def _video(self, speed: float, start_s: float, end_s: float | None, loop: bool) -> None:
        try:
            with VideoSession(self._vault, self._recording_id) as session:
                self._run(session, speed, start_s, end_s, loop)
        except ChunkDamaged as error:
            self._end = (
                "damaged",
                f"The film is damaged after this point and cannot play further ({error})",
            )
        finally:
            self._stop.set()  # the sound stops with the pictures

    def _run(
        self, session: VideoSession, speed: float, start_s: float, end_s: float | None, loop: bool
    ) -> None:
        index = session.index
        first = index.frame_at_time(start_s)
        last = index.frame_at_time(end_s - 1e-6) if end_s is not None else index.frame_count - 1
        period = index.time_of(last) + index.frame_duration_s - index.time_of(first)
        media_start = index.time_of(first)
        # A film without sound has no audio clock to follow.
        audio_clock = self._audio_played if session.info.audio is not None else None

        def position() -> float:
            if audio_clock is not None:
                return media_start + audio_clock()
            return media_start + (self._clock() - started) * speed

        frame = session.seek(first)
        # The clock starts once the first picture is ready, so it is never late itself.
        started = self._clock()
        while not self._stop.is_set():
            behind = position() - frame.time_s
            if behind > CATCH_UP_AFTER_S and frame.number < last:
                frame = session.seek(min(last, index.frame_at_time(position())))
                continue
            if behind > index.frame_duration_s and frame.number < last:
                self._skipped += 1  # too late to show: never let a lag build up
            else:
                while (wait := (frame.time_s - position()) / speed) > 0 and not self._stop.is_set():
                    self._stop.wait(min(wait, 0.05))
                if self._stop.is_set():
                    break
                self._on_frame(frame)
                self._shown += 1
                self._last = frame.number
            if frame.number >= last:
                if not loop:
                    self._end = (
                        "range end" if end_s is not None else "film end",
                        self._damage_note(session),
                    )
                    return
                started += period / speed  # the next loop starts exactly one period later
                frame = session.seek(first)
                continue
            frame = session.step(+1)

    @staticmethod
    def _damage_note(session: VideoSession) -> str | None:
        if session.damage is None:
            return None
        at = session.info.damaged_from_s or 0.0
        return f"The film is damaged from {int(at // 60)}:{at % 60:04.1f}; it played up to there."
