"""What the transport keys and buttons do to the film: play and pause (the selection, looped
if asked), exact frame and second steps, J/L shuttle, jumps between tags, and the selection."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from vfapp.domain.tagging import Tag
from vfapp.ui.screens.workspace.film_deck import FilmDeck
from vfapp.ui.screens.workspace.transport import (
    SHUTTLE_BACK,
    SHUTTLE_FORWARD,
    TransportBar,
    next_shuttle,
)


class TransportControl(QObject):
    selection_changed = Signal(object)  # (start_ms, end_ms) or None

    def __init__(
        self,
        deck: FilmDeck,
        bar: TransportBar,
        tags: Callable[[], Sequence[Tag]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._deck, self._bar, self._tags = deck, bar, tags
        self.selection: tuple[int, int] | None = None
        self._mark_in: int | None = None
        self._forward: float | None = None  # the shuttle speed while L plays
        self._back: float | None = None  # frames back per frame time while J runs
        self._reverse = QTimer(self)
        self._reverse.timeout.connect(lambda: self._deck.step(-1))
        bar.play_pause.connect(self.toggle_play)
        bar.step_back.connect(lambda: self.step(-1))
        bar.step_forward.connect(lambda: self.step(+1))
        bar.previous_tag.connect(lambda: self.jump_to_tag(-1))
        bar.next_tag.connect(lambda: self.jump_to_tag(+1))
        bar.speed_changed.connect(self._speed_chosen)
        bar.loop.toggled.connect(self._loop_toggled)
        deck.playing_changed.connect(self._playing_changed)

    # -- where we are ------------------------------------------------------------------------
    def current_ms(self) -> int:
        facts = self._deck.facts
        return facts.time_ms(self._deck.target) if facts else 0

    @property
    def playing(self) -> bool:
        return self._deck.playing or self._reverse.isActive()

    # -- play and pause -------------------------------------------------------------------
    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play(self._bar.chosen_speed)

    def play(self, speed: float) -> None:
        facts = self._deck.facts
        if facts is None:
            return
        self._stop_reverse()
        now = self.current_ms()
        start, end, loop = now, None, False
        if self.selection is not None:
            first, last = self.selection
            inside = first <= now < last - facts.frame_ms
            start, end, loop = (now if inside else first), last, self._bar.loop.isChecked()
        elif self._deck.target >= facts.frame_count - 1:
            start = 0  # at the end: play from the beginning again
        self._deck.play(speed=speed, start_ms=start, end_ms=end, loop=loop)

    def pause(self) -> None:
        self._forward = None
        self._stop_reverse()
        self._deck.pause()

    def shuttle_forward(self) -> None:
        """L: play; again, faster (up to 2x)."""
        self._stop_reverse()
        self._forward = next_shuttle(SHUTTLE_FORWARD, self._forward if self._deck.playing else None)
        self._deck.pause()
        self._bar.set_speed(self._forward)
        self.play(self._forward)

    def shuttle_back(self) -> None:
        """J: run backwards a frame at a time; again, faster. The engine decodes forwards only,
        so running back is exact frame steps on a timer, which the decoder may coalesce."""
        facts = self._deck.facts
        if facts is None:
            return
        self._back = next_shuttle(SHUTTLE_BACK, self._back if self._reverse.isActive() else None)
        self._forward = None
        self._deck.pause()
        self._reverse.start(max(10, round(facts.frame_ms / self._back)))
        self._bar.show_playing(True, self.tr("Running back at %sx") % f"{self._back:g}")

    def _stop_reverse(self) -> None:
        if self._reverse.isActive():
            self._reverse.stop()
            self._back = None
            self._bar.show_playing(False)

    # -- exact moves (pause first) ------------------------------------------------------
    def step(self, frames: int) -> None:
        self.pause()
        self._deck.step(frames)

    def step_seconds(self, seconds: float) -> None:
        self.seek_ms(self.current_ms() + round(seconds * 1000))

    def seek_ms(self, ms: int) -> None:
        was_playing = self._deck.playing
        self.pause()
        facts = self._deck.facts
        if facts is not None:
            self._deck.show_frame(facts.frame_at_ms(max(0, min(ms, facts.duration_ms))))
            if was_playing:
                self.play(self._bar.chosen_speed)

    def jump_to_tag(self, direction: int) -> None:
        now = self.current_ms()
        starts = sorted({tag.start_ms for tag in self._tags()})
        if direction > 0:
            later = [s for s in starts if s > now]
            if later:
                self.seek_ms(later[0])
        else:
            earlier = [s for s in starts if s < now]
            if earlier:
                self.seek_ms(earlier[-1])

    # -- the selection ------------------------------------------------------------------------
    def select(self, start_ms: int | None, end_ms: int | None) -> None:
        if start_ms is None or end_ms is None or end_ms <= start_ms:
            self.selection = None
        else:
            self.selection = (start_ms, end_ms)
        self.selection_changed.emit(self.selection)

    def mark_in(self) -> None:
        self._mark_in = self.current_ms()
        end = self.selection[1] if self.selection else None
        self.select(self._mark_in, end if end and end > self._mark_in else None)

    def mark_out(self) -> None:
        facts = self._deck.facts
        if facts is None:
            return
        end = self.current_ms() + round(facts.frame_ms)  # the frame on screen is included
        start = self.selection[0] if self.selection else self._mark_in
        self.select(start if start is not None else 0, end)

    # -- reactions ------------------------------------------------------------------------------
    def _speed_chosen(self, speed: float) -> None:
        if self._deck.playing:
            self._deck.pause()
            self.play(speed)

    def _loop_toggled(self, _on: bool) -> None:
        if self._deck.playing and self.selection is not None:
            self._deck.pause()
            self.play(self._bar.chosen_speed)

    def _playing_changed(self, playing: bool) -> None:
        if not self._reverse.isActive():
            self._bar.show_playing(playing)
