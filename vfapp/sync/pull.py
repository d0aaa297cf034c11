"""Other devices' changes: each signed head checked (never older than one seen before), its new
batches fetched, checked against the head and applied in order; a batch that fails its check
or lacks its key is set aside and tried again at the next sync."""

from __future__ import annotations

import json
import zlib

from pydantic import TypeAdapter, ValidationError

from vfapp.domain.hlc import HlcStamp
from vfapp.sync import crypto
from vfapp.sync.apply import Waits, apply_op
from vfapp.sync.context import TEAM, SyncContext, verified_body
from vfapp.sync.models import Batch, FilmOp, Head, HeadEntry, Op, RecordOp
from vfapp.sync.store import ObjectMissing, get_one
from vfapp.vault import sync_rows, sync_state
from vfapp.vault.database import Database
from vfapp.vault.sync_state import Peer, Waiting

_OP: TypeAdapter[Op] = TypeAdapter(Op)
_BATCH = "A batch of changes"


class Pulled:
    """What one pass of pulling applied, and what it refused (in words)."""

    def __init__(self) -> None:
        self.batches = 0
        self.ops = 0
        self.refused: list[str] = []


def read_head(ctx: SyncContext, device_id: str) -> Head | None:
    entry = ctx.roster.device(device_id) if ctx.roster else None
    if entry is None:
        return None
    name = ctx.require_names().head(device_id)
    try:
        data = get_one(ctx.store, name)
    except ObjectMissing:
        return None
    what = "A laptop's list of changes"
    plain = ctx.open_scoped(ctx.team_tag(), name, data, what)
    if plain is None:
        raise crypto.ObjectRefused(what)
    try:
        head = Head.model_validate_json(
            verified_body(plain, bytes.fromhex(entry.sign_public), what)
        )
    except ValidationError:
        raise crypto.ObjectRefused(what) from None
    if head.device_id != device_id or head.team_id != ctx.descriptor.team_id:
        raise crypto.ObjectRefused(what)
    return head


def pull_device(ctx: SyncContext, device_id: str, active: bool, pulled: Pulled) -> None:
    """Apply a device's new batches in order."""
    head = read_head(ctx, device_id)
    peer = sync_state.load_peer(ctx.vault.db, device_id)
    if head is None:
        return
    if head.version < peer.head_version:
        raise crypto.ObjectRefused(
            "A laptop's list of changes",
            "it is an older copy than one already seen (put back to hide newer changes: a replay)",
        )
    if not active:
        if head.version > peer.head_version:
            raise crypto.ObjectRefused(
                "A laptop's list of changes", "it was written after the laptop was removed"
            )
        return
    for entry in head.entries:
        if entry.seq <= peer.applied_seq:
            continue
        try:
            count = apply_batch(ctx, device_id, entry)
        except crypto.ObjectRefused as error:
            pulled.refused.append(str(error))
            count = None
        if count is None:
            with ctx.vault.write() as batch:
                sync_state.add_waiting(
                    batch.db,
                    Waiting(
                        device_id=device_id,
                        seq=entry.seq,
                        scope_tag=entry.scope_tag,
                        name=entry.name,
                        digest=entry.digest,
                    ),
                )
        else:
            pulled.batches, pulled.ops = pulled.batches + 1, pulled.ops + count
        peer = Peer(device_id=device_id, head_version=head.version, applied_seq=entry.seq)
        with ctx.vault.write() as batch:
            sync_state.save_peer(batch.db, peer)
    with ctx.vault.write() as batch:
        sync_state.save_peer(batch.db, peer.model_copy(update={"head_version": head.version}))


def apply_batch(ctx: SyncContext, device_id: str, entry: HeadEntry) -> int | None:
    """Fetch, check and apply one batch in one transaction; None if its key is not here."""
    if not ctx.holds_scope(entry.scope_tag):
        return None
    try:
        data = get_one(ctx.store, entry.name)
    except ObjectMissing:
        raise crypto.ObjectRefused(_BATCH) from None
    if crypto.digest(data) != entry.digest:
        raise crypto.ObjectRefused(_BATCH)
    plain = ctx.open_scoped(entry.scope_tag, entry.name, data, _BATCH)
    if plain is None:
        return None
    try:
        model = Batch.model_validate_json(zlib.decompress(plain))
    except (ValidationError, zlib.error):
        raise crypto.ObjectRefused(_BATCH) from None
    if model.device_id != device_id or model.seq != entry.seq:
        raise crypto.ObjectRefused(_BATCH)
    applied = 0
    with ctx.vault.write() as batch:
        for op in model.ops:
            if isinstance(op, RecordOp):
                ctx.vault.clock.observe(HlcStamp.decode(op.hlc))
            try:
                apply_op(batch.db, device_id, op)
                applied += 1
            except Waits:
                sync_state.add_pending(batch.db, device_id, op.model_dump_json())
                continue
            if not _belongs(batch.db, op, model.scope):
                # A laptop may only write a family's records into that family's batches (the
                # key tells who may read them): anything else undoes the whole batch.
                raise crypto.ObjectRefused(_BATCH, "it holds records of another family")
    return applied


def _belongs(db: Database, op: Op, scope: str) -> bool:
    if isinstance(op, FilmOp):
        family = sync_rows.family_of(db, "recordings", (op.recording_id,))
    else:
        table = op.t
        spec = sync_rows.SPECS.get(table)
        if spec is None:
            return False
        key = (op.id,) if isinstance(op, RecordOp) else tuple(op.row[c] for c in spec.key)
        family = sync_rows.family_of(db, table, key)
    # A film's chunk list may come before its record (that waits for its visit).
    return (family or TEAM) == scope or (family is None and isinstance(op, FilmOp))


def retry_waiting(ctx: SyncContext, pulled: Pulled) -> None:
    """Batches set aside (no key yet, or refused): apply those that can be now."""
    for item in sync_state.waiting(ctx.vault.db):
        entry = HeadEntry(
            seq=item.seq, name=item.name, digest=item.digest, scope_tag=item.scope_tag
        )
        try:
            count = apply_batch(ctx, item.device_id, entry)
        except crypto.ObjectRefused as error:
            pulled.refused.append(str(error))
            continue
        if count is not None:
            with ctx.vault.write() as batch:
                sync_state.drop_waiting(batch.db, item.device_id, item.seq)
            pulled.batches, pulled.ops = pulled.batches + 1, pulled.ops + count


def retry_pending(ctx: SyncContext, pulled: Pulled) -> None:
    """Ops that waited for a parent record: apply until no more can be."""
    progress = True
    while progress:
        progress = False
        with ctx.vault.write() as batch:
            for n, device_id, body in sync_state.pending(batch.db):
                try:
                    apply_op(batch.db, device_id, _OP.validate_python(json.loads(body)))
                except Waits:
                    continue
                sync_state.drop_pending(batch.db, n)
                pulled.ops += 1
                progress = True
