"""Which camera, microphone and picture size this laptop used last: a small JSON file in
the app's data folder (devices only: never a family, a user or a recording)."""

from __future__ import annotations

import contextlib
import json
import logging
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

log = logging.getLogger(__name__)
FILE_NAME = "recorder-devices.json"


class DeviceChoice(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    schema_version: int = 1
    camera: str | None = None  # a CameraChoice key: "camera:0", "synthetic"
    microphone: bool = True  # False: record picture only
    microphone_device: str | None = None  # a MicrophoneChoice key; None: the default one
    width: int | None = None
    height: int | None = None


class DeviceMemory:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME

    def load(self) -> DeviceChoice:
        """What was chosen last; the defaults if nothing was, or the file is unreadable."""
        try:
            return DeviceChoice.model_validate(json.loads(self.path.read_text("utf-8")))
        except FileNotFoundError:
            return DeviceChoice()
        except (OSError, ValueError, ValidationError):
            log.warning("the remembered camera choice could not be read; using defaults")
            return DeviceChoice()

    def save(self, choice: DeviceChoice) -> None:
        """Best effort: a read-only data folder must not stop a recording."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(choice.model_dump_json(indent=2), "utf-8")
            temporary.replace(self.path)
        except OSError:
            log.warning("the camera choice could not be remembered")
            with contextlib.suppress(OSError):
                self.path.with_suffix(".tmp").unlink()
