"""One sync: membership and keys first, then this device's films and changes up, then every
other device's signed head checked and its new batches applied, then films down."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from vfapp.domain.errors import VfappError
from vfapp.sync import crypto, keyring, media
from vfapp.sync.apply import Waits, apply_op
from vfapp.sync.context import SyncContext, signed, verified_body
from vfapp.sync.export import announce_films, export_changes
from vfapp.sync.models import Batch, Head, HeadEntry, Op, RecordOp
from vfapp.sync.store import ObjectMissing
from vfapp.sync.team_admin import collect_approval
from vfapp.vault import sync_media, sync_state
from vfapp.vault.session import Vault
from vfapp.vault.sync_state import Peer, Waiting

_OP = TypeAdapter(Op)


class SyncReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    state: str  # "done", "waiting for approval", "removed"
    batches_sent: int = 0
    batches_applied: int = 0
    ops_applied: int = 0
    ops_waiting: int = 0
    chunks_sent: int = 0
    chunks_received: int = 0
    keys_received: int = 0
    refused: tuple[str, ...] = ()
    finished_at: str = ""


Progress = Callable[[media.FilmProgress], None]


def _ignore(_p: media.FilmProgress) -> None:
    pass


class RecordingInProgress(VfappError):
    def __init__(self) -> None:
        super().__init__(
            "A visit is being filmed, so sync waits until the recording ends (the film is "
            "safe either way). Sync after stopping, or choose to sync anyway."
        )


def run_sync(
    vault: Vault,
    progress: Progress = _ignore,
    *,
    films: bool = True,
    during_recording: bool = False,
) -> SyncReport:
    """Sync this vault with its team store (never while filming, unless asked)."""
    if sync_media.is_recording_now(vault.db) and not during_recording:
        raise RecordingInProgress()
    return sync_now(SyncContext(vault), progress, films=films)


def sync_now(ctx: SyncContext, progress: Progress = _ignore, *, films: bool = True) -> SyncReport:
    refused: list[str] = []
    if ctx.team.state == "pending" and not collect_approval(ctx):
        return SyncReport(state="waiting for approval")
    roster = keyring.fetch_roster(ctx)
    me = roster.device(ctx.device_id) if roster else None
    if me is not None and me.status == "removed":
        return SyncReport(state="removed", refused=("An admin removed this laptop from the team.",))
    keys = keyring.receive_wraps(ctx)
    sent_chunks = 0
    if films:
        ready = media.push_films(ctx, progress)
        sent_chunks = sum(len(s) for _r, _f, s in ready)
    made = export_changes(ctx)
    if films:
        made += announce_films(ctx, ready)
    keyring.publish_wraps(ctx)
    sent = push_outbox(ctx)
    applied, ops = 0, 0
    for device in roster.devices if roster else ():
        if device.device_id == ctx.device_id or device.name == "Printed recovery key":
            continue
        try:
            a, o = pull_device(ctx, device.device_id, device.status == "active")
            applied, ops = applied + a, ops + o
        except crypto.ObjectRefused as error:
            refused.append(f"{error} (from {device.person}'s {device.name})")
    applied_waiting, ops_waiting = retry_waiting(ctx)
    ops += retry_pending(ctx) + ops_waiting
    applied += applied_waiting
    received = 0
    if films:
        media.fetch_film_keys(ctx)
        received = media.pull_films(ctx, progress)
    with ctx.vault.write() as batch:
        finished = datetime.now(UTC).isoformat()
        sync_state.set_mark(batch.db, "last_sync", finished)
        for message in refused:
            sync_state.add_log(batch.db, "refused", message)
        left = len(sync_state.pending(batch.db))
    return SyncReport(
        state="done",
        batches_sent=sent,
        batches_applied=applied,
        ops_applied=ops,
        ops_waiting=left,
        chunks_sent=sent_chunks,
        chunks_received=received,
        keys_received=keys,
        refused=tuple(refused),
        finished_at=finished,
    )


def push_outbox(ctx: SyncContext) -> int:
    """Upload unsent batches, then the signed head that lists every batch."""
    entries = sync_state.outbox(ctx.vault.db)
    unsent = [e for e in entries if not e.sent and e.data is not None]
    by_name = {e.name: e.seq for e in unsent}
    stored: list[int] = []
    try:
        for name in ctx.store.put_many((e.name, e.data or b"") for e in unsent):
            stored.append(by_name[name])
    finally:
        with ctx.vault.write() as batch:
            sync_state.mark_sent(batch.db, stored)
    if len(stored) < len(unsent):
        return len(stored)
    version = int(sync_state.get_mark(ctx.vault.db, "head_version", "0"))
    if unsent or version == 0:
        version += 1
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
        data = ctx.seal_latest("team", name, signed(head.model_dump_json(), ctx.sign_private))
        list(ctx.store.put_many([(name, data)]))
        with ctx.vault.write() as batch:
            sync_state.set_mark(batch.db, "head_version", str(version))
    return len(stored)


def read_head(ctx: SyncContext, device_id: str) -> Head | None:
    roster = ctx.roster
    entry = roster.device(device_id) if roster else None
    if entry is None:
        return None
    name = ctx.require_names().head(device_id)
    try:
        [(_n, data)] = list(ctx.store.get_many([name]))
    except ObjectMissing:
        return None
    what = "A device's list of changes"
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


def pull_device(ctx: SyncContext, device_id: str, active: bool) -> tuple[int, int]:
    """Apply a device's new batches in order; return (batches, ops) applied."""
    head = read_head(ctx, device_id)
    peer = sync_state.load_peer(ctx.vault.db, device_id)
    if head is None:
        return 0, 0
    if head.version < peer.head_version:
        raise crypto.ObjectRefused("An older copy of a device's list of changes (a replay)")
    if not active:
        if head.version > peer.head_version:
            raise crypto.ObjectRefused("Changes from a device removed from the team")
        return 0, 0
    batches = ops = 0
    for entry in head.entries:
        if entry.seq <= peer.applied_seq:
            continue
        if (entry.scope_tag, 1) not in ctx.by_tag and not any(
            t == entry.scope_tag for t, _e in ctx.by_tag
        ):
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
            count = apply_batch(
                ctx, device_id, entry.seq, entry.scope_tag, entry.name, entry.digest
            )
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
                batches, ops = batches + 1, ops + count
        peer = peer.model_copy(update={"applied_seq": entry.seq})
        with ctx.vault.write() as batch:
            sync_state.save_peer(batch.db, peer.model_copy(update={"head_version": head.version}))
    with ctx.vault.write() as batch:
        sync_state.save_peer(
            batch.db,
            Peer(device_id=device_id, head_version=head.version, applied_seq=peer.applied_seq),
        )
    return batches, ops


