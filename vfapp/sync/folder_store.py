"""The team store as a plain folder: a network share, a USB disk or a synced OneDrive folder."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import TypeVar

from vfapp.sync.store import ObjectInfo, ObjectMissing, StoreUnreachable

T = TypeVar("T")
R = TypeVar("R")

_KEY = re.compile(r"[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*")
_TEMP_PREFIX = ".tmp-"


def check_key(key: str) -> str:
    """The key itself if it is a valid store name (never '..', never absolute), else ValueError."""
    if not _KEY.fullmatch(key):
        raise ValueError(f"not a team store key: {key!r}")
    return key


def concurrently(fn: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """fn(item) on `workers` threads, yielding results as they finish.

    Only about 2 * workers items are read ahead, so a lazy iterable of big objects stays lazy.
    On the first failure no new work starts; results that did finish are yielded, then it raises.
    """
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="store")
    pending: set[Future[R]] = set()
    source = iter(items)
    failure: BaseException | None = None
    try:
        exhausted = False
        while True:
            while not exhausted and failure is None and len(pending) < 2 * workers:
                item = next(source, None)
                if item is None:
                    exhausted = True
                else:
                    pending.add(pool.submit(fn, item))
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                error = future.exception()
                if error is None:
                    yield future.result()
                elif failure is None:
                    failure = error
        if failure is not None:
            raise failure
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _plain(error: OSError) -> str:
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        return "the disk is full"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "this laptop is not allowed to write there"
    name = errno.errorcode.get(error.errno or 0, "unknown")
    return f"the disk or share did not answer ({name})"


class FolderStore:
    """Objects are files under `root`; a put writes a temp file beside the target, then renames."""

    def __init__(self, root: Path, workers: int = 8) -> None:
        self.root = Path(root)
        self.workers = workers
        self._made: set[str] = set()

    @property
    def description(self) -> str:
        return f"the folder {self.root}"

    def _unreachable(self, error: OSError | None = None) -> StoreUnreachable:
        if error is None or not self.root.is_dir():
            return StoreUnreachable(
                self.description,
                "the folder is not there (is the disk plugged in and the share connected?)",
            )
        return StoreUnreachable(self.description, _plain(error))

    def _ensure_parent(self, key: str) -> None:
        # One level at a time, never creating root itself: an unplugged disk must not be
        # replaced by a fresh empty folder at the same mount point.
        parts = key.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            rel = "/".join(parts[:depth])
            if rel in self._made:
                continue
            with contextlib.suppress(FileExistsError):
                (self.root / rel).mkdir()
            self._made.add(rel)

    def _put(self, item: tuple[str, bytes]) -> str:
        key, data = item
        target = self.root / check_key(key)
        temp = target.with_name(f"{_TEMP_PREFIX}{uuid.uuid4().hex}")
        try:
            if not self.root.is_dir():
                raise self._unreachable()
            self._ensure_parent(key)
            try:
                handle = temp.open("xb")
            except FileNotFoundError:
                self._made.clear()  # a folder was removed under us: make it again once
                self._ensure_parent(key)
                handle = temp.open("xb")
            with handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            temp.replace(target)
        except OSError as error:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise self._unreachable(error) from None
        _fsync_dir(target.parent)
        return key

    def _get(self, key: str) -> tuple[str, bytes]:
        try:
            return key, (self.root / check_key(key)).read_bytes()
        except FileNotFoundError:
            if not self.root.is_dir():
                raise self._unreachable() from None
            raise ObjectMissing(key) from None
        except OSError as error:
            raise self._unreachable(error) from None

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> Iterator[str]:
        return concurrently(self._put, items, self.workers)

    def get_many(self, keys: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        return concurrently(self._get, keys, self.workers)

    def list(self, prefix: str) -> list[ObjectInfo]:
        if not self.root.is_dir():
            raise self._unreachable()
        base = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        found: list[ObjectInfo] = []
        try:
            for dirpath, dirnames, filenames in os.walk(self.root / base, onerror=_raise):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                rel = Path(dirpath).relative_to(self.root).as_posix()
                for name in filenames:
                    key = name if rel == "." else f"{rel}/{name}"
                    if key.startswith(prefix) and _KEY.fullmatch(key):
                        size = Path(dirpath, name).stat().st_size
                        found.append(ObjectInfo(key=key, size=size))
        except FileNotFoundError:
            if not self.root.is_dir():
                raise self._unreachable() from None
            return []
        except OSError as error:
            raise self._unreachable(error) from None
        return sorted(found, key=lambda info: info.key)

    def delete_many(self, keys: Iterable[str]) -> int:
        if not self.root.is_dir():
            raise self._unreachable()
        removed = 0
        for key in keys:
            try:
                (self.root / check_key(key)).unlink()
                removed += 1
            except FileNotFoundError:
                continue
            except OSError as error:
                raise self._unreachable(error) from None
        return removed


def _raise(error: OSError) -> None:
    raise error


def _fsync_dir(path: Path) -> None:
    # Makes the rename durable on POSIX; Windows cannot open a directory, and NTFS journals it.
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
