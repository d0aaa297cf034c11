"""Local changes into sealed, per-family op batches: each field changed since the last sync,
with the note versions it supersedes; kept in the outbox until the store holds them."""

from __future__ import annotations

import zlib
from typing import Any

from vfapp.domain.merge import current_versions
from vfapp.sync import crypto
from vfapp.sync.context import TEAM, SyncContext
from vfapp.sync.models import AppendOp, Batch, FilmOp, Op, RecordOp
from vfapp.vault import sync_films, sync_rows, sync_state
from vfapp.vault.database import Database
from vfapp.vault.sync_state import OutboxEntry, ScopeKey

OPS_PER_BATCH = 5000
# Columns derived from the merge on every device: never sent as fields.
_DERIVED = {"hlc", "device_id"}


def record_op(db: Database, table: str, row: dict[str, Any]) -> RecordOp | None:
    """The op for one record row: every field that differs from what was last synced."""
    row_id = str(row["id"])
    shadow = sync_state.load_shadow(db, table, row_id)
    wire = {c: sync_rows.to_wire(v) for c, v in row.items() if c not in _DERIVED}
    if shadow is None:
        fields, full, shadow = wire, True, {"v": {}, "c": {}}
    else:
        fields = {c: v for c, v in wire.items() if shadow["v"].get(c, object()) != v}
        full = False
    if not fields:
        return None
    hlc = str(row["hlc"])
    own = {} if full else sync_state.field_clocks(db, table, row_id)
    # A field's own stamp counts only if it changed since the last sync (a resolution may
    # keep the words and so leave no newer stamp): otherwise the record's stamp stands.
    clocks = {f: own[f] for f in fields if shadow["c"].get(f, "") < own.get(f, "") < hlc}
    notes: dict[str, list[str]] = {}
    for field in sync_rows.SPECS[table].notes:
        if field not in fields or (full and fields[field] is None):
            continue
        versions = sync_state.note_versions(db, table, row_id, field)
        stamp = clocks.get(field, hlc)
        bases = [v.hlc for v in current_versions(versions) if v.hlc != stamp]
        sync_state.add_note_version(db, table, row_id, field, stamp, bases, fields[field])
        notes[field] = bases
    shadow["v"].update(fields)
    shadow["c"].update({f: clocks.get(f, hlc) for f in fields})
    sync_state.save_shadow(db, table, row_id, shadow)
    return RecordOp(
        t=table, id=row_id, hlc=hlc, fields=fields, full=full, notes=notes, clocks=clocks
    )


def collect_ops(ctx: SyncContext, db: Database) -> dict[str, list[Op]]:
    """Every local change since the last export, grouped by family ('team' for the rest)."""
    since = sync_state.get_mark(db, "exported_hlc")
    by_scope: dict[str, list[Op]] = {}
    for spec in sync_rows.TABLES:
        if spec.mode == "record":
            for row in sync_rows.rows_since(db, spec.name, since):
                op = record_op(db, spec.name, row)
                if op is not None:
                    scope = sync_rows.family_of(db, spec.name, (op.id,)) or TEAM
                    by_scope.setdefault(scope, []).append(op)
        elif spec.mode == "policy":
            by_scope.setdefault(TEAM, []).extend(_changed_policies(db, spec.name))
        else:
            for scope, added in _appended(ctx, db, spec.name):
                by_scope.setdefault(scope, []).append(added)
    sync_state.set_mark(db, "exported_hlc", ctx.vault.clock.now().encode())
    return {scope: ops for scope, ops in by_scope.items() if ops}


def _changed_policies(db: Database, table: str) -> list[Op]:
    ops: list[Op] = []
    for row in sync_rows.all_rows(db, table):
        if sync_state.load_shadow(db, table, str(row["kind"])) != row:
            sync_state.save_shadow(db, table, str(row["kind"]), row)
            ops.append(AppendOp(t=table, row=row))
    return ops


def _appended(ctx: SyncContext, db: Database, table: str) -> list[tuple[str, Op]]:
    """Rows added to an append-only table since the last export (this device's own, where
    rows name their device: each device sends its own)."""
    spec = sync_rows.SPECS[table]
    mark = f"cursor:{table}"
    rows, last = sync_rows.rows_after(db, table, int(sync_state.get_mark(db, mark, "0")))
    found: list[tuple[str, Op]] = []
    for row in rows:
        if row.get("device_id", ctx.device_id) != ctx.device_id:
            continue
        scope = sync_rows.family_of(db, table, tuple(row[c] for c in spec.key)) or TEAM
        wire = {c: sync_rows.to_wire(v) for c, v in row.items()}
        found.append((scope, AppendOp(t=table, row=wire)))
    sync_state.set_mark(db, mark, str(last))
    return found


def family_key(ctx: SyncContext, db: Database, scope: str) -> ScopeKey:
    """The family's newest key; a family first synced from here gets its key here."""
    key = ctx.latest(scope)
    if key is None:
        key = ScopeKey(scope=scope, epoch=1, key=crypto.new_key(), owner_user=ctx.device_id)
        sync_state.save_key(db, key)
        ctx.keys[(scope, 1)] = key
        ctx.by_tag[(ctx.require_names().scope_tag(scope), 1)] = key
    return key


def seal_batches(ctx: SyncContext, db: Database, by_scope: dict[str, list[Op]]) -> int:
    """Seal the ops into numbered batches in the outbox; return how many batches."""
    names = ctx.require_names()
    seq = int(sync_state.get_mark(db, "batch_seq", "0"))
    made = 0
    for scope in sorted(by_scope, key=lambda s: (s != TEAM, s)):
        if scope != TEAM:
            family_key(ctx, db, scope)
        ops = by_scope[scope]
        for start in range(0, len(ops), OPS_PER_BATCH):
            seq += 1
            batch = Batch(
                device_id=ctx.device_id,
                seq=seq,
                scope=scope,
                ops=ops[start : start + OPS_PER_BATCH],
            )
            name = names.batch(ctx.device_id, seq)
            data = ctx.seal_latest(scope, name, zlib.compress(batch.model_dump_json().encode(), 6))
            sync_state.add_outbox(
                db,
                OutboxEntry(
                    seq=seq,
                    name=name,
                    scope_tag=names.scope_tag(scope),
                    digest=crypto.digest(data),
                    data=data,
                    sent=False,
                ),
            )
            made += 1
    sync_state.set_mark(db, "batch_seq", str(seq))
    return made


def export_changes(ctx: SyncContext) -> int:
    """One transaction: collect, seal and queue every local change; return how many."""
    with ctx.vault.write() as batch:
        by_scope = collect_ops(ctx, batch.db)
        seal_batches(ctx, batch.db, by_scope)
    return sum(len(ops) for ops in by_scope.values())


def announce_films(ctx: SyncContext, films: list[tuple[str, str, list[int]]]) -> int:
    """Queue a chunk list for each (recording, family, sizes) whose chunks the store holds."""
    by_scope: dict[str, list[Op]] = {}
    for recording_id, family_id, sizes in films:
        by_scope.setdefault(family_id, []).append(FilmOp(recording_id=recording_id, sizes=sizes))
    if not by_scope:
        return 0
    with ctx.vault.write() as batch:
        for recording_id, _family, _sizes in films:
            sync_films.set_film_out(batch.db, recording_id, "announced")
        return seal_batches(ctx, batch.db, by_scope)
