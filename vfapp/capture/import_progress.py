"""The words around an import's work: the file checked before anything else (and before any
password is asked for), how far the import has got, and how much of a damaged file could be
read."""

from __future__ import annotations

import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vfapp.domain.errors import VfappError


class ImportRefused(VfappError):
    """The file cannot be imported at all; nothing was added to the vault."""


class ImportMeter:
    """Calls `progress(fraction)` now and then, by time over the length the file claims (or
    by bytes read when it does not say), never going backwards."""

    INTERVAL_S = 0.25

    def __init__(
        self, progress: Callable[[float], object] | None, size: int, duration: float | None
    ) -> None:
        self._progress = progress
        self._size = size
        self._duration = duration
        self._shown = 0.0
        self._last = 0.0

    def tick(self, packet: Any) -> None:
        now = time.monotonic()
        if self._progress is None or now - self._last < self.INTERVAL_S:
            return
        if self._duration and packet.dts is not None and packet.time_base:
            fraction = float(packet.dts * packet.time_base) / self._duration
        elif packet.pos is not None and packet.pos >= 0 and self._size:
            fraction = packet.pos / self._size
        else:
            return
        self._shown, self._last = max(self._shown, min(1.0, fraction)), now
        self._progress(self._shown)

    def done(self) -> None:
        if self._progress is not None:
            self._progress(1.0)


def check_importable(path: Path) -> None:
    """Refuse, in words, a path that is not a readable, non-empty regular file (before any
    password is asked for: nothing here needs the vault)."""
    try:
        facts = path.stat()
    except FileNotFoundError:
        raise ImportRefused(f"There is no file at {path}.") from None
    except OSError as error:
        raise ImportRefused(f"{path} cannot be opened: {reason(error)}.") from None
    if stat.S_ISDIR(facts.st_mode):
        raise ImportRefused(f"{path} is a folder, not a video file; choose a file inside it.")
    if not stat.S_ISREG(facts.st_mode):
        kind = _KINDS.get(stat.S_IFMT(facts.st_mode), "something other than a file")
        raise ImportRefused(
            f"{path} is not a regular file (it is {kind}), so it cannot be imported."
        )
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        raise ImportRefused(f"{path} cannot be opened: {reason(error)}.") from None
    if facts.st_size == 0:
        raise ImportRefused(f"{path} is empty, so there is nothing in it to import.")


_KINDS = {
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFIFO: "a pipe",
    stat.S_IFSOCK: "a socket",
}


def reason(error: OSError) -> str:
    """Why the system would not open a file, in plain words."""
    if isinstance(error, PermissionError):
        return "you do not have permission to read it"
    return error.strerror.lower() if error.strerror else "the system refused"


def damage_warning(end_s: float, whole_s: float | None) -> str:
    """What a damaged file gave: "Only 0:00-1:09 of 2:19 could be read; ..."."""
    tenths = max(end_s, whole_s or 0) < 60
    span = f"{_clock(0, tenths)}-{_clock(end_s, tenths)}"
    total = f" of {_clock(whole_s, tenths)}" if whole_s else ""
    return f"Only {span}{total} could be read; the rest of the file is damaged."


def _clock(seconds: float, tenths: bool) -> str:
    """1:09, or 0:01.7 when tenths matter (a film under a minute)."""
    if tenths:
        return f"{int(seconds // 60)}:{seconds % 60:04.1f}"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"
