"""Writing a plain (unencrypted) copy where the user asked: a hidden partial file readable by
its owner only, renamed into place when complete, and removed if anything stops it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from vfapp.domain.errors import InvalidInput


def checked_destination(
    target: Path, suffixes: tuple[str, ...], *, overwrite: bool = False
) -> Path:
    """`target` if a file may be written there: its folder exists, its name ends in one of
    `suffixes`, and it is not already there (unless `overwrite`)."""
    target = target.expanduser()
    if suffixes and target.suffix.lower() not in suffixes:
        raise InvalidInput("file name", f"{target.name!r} must end in {' or '.join(suffixes)}")
    if not target.parent.is_dir():
        raise InvalidInput("folder", f"{target.parent} does not exist; make it first")
    if target.is_dir():
        raise InvalidInput("file name", f"{target} is a folder; name a file in it")
    if target.exists() and not overwrite:
        raise InvalidInput("file", f"{target} already exists; choose another name")
    return target


def checked_folder(folder: Path) -> Path:
    folder = folder.expanduser()
    if not folder.is_dir():
        raise InvalidInput("folder", f"{folder} does not exist; make it first")
    return folder


def partial_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial")


@contextlib.contextmanager
def plain_file(target: Path) -> Iterator[Path]:
    """Yield the partial file to write (made empty, mode 0600); on success it becomes
    `target`, on any exception (a cancel included) it is deleted."""
    partial = partial_path(target)
    # A partial left by an export that was killed is plaintext too: never leave it lying.
    partial.unlink(missing_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    os.close(os.open(partial, flags, 0o600))
    try:
        yield partial
        partial.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def write_plain(target: Path, data: bytes) -> int:
    """Write `data` to `target` through a partial file; return its size."""
    with plain_file(target) as partial, partial.open("r+b") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return len(data)
