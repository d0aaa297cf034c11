"""This device's sync bookkeeping inside the vault: team, keys, roster, marks, outbox, peers,
waiting batches and ops, film keys and chunk lists. Functions run in the caller's transaction."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from vfapp.domain.merge import NoteVersion
from vfapp.vault.database import Database


class TeamRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    team_id: str
    state: str
    role: str
    user_id: str | None
    box_private: bytes
    descriptor: str  # JSON: the store, the admin's device, the trusted signers


class ScopeKey(BaseModel):
    model_config = ConfigDict(frozen=True)

    scope: str
    epoch: int
    key: bytes
    owner_user: str | None = None


class OutboxEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    seq: int
    name: str
    scope_tag: str
    digest: str
    data: bytes | None
    sent: bool


class Peer(BaseModel):
    model_config = ConfigDict(frozen=True)

    device_id: str
    head_version: int = 0
    applied_seq: int = 0


class Waiting(BaseModel):
    model_config = ConfigDict(frozen=True)

    device_id: str
    seq: int
    scope_tag: str
    name: str
    digest: str


def load_team(db: Database) -> TeamRow | None:
    row = db.query_one(
        "SELECT team_id, state, role, user_id, box_private, descriptor FROM sync_team"
    )
    if row is None:
        return None
    return TeamRow(
        team_id=row[0],
        state=row[1],
        role=row[2],
        user_id=row[3],
        box_private=bytes(row[4]),
        descriptor=row[5],
    )


def save_team(db: Database, team: TeamRow) -> None:
    db.execute(
        "INSERT OR REPLACE INTO sync_team (one, team_id, state, role, user_id, box_private, "
        "descriptor) VALUES (1, ?, ?, ?, ?, ?, ?)",
        (team.team_id, team.state, team.role, team.user_id, team.box_private, team.descriptor),
    )


def save_key(db: Database, key: ScopeKey) -> bool:
    """Keep a key; False if it was already known."""
    return (
        db.execute(
            "INSERT OR IGNORE INTO sync_keys (scope, epoch, key, owner_user) VALUES (?, ?, ?, ?)",
            (key.scope, key.epoch, key.key, key.owner_user),
        )
        > 0
    )


def all_keys(db: Database) -> list[ScopeKey]:
    rows = db.query("SELECT scope, epoch, key, owner_user FROM sync_keys ORDER BY scope, epoch")
    return [ScopeKey(scope=r[0], epoch=r[1], key=bytes(r[2]), owner_user=r[3]) for r in rows]


def load_roster(db: Database) -> str | None:
    row = db.query_one("SELECT body FROM sync_roster")
    return None if row is None else str(row[0])


def save_roster(db: Database, body: str) -> None:
    db.execute("INSERT OR REPLACE INTO sync_roster (one, body) VALUES (1, ?)", (body,))


def save_invite(db: Database, invite_id: str, join_key: bytes, role: str, person: str) -> None:
    db.execute(
        "INSERT INTO sync_invites (id, join_key, role, person, created_at) VALUES (?, ?, ?, ?, ?)",
        (invite_id, join_key, role, person, datetime.now(UTC).isoformat()),
    )


def open_invites(db: Database) -> list[tuple[str, bytes, str, str]]:
    rows = db.query("SELECT id, join_key, role, person FROM sync_invites WHERE used_by IS NULL")
    return [(r[0], bytes(r[1]), r[2], r[3]) for r in rows]


def use_invite(db: Database, invite_id: str, device_id: str) -> None:
    db.execute("UPDATE sync_invites SET used_by = ? WHERE id = ?", (device_id, invite_id))


def was_wrapped(db: Database, target: str, scope: str, epoch: int) -> bool:
    return (
        db.query_one(
            "SELECT 1 FROM sync_wrapped WHERE target = ? AND scope = ? AND epoch = ?",
            (target, scope, epoch),
        )
        is not None
    )


def mark_wrapped(db: Database, target: str, scope: str, epoch: int) -> None:
    db.execute("INSERT OR IGNORE INTO sync_wrapped VALUES (?, ?, ?)", (target, scope, epoch))


def load_shadow(db: Database, table: str, row_id: str) -> dict[str, Any] | None:
    row = db.query_one("SELECT body FROM sync_shadow WHERE tbl = ? AND id = ?", (table, row_id))
    return None if row is None else dict(json.loads(row[0]))


def save_shadow(db: Database, table: str, row_id: str, body: dict[str, Any]) -> None:
    db.execute(
        "INSERT OR REPLACE INTO sync_shadow (tbl, id, body) VALUES (?, ?, ?)",
        (table, row_id, json.dumps(body, separators=(",", ":"))),
    )


def field_clocks(db: Database, table: str, row_id: str) -> dict[str, str]:
    """When each field of a record last changed (by its own edit, not the record's)."""
    rows = db.query(
        "SELECT field, hlc FROM sync_field_clock WHERE tbl = ? AND id = ?", (table, row_id)
    )
    return {str(r[0]): str(r[1]) for r in rows}


def note_versions(db: Database, table: str, row_id: str, field: str) -> list[NoteVersion]:
    rows = db.query(
        "SELECT hlc, bases, value FROM sync_note_versions WHERE tbl = ? AND id = ? AND field = ?",
        (table, row_id, field),
    )
    return [NoteVersion(hlc=r[0], bases=tuple(json.loads(r[1])), value=r[2]) for r in rows]


def add_note_version(
    db: Database, table: str, row_id: str, field: str, hlc: str, bases: list[str], value: str | None
) -> None:
    db.execute(
        "INSERT OR IGNORE INTO sync_note_versions VALUES (?, ?, ?, ?, ?, ?)",
        (table, row_id, field, hlc, json.dumps(sorted(bases)), value),
    )


def notes_with_versions(db: Database) -> list[tuple[str, str, str]]:
    """(table, id, field) of every note with more than one version (candidates for conflict)."""
    rows = db.query(
        "SELECT tbl, id, field FROM sync_note_versions GROUP BY tbl, id, field HAVING count(*) > 1"
    )
    return [(r[0], r[1], r[2]) for r in rows]


def get_mark(db: Database, name: str, default: str = "") -> str:
    row = db.query_one("SELECT value FROM sync_marks WHERE name = ?", (name,))
    return default if row is None else str(row[0])


def set_mark(db: Database, name: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO sync_marks (name, value) VALUES (?, ?)", (name, value))


def add_outbox(db: Database, entry: OutboxEntry) -> None:
    db.execute(
        "INSERT INTO sync_outbox (seq, name, scope_tag, digest, data, sent) VALUES (?,?,?,?,?,0)",
        (entry.seq, entry.name, entry.scope_tag, entry.digest, entry.data),
    )


def outbox(db: Database) -> list[OutboxEntry]:
    rows = db.query("SELECT seq, name, scope_tag, digest, data, sent FROM sync_outbox ORDER BY seq")
    return [
        OutboxEntry(
            seq=r[0],
            name=r[1],
            scope_tag=r[2],
            digest=r[3],
            data=None if r[4] is None else bytes(r[4]),
            sent=bool(r[5]),
        )
        for r in rows
    ]


def mark_sent(db: Database, seqs: list[int]) -> None:
    for seq in seqs:
        # The sealed copy stays: if the store loses or garbles it, it is written again.
        db.execute("UPDATE sync_outbox SET sent = 1 WHERE seq = ?", (seq,))


def load_peer(db: Database, device_id: str) -> Peer:
    row = db.query_one(
        "SELECT head_version, applied_seq FROM sync_peers WHERE device_id = ?", (device_id,)
    )
    if row is None:
        return Peer(device_id=device_id)
    return Peer(device_id=device_id, head_version=row[0], applied_seq=row[1])


def save_peer(db: Database, peer: Peer) -> None:
    db.execute(
        "INSERT OR REPLACE INTO sync_peers (device_id, head_version, applied_seq) VALUES (?,?,?)",
        (peer.device_id, peer.head_version, peer.applied_seq),
    )


def add_waiting(db: Database, item: Waiting) -> None:
    db.execute(
        "INSERT OR IGNORE INTO sync_waiting VALUES (?, ?, ?, ?, ?)",
        (item.device_id, item.seq, item.scope_tag, item.name, item.digest),
    )


def waiting(db: Database) -> list[Waiting]:
    rows = db.query(
        "SELECT device_id, seq, scope_tag, name, digest FROM sync_waiting ORDER BY device_id, seq"
    )
    return [Waiting(device_id=r[0], seq=r[1], scope_tag=r[2], name=r[3], digest=r[4]) for r in rows]


def drop_waiting(db: Database, device_id: str, seq: int) -> None:
    db.execute("DELETE FROM sync_waiting WHERE device_id = ? AND seq = ?", (device_id, seq))


def add_pending(db: Database, device_id: str, body: str) -> None:
    db.execute("INSERT INTO sync_pending_ops (device_id, body) VALUES (?, ?)", (device_id, body))


def pending(db: Database) -> list[tuple[int, str, str]]:
    return [
        (r[0], r[1], r[2])
        for r in db.query("SELECT n, device_id, body FROM sync_pending_ops ORDER BY n")
    ]


def drop_pending(db: Database, n: int) -> None:
    db.execute("DELETE FROM sync_pending_ops WHERE n = ?", (n,))


def add_log(db: Database, kind: str, message: str) -> None:
    db.execute(
        "INSERT INTO sync_log (at, kind, message) VALUES (?, ?, ?)",
        (datetime.now(UTC).isoformat(), kind, message),
    )


def recent_log(db: Database, limit: int = 50) -> list[tuple[str, str, str]]:
    rows = db.query("SELECT at, kind, message FROM sync_log ORDER BY n DESC LIMIT ?", (limit,))
    return [(r[0], r[1], r[2]) for r in rows]
