"""Record with real parts and check the result with the real ffmpeg and ffprobe."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from vfapp.capture.frames import VideoMode
from vfapp.capture.pipeline import Recorder
from vfapp.capture.recorder_settings import RecorderSettings
from vfapp.capture.sources import AudioSource, FrameSource
from vfapp.capture.stats import RecordingResult
from vfapp.capture.synthetic import SyntheticCamera, SyntheticMicrophone, SyntheticTimeline
from vfapp.playback.export import export_recording
from vfapp.vault import casework
from vfapp.vault.session import Vault

SMALL = VideoMode(width=320, height=240, fps=30)


def visit_for(vault: Vault) -> UUID:
    families = casework.list_families(vault)
    family = families[0] if families else casework.add_family(vault, "PIP-REC").value
    return casework.add_visit(vault, family.id, date(2026, 11, 26)).value.id


def synthetic(
    mode: VideoMode = SMALL, *, live: bool = False
) -> tuple[SyntheticCamera, SyntheticMicrophone]:
    timeline = SyntheticTimeline(live=live)
    return SyntheticCamera(mode, timeline), SyntheticMicrophone(timeline)


def record(
    vault: Vault,
    camera: FrameSource,
    microphone: AudioSource | None,
    timeout: float = 120,
    **settings: Any,
) -> RecordingResult:
    recorder = Recorder(
        vault, visit_for(vault), camera, microphone, settings=RecorderSettings(**settings)
    )
    recorder.start()
    result = recorder.wait(timeout)
    assert result is not None, "the recording did not end in time"
    return result


class Probe:
    def __init__(self, path: Path) -> None:
        self.path = path
        done = subprocess.run(
            ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        self.info = json.loads(done.stdout)

    @property
    def kinds(self) -> list[str]:
        return [s["codec_type"] for s in self.info["streams"]]

    def duration(self, kind: str) -> float:
        return float(next(s["duration"] for s in self.info["streams"] if s["codec_type"] == kind))

    def decode_errors(self) -> str:
        done = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(self.path), "-f", "null", "-"],
            capture_output=True,
            text=True,
        )
        return done.stdout + done.stderr


def export_and_probe(vault: Vault, recording_id: UUID, folder: Path) -> Probe:
    target = folder / f"check-{recording_id.hex[-8:]}.mp4"
    export_recording(vault, recording_id, target)
    return Probe(target)
