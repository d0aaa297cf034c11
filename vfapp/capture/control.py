"""What the recorder's threads share: the reason to stop, and the live counters."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from vfapp.capture.stats import AudioState, StopReason

# These mean the recording could not be closed as it should: they replace any ordinary reason
# (a requested stop, the duration reached) that was set before they happened.
FAILURES = frozenset(
    {StopReason.VAULT_WRITE_FAILED, StopReason.ENCODER_FAILED, StopReason.CAPTURE_FAILED}
)


class StopSignal:
    """Set once by whichever thread first decides the recording must end, and why."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self.reason: StopReason | None = None
        self.message: str | None = None

    def request(self, reason: StopReason, message: str | None = None) -> None:
        with self._lock:
            failure_over_ordinary = reason in FAILURES and self.reason not in FAILURES
            if self.reason is None or failure_over_ordinary:
                self.reason, self.message = reason, message
        self._event.set()

    def explain_first(self, text: str) -> None:
        """Put `text` before whatever message the reason already has."""
        with self._lock:
            self.message = f"{text} {self.message}" if self.message else text

    @property
    def is_set(self) -> bool:
        return self._event.is_set()


@dataclass
class LiveCounters:
    """Written by one thread each, read by `stats()` from any."""

    frames_captured: int = 0
    frames_dropped: int = 0
    audio_blocks_dropped: int = 0
    audio_state: AudioState = AudioState.NONE
    audio_message: str | None = None
