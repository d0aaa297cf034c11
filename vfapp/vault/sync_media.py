"""Films as sync moves them: sealed chunks read and stored exactly as sealed, film keys
installed when their record arrives, and a film shredded here when another device shredded it."""

from __future__ import annotations

from collections.abc import Iterator

from vfapp.vault.database import Database

Chunk = tuple[int, bool, int, bytes]  # seq, is_final, plain_size, sealed bytes


def chunk_sizes(db: Database, recording_id: str) -> list[int]:
    rows = db.query(
        "SELECT plain_size FROM media_chunks WHERE recording_id = ? ORDER BY seq", (recording_id,)
    )
    return [int(r[0]) for r in rows]


def sealed_bytes(db: Database) -> int:
    """The size of every sealed chunk in the vault, as sync sends them."""
    row = db.query_one("SELECT coalesce(sum(length(data)), 0) FROM media_chunks")
    return int(row[0]) if row else 0


def sealed_chunks(db: Database, recording_id: str, seqs: list[int]) -> Iterator[Chunk]:
    """The chunks, one query each so a 500 MB film never sits in memory at once."""
    for seq in seqs:
        row = db.query_one(
            "SELECT is_final, plain_size, data FROM media_chunks "
            "WHERE recording_id = ? AND seq = ?",
            (recording_id, seq),
        )
        if row is not None:
            yield seq, bool(row[0]), int(row[1]), bytes(row[2])


def store_chunk(db: Database, recording_id: str, chunk: Chunk) -> None:
    seq, final, size, data = chunk
    db.execute(
        "INSERT OR IGNORE INTO media_chunks (recording_id, seq, is_final, plain_size, data) "
        "VALUES (?, ?, ?, ?, ?)",
        (recording_id, seq, int(final), size, data),
    )


def has_film_key(db: Database, recording_id: str) -> bool:
    found = db.query_one("SELECT 1 FROM recording_keys WHERE recording_id = ?", (recording_id,))
    return found is not None


def film_key_here(db: Database, recording_id: str) -> bytes | None:
    row = db.query_one("SELECT key FROM recording_keys WHERE recording_id = ?", (recording_id,))
    return None if row is None else bytes(row[0])


def install_film_key(db: Database, recording_id: str, key: bytes) -> None:
    db.execute("INSERT OR IGNORE INTO recording_keys VALUES (?, ?)", (recording_id, key))


def shred_film_here(db: Database, recording_id: str) -> int:
    """Destroy this vault's key and chunks of a film deleted elsewhere; return chunks removed."""
    db.execute("DELETE FROM recording_keys WHERE recording_id = ?", (recording_id,))
    db.execute("DELETE FROM frame_indexes WHERE recording_id = ?", (recording_id,))
    return db.execute("DELETE FROM media_chunks WHERE recording_id = ?", (recording_id,))


def own_films(db: Database) -> list[tuple[str, bool]]:
    """(recording id, deleted) of finished films made or imported here: not received by sync
    (a received film's key came through sync_film_keys; one still coming has no key yet)."""
    rows = db.query(
        "SELECT r.id, r.deleted FROM recordings r WHERE r.status != 'recording' "
        "AND r.id NOT IN (SELECT recording_id FROM sync_film_keys) "
        "AND r.id NOT IN (SELECT recording_id FROM sync_films_in) "
        "AND (r.deleted = 1 OR r.id IN (SELECT recording_id FROM recording_keys))"
    )
    return [(str(r[0]), bool(r[1])) for r in rows]


def is_recording_now(db: Database) -> bool:
    return (
        db.query_one("SELECT 1 FROM recordings WHERE status = 'recording' AND deleted = 0")
        is not None
    )
