"""How long the GUI thread was held up: a precise timer ticking every few milliseconds and
the longest gap between its ticks beyond the interval. Anything the event loop could not
serve (a slow paint, a wait on the vault) shows up as a gap."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer

INTERVAL_MS = 10


class StallProbe(QObject):
    def __init__(self, interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval_s = interval_ms / 1000
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last: float | None = None
        self.worst_s = 0.0
        self.ticks = 0
        self.stalls_over: dict[float, int] = {}  # threshold (s) -> how many gaps exceeded it

    def start(self) -> None:
        self._last = None
        self.worst_s, self.ticks = 0.0, 0
        self.stalls_over = {0.016: 0, 0.033: 0, 0.050: 0}
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def worst_ms(self) -> float:
        return self.worst_s * 1000

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            stall = max(0.0, now - self._last - self._interval_s)
            self.worst_s = max(self.worst_s, stall)
            for threshold in self.stalls_over:
                if stall > threshold:
                    self.stalls_over[threshold] += 1
        self._last = now
        self.ticks += 1
