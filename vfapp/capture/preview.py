"""Hand the newest frame to a preview consumer without ever holding up the recording."""

from __future__ import annotations

import threading
from collections.abc import Callable

from vfapp.capture.frames import CapturedFrame

PreviewCallback = Callable[[CapturedFrame], None]


class PreviewTap:
    """Keeps only the latest frame. A consumer either polls `latest()` or registers a
    callback that must return at once (a Qt queued signal does); older frames are replaced,
    never queued, so a busy screen costs the recording nothing."""

    def __init__(self) -> None:
        self._latest: CapturedFrame | None = None
        self._lock = threading.Lock()
        self._callback: PreviewCallback | None = None
        self.offered = 0
        self.callback_errors = 0

    def attach(self, callback: PreviewCallback | None) -> None:
        self._callback = callback

    def offer(self, frame: CapturedFrame) -> None:
        with self._lock:
            self._latest = frame
            self.offered += 1
        callback = self._callback
        if callback is not None:
            try:
                callback(frame)
            except Exception:
                # A screen that fails to draw must never stop the recording.
                self.callback_errors += 1

    def latest(self) -> CapturedFrame | None:
        with self._lock:
            return self._latest
