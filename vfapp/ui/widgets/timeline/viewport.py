"""Which stretch of the film the timeline shows: kept inside the film, and between the whole
film in the width and a dozen pixels a frame."""

from __future__ import annotations

from vfapp.ui.widgets.timeline.scale import TimeScale

FRAME_PX = 12.0  # the closest zoom: one frame this wide
ZOOM_STEP = 1.5
FOLLOW_LEAD = 0.1  # when the playhead runs off, the new page shows it this far in


class Viewport:
    def __init__(self) -> None:
        self.duration_ms = 0
        self.frame_ms = 1000 / 30
        self.width = 1.0  # of the content area, in px
        self.start_ms = 0.0
        self.px_per_ms = self.fit_px_per_ms
        self.fitted = True  # the whole film in the width, kept so when the width changes

    # -- what is shown -------------------------------------------------------------------
    @property
    def length_ms(self) -> float:
        """The film's length for the scale: never zero, so there is always a scale."""
        return float(max(1, self.duration_ms))

    @property
    def fit_px_per_ms(self) -> float:
        return self.width / self.length_ms

    @property
    def max_px_per_ms(self) -> float:
        return max(FRAME_PX / self.frame_ms, self.fit_px_per_ms)

    @property
    def visible_ms(self) -> float:
        return self.width / self.px_per_ms

    @property
    def end_ms(self) -> float:
        return self.start_ms + self.visible_ms

    @property
    def magnification(self) -> float:
        """1.0 for the whole film; larger when zoomed in."""
        return self.px_per_ms / self.fit_px_per_ms

    @property
    def zoomed(self) -> bool:
        return self.visible_ms < self.length_ms - 0.5

    @property
    def at_frame_level(self) -> bool:
        return self.px_per_ms >= self.max_px_per_ms * 0.999

    def scale(self, left: float) -> TimeScale:
        return TimeScale(
            left, self.width, self.start_ms, self.px_per_ms, self.frame_ms, self.duration_ms
        )

    def shows(self, ms: float) -> bool:
        return self.start_ms <= ms <= self.end_ms

    # -- changes: each returns True when the view moved or zoomed ------------------------
    def set_film(self, duration_ms: int, frame_ms: float) -> None:
        self.duration_ms = max(0, duration_ms)
        self.frame_ms = frame_ms if frame_ms > 0 else 1000 / 30
        self.fit()

    def set_width(self, width: float) -> bool:
        before = (self.start_ms, self.px_per_ms)
        self.width = max(1.0, width)
        if self.fitted:
            self.fit()
        else:
            self._settle(self.px_per_ms, self.start_ms)
        return before != (self.start_ms, self.px_per_ms)

    def fit(self) -> bool:
        before = (self.start_ms, self.px_per_ms)
        self.start_ms, self.px_per_ms, self.fitted = 0.0, self.fit_px_per_ms, True
        return before != (self.start_ms, self.px_per_ms)

    def zoom(self, factor: float, anchor_ms: float) -> bool:
        """Zoom by `factor` keeping `anchor_ms` where it is on screen."""
        return self.zoom_to(self.px_per_ms * factor, anchor_ms)

    def zoom_to(self, px_per_ms: float, anchor_ms: float) -> bool:
        before = (self.start_ms, self.px_per_ms)
        anchor_px = (anchor_ms - self.start_ms) * self.px_per_ms
        if px_per_ms > self.max_px_per_ms * 0.98:
            px_per_ms = self.max_px_per_ms  # close enough: land exactly on frame level
        self._settle(px_per_ms, anchor_ms - anchor_px / max(px_per_ms, 1e-12))
        return before != (self.start_ms, self.px_per_ms)

    def centre_on(self, ms: float) -> bool:
        return self.scroll_to(ms - self.visible_ms / 2)

    def scroll_to(self, start_ms: float) -> bool:
        before = self.start_ms
        self._settle(self.px_per_ms, start_ms)
        return before != self.start_ms

    def scroll_by(self, pixels: float) -> bool:
        return self.scroll_to(self.start_ms + pixels / self.px_per_ms)

    def follow(self, ms: float) -> bool:
        """Turn the page when `ms` has left the view, so it shows near the left again."""
        if self.shows(ms):
            return False
        return self.scroll_to(ms - self.visible_ms * FOLLOW_LEAD)

    def _settle(self, px_per_ms: float, start_ms: float) -> None:
        self.px_per_ms = min(self.max_px_per_ms, max(self.fit_px_per_ms, px_per_ms))
        self.fitted = self.px_per_ms <= self.fit_px_per_ms * 1.0001
        latest = max(0.0, self.length_ms - self.visible_ms)
        self.start_ms = min(latest, max(0.0, start_ms))
