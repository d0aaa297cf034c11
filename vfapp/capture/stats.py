"""Live recording statistics, and the result a recording ends with."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from vfapp.domain.models import Recording, RecordingStatus


class AudioState(StrEnum):
    RECORDING = "recording"
    NONE = "none"  # no microphone from the start: picture only
    LOST = "lost"  # the microphone stopped mid-recording


class RecordingStats(BaseModel):
    """A snapshot for the screen: everything a practitioner or a test needs to trust it."""

    model_config = ConfigDict(frozen=True)

    elapsed_s: float
    frames_captured: int
    frames_encoded: int
    frames_dropped: int  # never silent: shown on screen
    audio_blocks_dropped: int
    encoder_lag_s: float  # how far the encoder trails the camera
    bytes_committed: int
    fragments_committed: int  # pieces of film (about a second each) safe in the vault
    bytes_per_second: float
    free_bytes: int | None
    minutes_left: float | None
    disk_warning: bool
    audio: AudioState
    audio_message: str | None = None


class StopReason(StrEnum):
    REQUESTED = "requested"
    DURATION_REACHED = "duration_reached"
    SOURCE_ENDED = "source_ended"  # a file played as a camera ended
    CAMERA_LOST = "camera_lost"
    DISK_NEARLY_FULL = "disk_nearly_full"
    VAULT_WRITE_FAILED = "vault_write_failed"
    ENCODER_FAILED = "encoder_failed"
    CAPTURE_FAILED = "capture_failed"


class RecordingResult(BaseModel):
    """How a recording ended, in words a screen can show, and what was kept."""

    model_config = ConfigDict(frozen=True)

    recording: Recording
    reason: StopReason
    message: str | None = None
    stats: RecordingStats

    @property
    def can_continue_as_new_part(self) -> bool:
        return self.reason is StopReason.CAMERA_LOST

    @property
    def ended_cleanly(self) -> bool:
        """Stopped as asked (or at the end of a file) and closed with every part saved."""
        return self.reason in _CLEAN_ENDS and self.recording.status is RecordingStatus.COMPLETE


_CLEAN_ENDS = frozenset(
    {StopReason.REQUESTED, StopReason.DURATION_REACHED, StopReason.SOURCE_ENDED}
)
