"""Numbered schema migrations, each applied in one transaction and recorded in user_version."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import VaultFromNewerVersion
from vfapp.vault.database import Database

# Every syncable table carries: id (UUIDv7 text), created_at, hlc, device_id, deleted.
_SYNC_COLUMNS = """
    created_at TEXT NOT NULL,
    hlc TEXT NOT NULL,
    device_id TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
"""


class Migration(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        number=1,
        name="families, visits, recordings and sealed media chunks",
        statements=(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            f"""CREATE TABLE families (
                id TEXT PRIMARY KEY,
                case_code TEXT NOT NULL,
                display_name TEXT,
                {_SYNC_COLUMNS})""",
            "CREATE UNIQUE INDEX families_live_case_code ON families(case_code) WHERE deleted = 0",
            f"""CREATE TABLE visits (
                id TEXT PRIMARY KEY,
                family_id TEXT NOT NULL REFERENCES families(id),
                visited_on TEXT NOT NULL,
                place TEXT NOT NULL,
                {_SYNC_COLUMNS})""",
            "CREATE INDEX visits_by_family ON visits(family_id, visited_on)",
            f"""CREATE TABLE recordings (
                id TEXT PRIMARY KEY,
                visit_id TEXT NOT NULL REFERENCES visits(id),
                status TEXT NOT NULL
                    CHECK (status IN ('recording', 'complete', 'recovered', 'damaged')),
                media_type TEXT NOT NULL,
                started_at TEXT NOT NULL,
                ended_at TEXT,
                byte_size INTEGER NOT NULL DEFAULT 0,
                chunk_count INTEGER NOT NULL DEFAULT 0,
                {_SYNC_COLUMNS})""",
            "CREATE INDEX recordings_by_visit ON recordings(visit_id)",
            # One random key per recording; deleting this row crypto-shreds the film.
            """CREATE TABLE recording_keys (
                recording_id TEXT PRIMARY KEY REFERENCES recordings(id),
                key BLOB NOT NULL CHECK (length(key) = 32))""",
            # No foreign key: sync may deliver a film's chunks before its record.
            """CREATE TABLE media_chunks (
                recording_id TEXT NOT NULL,
                seq INTEGER NOT NULL CHECK (seq >= 0),
                is_final INTEGER NOT NULL CHECK (is_final IN (0, 1)),
                plain_size INTEGER NOT NULL CHECK (plain_size >= 0),
                data BLOB NOT NULL,
                UNIQUE (recording_id, seq))""",
            """CREATE TABLE change_log (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                hlc TEXT NOT NULL,
                kind TEXT NOT NULL,
                record_id TEXT NOT NULL,
                action TEXT NOT NULL)""",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        number=2,
        name="markers dropped on a recording's timeline while filming",
        statements=(
            f"""CREATE TABLE markers (
                id TEXT PRIMARY KEY,
                recording_id TEXT NOT NULL REFERENCES recordings(id),
                at_ms INTEGER NOT NULL CHECK (at_ms >= 0),
                lookback_ms INTEGER NOT NULL DEFAULT 0 CHECK (lookback_ms >= 0),
                code TEXT,
                note TEXT,
                {_SYNC_COLUMNS})""",
            "CREATE INDEX markers_by_recording ON markers(recording_id, at_ms)",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        number=3,
        name="imported films, rotation, and each film's frame index",
        statements=(
            "ALTER TABLE recordings ADD COLUMN rotation INTEGER NOT NULL DEFAULT 0 "
            "CHECK (rotation IN (0, 90, 180, 270))",
            "ALTER TABLE recordings ADD COLUMN origin TEXT NOT NULL DEFAULT 'camera' "
            "CHECK (origin IN ('camera', 'import'))",
            "ALTER TABLE recordings ADD COLUMN imported_name TEXT",
            # Derived from the film and rebuilt if lost: local to this vault, never synced.
            """CREATE TABLE frame_indexes (
                recording_id TEXT PRIMARY KEY REFERENCES recordings(id),
                format INTEGER NOT NULL,
                data BLOB NOT NULL)""",
        ),
    ),
)

LATEST = MIGRATIONS[-1].number


def schema_version(db: Database) -> int:
    row = db.query_one("PRAGMA user_version")
    return int(row[0]) if row else 0


def migrate(db: Database) -> tuple[int, ...]:
    """Bring the schema up to date; return the numbers of the migrations applied."""
    current = schema_version(db)
    if current > LATEST:
        raise VaultFromNewerVersion("database", current, LATEST)
    applied: list[int] = []
    for migration in MIGRATIONS:
        if migration.number <= current:
            continue
        with db.transaction():
            for statement in migration.statements:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {migration.number}")
        applied.append(migration.number)
    return tuple(applied)
