"""Applying another device's ops: fields merge last-writer-wins by HLC, notes keep every
concurrent version, append-only rows are added once, and an op whose parent record has not
arrived yet waits for it."""

from __future__ import annotations

from typing import Any

from vfapp.domain.hlc import HlcStamp
from vfapp.domain.merge import remote_wins, shown_version
from vfapp.sync.models import AppendOp, FilmOp, Op, RecordOp
from vfapp.vault import sync_films, sync_media, sync_rows, sync_state
from vfapp.vault.database import Database


class Waits(Exception):
    """The op needs a record that has not arrived yet; it is kept and tried again later."""


def apply_op(db: Database, device_id: str, op: Op) -> None:
    if isinstance(op, RecordOp):
        _apply_record(db, op)
    elif isinstance(op, AppendOp):
        _apply_append(db, op)
    elif isinstance(op, FilmOp):
        sync_films.save_film_in(db, op.recording_id, device_id, op.sizes)


def _check_parents(db: Database, table: str, values: dict[str, Any]) -> None:
    for column, parent in sync_rows.parents(db, table):
        value = values.get(column)
        if value is not None and not sync_rows.exists(db, parent, "id", value):
            raise Waits(f"{table}.{column}")


def _apply_record(db: Database, op: RecordOp) -> None:
    table = op.t
    local = sync_rows.read_row(db, table, (op.id,))
    fields = {c: sync_rows.from_wire(v) for c, v in op.fields.items()}
    device = HlcStamp.decode(op.hlc).device
    if local is None:
        if not op.full:
            raise Waits(f"{table} record")
        _check_parents(db, table, fields)
        row = {**fields, "hlc": op.hlc, "device_id": device}
        _settle_unique(db, table, row)
        sync_rows.insert_row(db, table, row)
        sync_state.save_shadow(
            db, table, op.id, {"v": op.fields, "c": dict.fromkeys(op.fields, op.hlc)}
        )
        for field, bases in op.notes.items():
            sync_state.add_note_version(db, table, op.id, field, op.hlc, bases, fields.get(field))
        key = sync_films.film_key(db, op.id) if table == "recordings" else None
        if key is not None:
            sync_media.install_film_key(db, op.id, key)
        return
    shadow = sync_state.load_shadow(db, table, op.id) or {"v": {}, "c": {}}
    edited_here = sync_state.field_clocks(db, table, op.id)
    changes: dict[str, Any] = {}
    notes = sync_rows.SPECS[table].notes
    for field, wire in op.fields.items():
        if field in notes:
            continue
        clock = op.clocks.get(field, op.hlc)
        local_clock = shadow["c"].get(field)
        here = sync_rows.to_wire(local.get(field))
        if here != shadow["v"].get(field, here):  # edited here since the last sync
            local_clock = edited_here.get(field, str(local["hlc"]))
        if remote_wins(local_clock, clock):
            changes[field] = sync_rows.from_wire(wire)
            shadow["v"][field] = wire
            shadow["c"][field] = clock
    for field, bases in op.notes.items():
        clock = op.clocks.get(field, op.hlc)
        sync_state.add_note_version(db, table, op.id, field, clock, bases, op.fields.get(field))
        versions = sync_state.note_versions(db, table, op.id, field)
        shown = shown_version(versions)
        if shown is not None:
            changes[field] = shown.value
            shadow["v"][field] = shown.value
            shadow["c"][field] = shown.hlc
    if not changes:
        return
    _check_parents(db, table, changes)
    newest = max(shadow["c"].values())
    changes["hlc"] = max(newest, str(local["hlc"]))
    changes["device_id"] = HlcStamp.decode(changes["hlc"]).device
    sync_rows.update_row(db, table, (op.id,), changes)
    sync_state.save_shadow(db, table, op.id, shadow)
    if table == "recordings" and changes.get("deleted") == 1 and not local["deleted"]:
        sync_media.shred_film_here(db, op.id)
        sync_films.drop_film(db, op.id)


def _settle_unique(db: Database, table: str, row: dict[str, Any]) -> None:
    """Two devices gave the same case code (or user name) offline: the row with the larger id
    is renamed on every device alike, so both are kept and every device agrees."""
    column = sync_rows.SPECS[table].unique
    if column is None or row.get("deleted"):
        return
    other = sync_rows.live_clash(db, table, column, row[column], str(row["id"]))
    if other is None:
        return
    if str(row["id"]) > other:
        row[column] = f"{row[column]}-{str(row['id'])[-4:]}"
    else:
        sync_rows.update_row(db, table, (other,), {column: f"{row[column]}-{other[-4:]}"})
    sync_state.add_log(
        db,
        "renamed",
        f"Two {table} had the same {column.replace('_', ' ')}; "
        "one now ends with four extra characters.",
    )


def _apply_append(db: Database, op: AppendOp) -> None:
    spec = sync_rows.SPECS[op.t]
    row = {c: sync_rows.from_wire(v) for c, v in op.row.items()}
    key = tuple(row[c] for c in spec.key)
    local = sync_rows.read_row(db, op.t, key)
    if spec.mode == "policy":
        if local is None or str(row.get("updated_at") or "") > str(local.get("updated_at") or ""):
            if local is None:
                sync_rows.insert_row(db, op.t, row)
            else:
                sync_rows.update_row(db, op.t, key, {c: v for c, v in row.items() if c != "kind"})
            sync_state.save_shadow(db, op.t, str(key[0]), row)
        return
    if local is not None:
        return
    _check_parents(db, op.t, row)
    sync_rows.insert_row(db, op.t, row)
    if op.t == "deletion_records" and row.get("artefact_kind") in ("raw_recording", "clip"):
        sync_media.shred_film_here(db, str(row["artefact_id"]))
        sync_films.drop_film(db, str(row["artefact_id"]))
