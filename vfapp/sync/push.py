"""This device's side of the store: unsent batches up, then its signed head; and a check that
the store still holds what this device wrote (a lost, cut or replayed object is written again)."""

from __future__ import annotations

from vfapp.sync import crypto
from vfapp.sync.context import TEAM, SyncContext, signed, verified_body
from vfapp.sync.models import Head, HeadEntry
from vfapp.sync.store import ObjectMissing, get_one, put_one
from vfapp.vault import sync_state
from vfapp.vault.sync_state import OutboxEntry


def push_outbox(ctx: SyncContext) -> int:
    """Upload unsent batches, then the head listing every batch; return batches sent."""
    entries = sync_state.outbox(ctx.vault.db)
    unsent = _not_yet_stored(ctx, [e for e in entries if not e.sent and e.data is not None])
    by_name = {e.name: e.seq for e in unsent}
    stored: list[int] = []
    try:
        for name in ctx.store.put_many((e.name, e.data or b"") for e in unsent):
            stored.append(by_name[name])
    finally:
        with ctx.vault.write() as batch:
            sync_state.mark_sent(batch.db, stored)
    version = int(sync_state.get_mark(ctx.vault.db, "head_version", "0"))
    if unsent or version == 0:
        write_head(ctx, entries, version + 1)
    return len(stored)


def _not_yet_stored(ctx: SyncContext, unsent: list[OutboxEntry]) -> list[OutboxEntry]:
    """Unsent batches the store does not already hold whole (a sync killed after the upload
    but before noting it leaves them there): those are noted now, not sent again."""
    if not unsent:
        return unsent
    sizes = {o.key: o.size for o in ctx.store.list(_batch_prefix(ctx))}
    there = [e.seq for e in unsent if sizes.get(e.name) == len(e.data or b"")]
    if there:
        with ctx.vault.write() as batch:
            sync_state.mark_sent(batch.db, there)
    return [e for e in unsent if e.seq not in there]


def _batch_prefix(ctx: SyncContext) -> str:
    return ctx.require_names().batch(ctx.device_id, 0).rsplit("/", 1)[0] + "/"


def write_head(ctx: SyncContext, entries: list[OutboxEntry], version: int) -> None:
    head = Head(
        team_id=ctx.descriptor.team_id,
        device_id=ctx.device_id,
        version=version,
        entries=tuple(
            HeadEntry(seq=e.seq, name=e.name, digest=e.digest, scope_tag=e.scope_tag)
            for e in entries
        ),
    )
    name = ctx.require_names().head(ctx.device_id)
    data = ctx.seal_latest(TEAM, name, signed(head.model_dump_json(), ctx.sign_private))
    put_one(ctx.store, name, data)
    with ctx.vault.write() as batch:
        sync_state.set_mark(batch.db, "head_version", str(version))


def repair_own(ctx: SyncContext) -> int:
    """Write again any of this device's batches the store lost or holds altered (by size),
    and the head if it is missing or older than ours; return objects written again."""
    entries = [e for e in sync_state.outbox(ctx.vault.db) if e.sent and e.data is not None]
    if not entries:
        return 0
    sizes = {o.key: o.size for o in ctx.store.list(_batch_prefix(ctx))}
    again = [(e.name, e.data or b"") for e in entries if sizes.get(e.name) != len(e.data or b"")]
    rewritten = len(list(ctx.store.put_many(again)))
    version = int(sync_state.get_mark(ctx.vault.db, "head_version", "0"))
    if version and not _head_is_current(ctx, version):
        write_head(ctx, sync_state.outbox(ctx.vault.db), version + 1)
        rewritten += 1
    return rewritten


def _head_is_current(ctx: SyncContext, version: int) -> bool:
    name = ctx.require_names().head(ctx.device_id)
    try:
        data = get_one(ctx.store, name)
        plain = ctx.open_scoped(ctx.team_tag(), name, data, "This laptop's list of changes")
        public = crypto.sign_public(ctx.sign_private)
        body = verified_body(plain or b"", public, "This laptop's list of changes")
    except (ObjectMissing, crypto.ObjectRefused):
        return False
    return Head.model_validate_json(body).version >= version
