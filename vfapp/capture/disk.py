"""Free space on the vault's disk: a probe behind a protocol, and the warn/stop policy."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict

MIB = 1024 * 1024


class DiskSpaceProbe(Protocol):
    def free_bytes(self) -> int: ...


class FolderDiskProbe:
    """Free bytes on the filesystem holding a folder."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def free_bytes(self) -> int:
        return shutil.disk_usage(self._folder).free


class DiskPolicy(BaseModel):
    """When to warn and when to stop, given the bitrate of the recording so far."""

    model_config = ConfigDict(frozen=True)

    warn_minutes_left: float = 10.0
    # Stop while the vault can still commit its last part and close cleanly: SQLite needs
    # room for the write-ahead log to fold into vault.db, which needs this much headroom.
    reserve_bytes: int = 64 * MIB
    reserve_seconds: float = 15.0

    def minutes_left(self, free: int, bytes_per_second: float) -> float | None:
        if bytes_per_second <= 0:
            return None
        usable = max(0, free - self.reserve_bytes)
        return usable / bytes_per_second / 60

    def must_stop(self, free: int, bytes_per_second: float) -> bool:
        return free < self.reserve_bytes + self.reserve_seconds * max(bytes_per_second, 0)

    def should_warn(self, free: int, bytes_per_second: float) -> bool:
        left = self.minutes_left(free, bytes_per_second)
        return left is not None and left < self.warn_minutes_left
