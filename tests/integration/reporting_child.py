"""A child Python process that reports progress one line at a time, for kill -9 tests."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class ReportingChild:
    """`python -m MODULE ARGS...`; `lines` fills as the child prints; `kill()` is SIGKILL."""

    def __init__(self, module: str, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.lines: list[str] = []
        stdout = self.process.stdout
        assert stdout is not None
        self._reader = threading.Thread(
            target=lambda: self.lines.extend(line.strip() for line in stdout)
        )
        self._reader.start()

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> list[str]:
        """SIGKILL, wait for it, and return every line it printed."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self._reader.join(timeout=5)
        return self.lines
