"""The team store as the sync engine sees it: named, immutable objects; batch put and get."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import VfappError


class ObjectInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    size: int


class StoreUnreachable(VfappError):
    """The team store could not be reached or stopped answering; nothing saved was lost."""

    def __init__(self, store: str, detail: str) -> None:
        super().__init__(
            f"The team store ({store}) could not be reached: {detail}. Nothing saved on this "
            "laptop was lost; sync again when it is back and it will carry on where it stopped."
        )


class ObjectMissing(VfappError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__("A file the sync expected in the team store is not there.")


class ObjectStore(Protocol):
    """Keys are '/'-separated lower-case names; values are opaque bytes.

    A put is all-or-nothing for readers (write aside, then rename or commit). Objects are never
    changed in place except the one per-device head, which only its device writes.
    """

    @property
    def description(self) -> str:
        """Where the store is, in words for the sync screen (no secrets)."""
        ...

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> Iterator[str]:
        """Store each (key, data), concurrently where the transport can; yield each key once
        it is safely stored, so a caller can record progress and resume after a failure."""
        ...

    def get_many(self, keys: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        """Yield (key, data) for each key, in any order; ObjectMissing if one is absent."""
        ...

    def list(self, prefix: str) -> list[ObjectInfo]:
        """Every object whose key starts with `prefix` (recursively), in key order."""
        ...

    def delete_many(self, keys: Iterable[str]) -> int:
        """Remove these objects (absent ones are fine); return how many were removed."""
        ...


def put_one(store: ObjectStore, key: str, data: bytes) -> None:
    """Store one object (a head, a roster, a key): put_many of one, waited for."""
    for _stored in store.put_many([(key, data)]):
        pass


def get_one(store: ObjectStore, key: str) -> bytes:
    """One object's bytes; ObjectMissing if it is not there."""
    found = list(store.get_many([key]))  # run to its end, so the transport finishes cleanly
    if not found:
        raise ObjectMissing(key)
    return found[0][1]
