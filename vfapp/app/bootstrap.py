"""The composition root: builds the services the window's screens are given. Nothing else
creates cameras, microphones or settings."""

from __future__ import annotations

import logging
from pathlib import Path

from vfapp.capture.camera import OpenCvCamera
from vfapp.capture.camera_list import list_cameras
from vfapp.capture.frames import VideoMode
from vfapp.capture.microphone import SoundDeviceMicrophone
from vfapp.capture.sources import AudioSource, FrameSource
from vfapp.capture.synthetic import SyntheticCamera, SyntheticMicrophone, SyntheticTimeline
from vfapp.playback.audio_output import AudioOutput, SoundDeviceOutput
from vfapp.settings import Settings
from vfapp.ui.services import AppServices, CameraChoice, MicrophoneChoice

log = logging.getLogger(__name__)
SYNTHETIC = CameraChoice(
    key="synthetic",
    label="Demo camera (synthetic: no webcam was found)",
    synthetic=True,
    modes=((1280, 720), (640, 360)),
)


def camera_choices(*, demo: bool = False) -> list[CameraChoice]:
    """The webcams of this laptop; the synthetic camera when there are none (or in demo)."""
    choices = []
    if not demo:
        try:
            cameras = list_cameras()
        except Exception:  # a broken driver must not stop the app from opening
            log.exception("listing cameras failed")
            cameras = []
        for camera in cameras:
            sizes = sorted({(m.width, m.height) for m in camera.modes}, reverse=True)
            choices.append(
                CameraChoice(
                    key=f"camera:{camera.index}",
                    label=camera.name,
                    synthetic=False,
                    modes=tuple(sizes) or ((1280, 720),),
                )
            )
    return choices or [SYNTHETIC]


def open_sources(choice: CameraChoice, mode: VideoMode) -> tuple[FrameSource, AudioSource | None]:
    if choice.synthetic:
        timeline = SyntheticTimeline(live=True)
        return SyntheticCamera(mode, timeline), SyntheticMicrophone(timeline)
    index = int(choice.key.split(":", 1)[1])
    return OpenCvCamera(index, mode), _microphone()


def microphone_choices() -> list[MicrophoneChoice]:
    """Every input device PortAudio knows, by name (none when there is no sound system)."""
    try:
        import sounddevice

        devices = list(sounddevice.query_devices())
    except Exception:
        return []
    return [
        MicrophoneChoice(key=f"input:{index}", label=str(device["name"]))
        for index, device in enumerate(devices)
        if int(device.get("max_input_channels", 0)) > 0
    ]


def open_microphone(key: str) -> AudioSource | None:
    if not key.startswith("input:"):
        return None
    return SoundDeviceMicrophone(device=int(key.split(":", 1)[1]))


def _microphone() -> AudioSource | None:
    try:
        import sounddevice

        sounddevice.query_devices(kind="input")
    except Exception:  # no input device (or no PortAudio): record picture only, and say so
        return None
    return SoundDeviceMicrophone()


def speaker() -> AudioOutput | None:
    """The laptop's speaker or headphones, if it has any."""
    return SoundDeviceOutput() if SoundDeviceOutput.available() else None


def build_services(
    settings: Settings | None = None, *, vault_folder: Path | None = None, demo: bool = False
) -> AppServices:
    settings = settings or Settings.from_environment()
    return AppServices(
        settings=settings,
        vault_folder=vault_folder or settings.default_vault,
        cameras=lambda: camera_choices(demo=demo),
        open_sources=open_sources,
        microphones=microphone_choices,
        open_microphone=open_microphone,
        audio_output=speaker,
    )
