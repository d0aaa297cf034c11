"""The three team-store transports pass one conformance suite against real local servers."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

from tests.sync_servers import (
    ACCESS_KEY,
    BUCKET,
    SECRET_KEY,
    RcloneServer,
    start_rclone_s3,
    write_rclone_config,
)
from vfapp.sync.folder_store import FolderStore
from vfapp.sync.rclone_store import RcloneStore
from vfapp.sync.s3_store import S3Store
from vfapp.sync.store import ObjectMissing, ObjectStore, StoreUnreachable

CHUNK = 256 * 1024


class Switch(Protocol):
    def stop(self) -> None: ...
    def start(self) -> None: ...


class FolderSwitch:
    """The folder 'goes away' as an unplugged disk would: moved aside, then back."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def stop(self) -> None:
        self.root.rename(self.root.with_name("unplugged"))

    def start(self) -> None:
        self.root.with_name("unplugged").rename(self.root)


@dataclass
class Subject:
    store: ObjectStore
    server: Switch


@pytest.fixture(params=["folder", "s3", "rclone-webdav"])
def subject(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Subject]:
    if request.param == "folder":
        (tmp_path / "share").mkdir()
        yield Subject(FolderStore(tmp_path / "share"), FolderSwitch(tmp_path / "share"))
        return
    if request.param == "s3":
        with start_rclone_s3(tmp_path / "s3") as server:
            yield Subject(S3Store(server.url, BUCKET, ACCESS_KEY, SECRET_KEY), server)
        return
    with RcloneServer("webdav", tmp_path / "dav") as server:
        config = write_rclone_config(tmp_path / "rclone.conf", {"webdav": server})
        yield Subject(RcloneStore("teamdav:team", config_path=config), server)


def hexname(rng: random.Random, length: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(length))


def objects(count: int, seed: int, size: int | None = None) -> dict[str, bytes]:
    rng = random.Random(seed)
    films = [hexname(rng, 32) for _ in range(3)]
    made: dict[str, bytes] = {}
    while len(made) < count:
        key = f"d/{rng.choice(films)}/m/{hexname(rng, 16)}"
        length = size or rng.choice([100, 4096, 70_000, CHUNK, CHUNK, 300 * 1024])
        made[key] = rng.randbytes(length)
    return made


def test_round_trip_list_and_missing(subject: Subject) -> None:
    store = subject.store
    items = objects(300, seed=1)
    yielded = list(store.put_many(items.items()))
    assert sorted(yielded) == sorted(items)
    assert dict(store.get_many(reversed(list(items)))) == items

    everything = store.list("")
    assert [info.key for info in everything] == sorted(items)
    assert all(info.size == len(items[info.key]) for info in everything)
    film = sorted(items)[0].split("/")[1]
    assert [i.key for i in store.list(f"d/{film}/")] == sorted(
        k for k in items if k.startswith(f"d/{film}/")
    )
    partial = f"d/{film[:5]}"
    assert {i.key for i in store.list(partial)} == {k for k in items if k.startswith(partial)}
    assert store.list("d/ffffffff") == [] or all(
        i.key.startswith("d/ffffffff") for i in store.list("d/ffffffff")
    )
    assert store.list("nothing/here/") == []

    present = sorted(items)[0]
    with pytest.raises(ObjectMissing) as missing:
        dict(store.get_many([present, "d/00/m/0123456789abcdef"]))
    assert missing.value.key == "d/00/m/0123456789abcdef"


def test_head_is_overwritten_and_delete_counts_only_present(subject: Subject) -> None:
    store = subject.store
    first, second = os.urandom(100), os.urandom(100)
    assert list(store.put_many([("h/0a1b2c", first)])) == ["h/0a1b2c"]
    assert list(store.put_many([("h/0a1b2c", second)])) == ["h/0a1b2c"]
    assert dict(store.get_many(["h/0a1b2c"])) == {"h/0a1b2c": second}
    assert [(i.key, i.size) for i in store.list("h/")] == [("h/0a1b2c", 100)]

    items = objects(20, seed=2)
    list(store.put_many(items.items()))
    doomed = sorted(items)[:7]
    assert store.delete_many([*doomed, "d/00/m/0123456789abcdef"]) == 7
    assert [i.key for i in store.list("d/")] == sorted(items)[7:]
    assert store.delete_many([]) == 0


def test_unreachable_store_says_so_plainly(subject: Subject) -> None:
    store = subject.store
    list(store.put_many([("h/0a1b2c", b"x" * 100)]))
    subject.server.stop()
    attempts = [
        lambda: list(store.put_many([("h/0a1b2c", b"y" * 100)])),
        lambda: dict(store.get_many(["h/0a1b2c"])),
        lambda: store.list("h/"),
    ]
    for attempt in attempts:
        with pytest.raises(StoreUnreachable) as failure:
            attempt()
        message = str(failure.value)
        assert "could not be reached" in message
        assert "0a1b2c" not in message and "Traceback" not in message
        assert len(message) < 400
    subject.server.start()
    assert dict(store.get_many(["h/0a1b2c"])) == {"h/0a1b2c": b"x" * 100}


def test_server_lost_mid_upload_then_resumed(subject: Subject) -> None:
    store = subject.store
    items = objects(300, seed=3, size=CHUNK)
    stored: list[str] = []
    with pytest.raises(StoreUnreachable):
        for key in store.put_many(items.items()):
            stored.append(key)
            if len(stored) == 3:
                subject.server.stop()
    assert 3 <= len(stored) < len(items)

    subject.server.start()
    assert dict(store.get_many(stored)) == {key: items[key] for key in stored}
    assert sorted(store.put_many(items.items())) == sorted(items)
    assert dict(store.get_many(items)) == items
    assert [info.key for info in store.list("")] == sorted(items)