def apply_batch(
    ctx: SyncContext, device_id: str, seq: int, scope_tag: str, name: str, digest: str
) -> int | None:
    """Fetch, check and apply one batch in one transaction; None if its key is not here."""
    [(_n, data)] = list(ctx.store.get_many([name]))
    what = "A batch of changes"
    if crypto.digest(data) != digest:
        raise crypto.ObjectRefused(what)
    plain = ctx.open_scoped(scope_tag, name, data, what)
    if plain is None:
        return None
    try:
        batch_model = Batch.model_validate_json(zlib.decompress(plain))
    except (ValidationError, zlib.error):
        raise crypto.ObjectRefused(what) from None
    if batch_model.device_id != device_id or batch_model.seq != seq:
        raise crypto.ObjectRefused(what)
    applied = 0
    with ctx.vault.write() as batch:
        for op in batch_model.ops:
            if isinstance(op, RecordOp):
                ctx.vault.clock.observe(_stamp(op.hlc))
            try:
                apply_op(batch.db, device_id, op)
                applied += 1
            except Waits:
                sync_state.add_pending(batch.db, device_id, op.model_dump_json())
    return applied


def _stamp(text: str):  # type: ignore[no-untyped-def]
    from vfapp.domain.hlc import HlcStamp

    return HlcStamp.decode(text)


def retry_waiting(ctx: SyncContext) -> tuple[int, int]:
    """Batches set aside for want of a key: apply those whose key has since arrived."""
    batches = ops = 0
    for item in sync_state.waiting(ctx.vault.db):
        if not any(t == item.scope_tag for t, _e in ctx.by_tag):
            continue
        count = apply_batch(ctx, item.device_id, item.seq, item.scope_tag, item.name, item.digest)
        if count is not None:
            with ctx.vault.write() as batch:
                sync_state.drop_waiting(batch.db, item.device_id, item.seq)
            batches, ops = batches + 1, ops + count
    return batches, ops


def retry_pending(ctx: SyncContext) -> int:
    """Ops that waited for a parent record: apply until no more can be."""
    applied = 0
    progress = True
    while progress:
        progress = False
        with ctx.vault.write() as batch:
            for n, device_id, body in sync_state.pending(batch.db):
                op = _OP.validate_python(json.loads(body))
                try:
                    apply_op(batch.db, device_id, op)
                except Waits:
                    continue
                sync_state.drop_pending(batch.db, n)
                applied += 1
                progress = True
    return applied
