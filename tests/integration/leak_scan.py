"""Look for plaintext in files: a marker, and the signatures of SQLite and MP4 files."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

# Long enough that random ciphertext never matches by chance (a 4-byte "mfhd" alone would
# turn up in a few runs out of a hundred, given how much changing ciphertext is rescanned).
SIGNATURES = {
    "SQLite header": re.compile(re.escape(b"SQLite format 3\x00")),
    "MP4 file-type box": re.compile(b"ftypiso"),
    "MP4 fragment header": re.compile(b"moof.{4}mfhd", re.DOTALL),
    "H.264 encoder banner": re.compile(re.escape(b"x264 - core")),
}


class Hit(BaseModel):
    path: str
    what: str


class ScanResult(BaseModel):
    files: int
    bytes: int
    hits: list[Hit]


def scan(paths: Iterable[Path], marker: bytes) -> ScanResult:
    needles = {"marker": re.compile(re.escape(marker)), **SIGNATURES}
    files = total = 0
    hits: list[Hit] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        files += 1
        total += len(data)
        hits += [
            Hit(path=str(path), what=n) for n, needle in needles.items() if needle.search(data)
        ]
    return ScanResult(files=files, bytes=total, hits=hits)


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def open_regular_files() -> list[Path]:
    """This process's open files, including deleted ones (read through /proc/self/fd)."""
    found = []
    for link in Path("/proc/self/fd").iterdir():
        try:
            target = str(link.readlink())
        except OSError:
            continue
        if target.startswith("/") and not target.startswith(("/dev/", "/proc/")) and link.is_file():
            found.append(link)
    return found
