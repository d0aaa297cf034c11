"""What the screens are given by the composition root (`vfapp.app.bootstrap`): settings, the
vault folder, and the cameras and microphones of this laptop (or the synthetic ones)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from vfapp.capture.frames import VideoMode
from vfapp.capture.sources import AudioSource, FrameSource
from vfapp.playback.audio_output import AudioOutput
from vfapp.settings import Settings


class CameraChoice(BaseModel):
    """A camera the recording screen can offer."""

    model_config = ConfigDict(frozen=True)

    key: str  # "synthetic", or "camera:0"
    label: str  # what the picker shows, e.g. "Demo camera (synthetic: no real camera found)"
    synthetic: bool
    modes: tuple[tuple[int, int], ...]  # width, height


class MicrophoneChoice(BaseModel):
    """A microphone other than the laptop's default, for the recording screen's picker."""

    model_config = ConfigDict(frozen=True)

    key: str  # e.g. "input:3"
    label: str  # the device's own name


@dataclass
class AppServices:
    settings: Settings
    vault_folder: Path
    cameras: Callable[[], list[CameraChoice]]
    # The camera and the microphone that goes with it (None: no microphone on this laptop).
    open_sources: Callable[[CameraChoice, VideoMode], tuple[FrameSource, AudioSource | None]]
    # Other microphones than the default one, and how to open one of them by its key.
    microphones: Callable[[], list[MicrophoneChoice]] = field(default=lambda: [])
    open_microphone: Callable[[str], AudioSource | None] = field(default=lambda key: None)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    # Where a film's sound goes (None: no speaker, the pictures keep their own time).
    audio_output: Callable[[], AudioOutput | None] = field(default=lambda: None)
