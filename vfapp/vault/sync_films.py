"""Films' sync bookkeeping: keys received before their film, chunk lists to fetch, and which
of this laptop's chunks the store holds. Functions run in the caller's transaction."""

from __future__ import annotations

import json

from vfapp.vault.database import Database


def save_film_key(db: Database, recording_id: str, key: bytes) -> None:
    db.execute("INSERT OR REPLACE INTO sync_film_keys VALUES (?, ?)", (recording_id, key))


def film_key(db: Database, recording_id: str) -> bytes | None:
    row = db.query_one("SELECT key FROM sync_film_keys WHERE recording_id = ?", (recording_id,))
    return None if row is None else bytes(row[0])


def drop_film(db: Database, recording_id: str) -> None:
    """Forget a shredded film's received key, chunk list and sent marks."""
    for table in ("sync_film_keys", "sync_films_in", "sync_media_out"):
        db.execute(f"DELETE FROM {table} WHERE recording_id = ?", (recording_id,))


def save_film_in(db: Database, recording_id: str, device_id: str, sizes: list[int]) -> None:
    db.execute(
        "INSERT OR REPLACE INTO sync_films_in VALUES (?, ?, ?)",
        (recording_id, device_id, json.dumps(sizes)),
    )


def films_in(db: Database) -> list[tuple[str, str, list[int]]]:
    rows = db.query("SELECT recording_id, device_id, sizes FROM sync_films_in ORDER BY 1")
    return [(r[0], r[1], list(json.loads(r[2]))) for r in rows]


def finish_film_in(db: Database, recording_id: str) -> None:
    db.execute("DELETE FROM sync_films_in WHERE recording_id = ?", (recording_id,))


def chunks_present(db: Database, recording_id: str) -> set[int]:
    rows = db.query("SELECT seq FROM media_chunks WHERE recording_id = ?", (recording_id,))
    return {int(r[0]) for r in rows}


def chunks_sent(db: Database, recording_id: str) -> set[int]:
    rows = db.query("SELECT seq FROM sync_media_out WHERE recording_id = ?", (recording_id,))
    return {int(r[0]) for r in rows}


def mark_chunks_sent(db: Database, recording_id: str, seqs: list[int]) -> None:
    for seq in seqs:
        db.execute("INSERT OR IGNORE INTO sync_media_out VALUES (?, ?)", (recording_id, seq))


def film_out_state(db: Database, recording_id: str) -> str | None:
    row = db.query_one("SELECT state FROM sync_films_out WHERE recording_id = ?", (recording_id,))
    return None if row is None else str(row[0])


def set_film_out(db: Database, recording_id: str, state: str) -> None:
    db.execute("INSERT OR REPLACE INTO sync_films_out VALUES (?, ?)", (recording_id, state))


def is_arriving(db: Database, recording_id: str) -> bool:
    """The film is still coming down from the team store (its later parts are not here yet)."""
    row = db.query_one("SELECT 1 FROM sync_films_in WHERE recording_id = ?", (recording_id,))
    return row is not None


def forget_sent(db: Database) -> None:
    """Forget which chunks the store holds, so every film is pushed again (benchmarks)."""
    db.execute("DELETE FROM sync_media_out")
    db.execute("DELETE FROM sync_films_out")
