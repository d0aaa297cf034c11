"""Typed settings with their defaults in one place; paths come from platformdirs."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs
from pydantic import BaseModel, ConfigDict, Field

SETTINGS_SCHEMA_VERSION = 1
APP_NAME = "Attune"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    schema_version: int = SETTINGS_SCHEMA_VERSION
    data_dir: Path
    idle_lock_minutes: float = Field(default=10, gt=0, le=240)  # lock after this long unused

    @property
    def default_vault(self) -> Path:
        """The user's own vault, used when a command is given no --vault."""
        return self.data_dir / "vault"

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """Defaults, with VFAPP_DATA_DIR overriding the data folder (portable installs, tests)."""
        override = environ.get("VFAPP_DATA_DIR")
        data_dir = Path(override) if override else platformdirs.user_data_path(APP_NAME, False)
        return cls(data_dir=data_dir)
