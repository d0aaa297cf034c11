"""Films through the store: this device's chunks pushed as sealed (never re-encrypted) with
the film's key sealed for its family; others' chunks fetched in order, checked, and kept, so
a film can be watched from its start while the rest arrives; shredded films' objects removed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import ChunkDamaged
from vfapp.sync import crypto
from vfapp.sync.context import SyncContext
from vfapp.sync.export import family_key
from vfapp.sync.store import ObjectMissing, put_one
from vfapp.vault import sync_films, sync_media, sync_rows
from vfapp.vault.sealing import ChunkSealer

WINDOW = 32  # chunks per store call and vault transaction (8 MiB)


class FilmProgress(BaseModel):
    model_config = ConfigDict(frozen=True)

    recording_id: str
    direction: str  # "up" or "down"
    done: int
    total: int


Progress = Callable[[FilmProgress], None]


def push_films(ctx: SyncContext, progress: Progress) -> list[tuple[str, str, list[int]]]:
    """Send every chunk the store lacks; return films now whole there, to announce."""
    names = ctx.require_names()
    db = ctx.vault.db
    ready: list[tuple[str, str, list[int]]] = []
    for recording_id, deleted in sync_media.own_films(db):
        state = sync_films.film_out_state(db, recording_id)
        if deleted:
            sent_any = state is not None or sync_films.chunks_sent(db, recording_id)
            if state != "shredded" and sent_any:
                _remove_own_objects(ctx, recording_id)
            continue
        if state == "announced":
            continue
        family = sync_rows.family_of(db, "recordings", (recording_id,))
        key = sync_media.film_key_here(db, recording_id)
        if family is None or key is None:
            continue
        sizes = sync_media.chunk_sizes(db, recording_id)
        todo = sorted(set(range(len(sizes))) - sync_films.chunks_sent(db, recording_id))
        done = len(sizes) - len(todo)
        for start in range(0, len(todo), WINDOW * 4):
            seqs = todo[start : start + WINDOW * 4]
            items = (
                (names.chunk(ctx.device_id, recording_id, seq), data)
                for seq, _f, _s, data in sync_media.sealed_chunks(db, recording_id, seqs)
            )
            by_name = {names.chunk(ctx.device_id, recording_id, s): s for s in seqs}
            stored: list[int] = []
            try:
                for name in ctx.store.put_many(items):
                    stored.append(by_name[name])
            finally:
                with ctx.vault.write() as batch:
                    sync_films.mark_chunks_sent(batch.db, recording_id, stored)
            done += len(stored)
            progress(
                FilmProgress(recording_id=recording_id, direction="up", done=done, total=len(sizes))
            )
        with ctx.vault.write() as batch:
            scope_key = family_key(ctx, batch.db, family)
        name = names.film_key(ctx.device_id, recording_id)
        body = json.dumps({"recording_id": recording_id, "key": key.hex()}).encode()
        sealed = ctx.seal_latest(scope_key.scope, name, body)
        envelope = names.scope_tag(family).encode() + b"\n" + sealed
        put_one(ctx.store, name, envelope)
        ready.append((recording_id, family, sizes))
    return ready


def _remove_own_objects(ctx: SyncContext, recording_id: str) -> None:
    """A film shredded here: its chunks and key in the store become garbage; collect them."""
    names = ctx.require_names()
    db = ctx.vault.db
    sent = sorted(sync_films.chunks_sent(db, recording_id))
    keys = [names.film_key(ctx.device_id, recording_id)]
    keys += [names.chunk(ctx.device_id, recording_id, seq) for seq in sent]
    ctx.store.delete_many(keys)
    with ctx.vault.write() as batch:
        sync_films.drop_film(batch.db, recording_id)
        sync_films.set_film_out(batch.db, recording_id, "shredded")


def fetch_film_keys(ctx: SyncContext) -> int:
    """Install the key of each announced film whose record is here (needed to check chunks)."""
    names = ctx.require_names()
    db = ctx.vault.db
    wanted = {
        names.film_key(device, recording_id): recording_id
        for recording_id, device, _sizes in sync_films.films_in(db)
        if sync_media.film_key_here(db, recording_id) is None
    }
    got = 0
    for name, data in _present(ctx, list(wanted)):
        scope_tag, _sep, sealed = data.partition(b"\n")
        plain = ctx.open_scoped(scope_tag.decode(), name, sealed, "A film's key")
        if plain is None:
            continue
        body = json.loads(plain)
        recording_id = wanted[name]
        if body.get("recording_id") != recording_id:
            raise crypto.ObjectRefused("A film's key")
        with ctx.vault.write() as batch:
            sync_films.save_film_key(batch.db, recording_id, bytes.fromhex(body["key"]))
            if sync_rows.read_row(batch.db, "recordings", (recording_id,)) is not None:
                sync_media.install_film_key(batch.db, recording_id, bytes.fromhex(body["key"]))
                got += 1
    return got


def _present(ctx: SyncContext, keys: list[str]) -> Iterator[tuple[str, bytes]]:
    for key in keys:
        try:
            yield from ctx.store.get_many([key])
        except ObjectMissing:
            continue


def pull_films(
    ctx: SyncContext, progress: Progress, only: str | None = None, refused: list[str] | None = None
) -> int:
    """Fetch missing chunks of announced films in order; return chunks stored. A film whose
    part fails its check is left for the next sync, its reason added to `refused`."""
    stored = 0
    for recording_id, device, sizes in sync_films.films_in(ctx.vault.db):
        if only is not None and recording_id != only:
            continue
        try:
            stored += _pull_film(ctx, recording_id, device, sizes, progress)
        except (crypto.ObjectRefused, ObjectMissing):
            if refused is not None:
                refused.append(
                    "A part of a film in the team store is missing or failed its check; the "
                    "parts before it are here, and the rest will be fetched at the next sync."
                )
    return stored


def _pull_film(
    ctx: SyncContext, recording_id: str, device: str, sizes: list[int], progress: Progress
) -> int:
    names = ctx.require_names()
    db = ctx.vault.db
    key = sync_media.film_key_here(db, recording_id)
    if key is None:
        return 0
    sealer = ChunkSealer(UUID(recording_id), key)
    todo = sorted(set(range(len(sizes))) - sync_films.chunks_present(db, recording_id))
    done = len(sizes) - len(todo)
    for start in range(0, len(todo), WINDOW):
        seqs = todo[start : start + WINDOW]
        by_name = {names.chunk(device, recording_id, s): s for s in seqs}
        fetched = dict(ctx.store.get_many(list(by_name)))
        with ctx.vault.write() as batch:
            for name, seq in sorted(by_name.items(), key=lambda item: item[1]):
                final = seq == len(sizes) - 1
                try:
                    plain_len = len(sealer.open(seq, final, fetched[name]))
                except ChunkDamaged:
                    raise crypto.ObjectRefused("A part of a film") from None
                if plain_len != sizes[seq]:
                    raise crypto.ObjectRefused("A part of a film")
                chunk = (seq, final, sizes[seq], fetched[name])
                sync_media.store_chunk(batch.db, recording_id, chunk)
        done += len(seqs)
        progress(
            FilmProgress(recording_id=recording_id, direction="down", done=done, total=len(sizes))
        )
    with ctx.vault.write() as batch:
        sync_films.finish_film_in(batch.db, recording_id)
    return len(todo)
