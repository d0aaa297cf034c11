"""Store wrappers for fault tests: count what crosses, or fail (or die) part-way."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from vfapp.sync.store import ObjectInfo, ObjectStore, StoreUnreachable


class WatchedStore:
    """Passes everything to a real store, counting puts and gets by kind of object, and can
    cut the connection after a number of film parts (as an unplugged cable would)."""

    def __init__(self, inner: ObjectStore, *, fail_after_chunk_gets: int | None = None) -> None:
        self.inner = inner
        self.puts: list[str] = []
        self.gets: list[str] = []
        self.fail_after_chunk_gets = fail_after_chunk_gets

    @property
    def description(self) -> str:
        return self.inner.description

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> Iterator[str]:
        for key in self.inner.put_many(items):
            self.puts.append(key)
            yield key

    def get_many(self, keys: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        for key, data in self.inner.get_many(keys):
            limit = self.fail_after_chunk_gets
            if "/m/" in key and limit is not None and self.count("m", self.gets) >= limit:
                raise StoreUnreachable(self.description, "the connection dropped")
            self.gets.append(key)
            yield key, data

    def list(self, prefix: str) -> list[ObjectInfo]:
        return self.inner.list(prefix)

    def delete_many(self, keys: Iterable[str]) -> int:
        return self.inner.delete_many(keys)

    def count(self, kind: str, of: list[str]) -> int:
        return sum(f"/{kind}/" in key for key in of)


class DyingStore(WatchedStore):
    """Kills the whole process (no clean-up at all) once `after` batches are stored."""

    def __init__(self, inner: ObjectStore, after: int) -> None:
        super().__init__(inner)
        self.after = after

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> Iterator[str]:
        for key in super().put_many(items):
            yield key
            if self.count("b", self.puts) >= self.after:
                os._exit(9)
