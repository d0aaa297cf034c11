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


def _append_only(table: str, what: str) -> tuple[str, ...]:
    """Triggers that refuse to change or remove rows: the app only ever appends to `table`."""
    return tuple(
        f"""CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
            BEGIN SELECT RAISE(ABORT, '{what} can only be added to, never changed'); END"""
        for verb in ("UPDATE", "DELETE")
    )


MIGRATIONS += (
    Migration(
        number=4,
        name="governance: users, consent ledger, retention, deletion records, audit trail",
        statements=(
            f"""CREATE TABLE users (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                role TEXT NOT NULL
                    CHECK (role IN ('practitioner', 'guider', 'supervisor', 'admin')),
                {_SYNC_COLUMNS})""",
            "CREATE UNIQUE INDEX users_live_name ON users(name) WHERE deleted = 0",
            # The day the family's involvement with the team ended (NULL while open).
            "ALTER TABLE families ADD COLUMN closed_on TEXT",
            f"""CREATE TABLE consent_events (
                id TEXT PRIMARY KEY,
                family_id TEXT NOT NULL REFERENCES families(id),
                tier TEXT NOT NULL CHECK (tier IN
                    ('filming', 'shared_review', 'supervision', 'training', 'research')),
                kind TEXT NOT NULL CHECK (kind IN ('given', 'changed', 'withdrawn')),
                effective_at TEXT NOT NULL,
                given_by TEXT NOT NULL,
                relationship TEXT NOT NULL CHECK (relationship IN ('parent', 'carer')),
                method TEXT NOT NULL CHECK (method IN ('written', 'verbal')),
                recorded_by TEXT NOT NULL,
                expires_on TEXT,
                note TEXT,
                {_SYNC_COLUMNS})""",
            "CREATE INDEX consent_by_family ON consent_events(family_id, tier, effective_at)",
            *_append_only("consent_events", "consent events"),
            """CREATE TABLE retention_policies (
                kind TEXT PRIMARY KEY CHECK (kind IN
                    ('raw_recording', 'clip', 'still', 'note', 'export_record')),
                keep_days INTEGER NOT NULL CHECK (keep_days >= 0),
                updated_at TEXT,
                updated_by TEXT)""",
            """CREATE TABLE deletion_records (
                id TEXT PRIMARY KEY,
                artefact_kind TEXT NOT NULL,
                artefact_id TEXT NOT NULL,
                family_id TEXT,
                reason TEXT NOT NULL CHECK (reason IN ('retention', 'withdrawal')),
                rule TEXT NOT NULL,
                deleted_at TEXT NOT NULL,
                deleted_by TEXT,
                device_id TEXT NOT NULL)""",
            *_append_only("deletion_records", "deletion records"),
            # Each device's own chain: seq 1, 2, 3... each hash covering the one before.
            """CREATE TABLE audit_events (
                device_id TEXT NOT NULL,
                seq INTEGER NOT NULL CHECK (seq >= 1),
                at TEXT NOT NULL,
                user_id TEXT,
                action TEXT NOT NULL,
                outcome TEXT NOT NULL,
                record_kind TEXT,
                record_id TEXT,
                family_id TEXT,
                detail TEXT,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (device_id, seq))""",
            "CREATE INDEX audit_by_family ON audit_events(family_id, at)",
            *_append_only("audit_events", "audit events"),
            # The last event of each device's chain, signed with that device's key.
            """CREATE TABLE audit_heads (
                device_id TEXT PRIMARY KEY,
                seq INTEGER NOT NULL,
                hash TEXT NOT NULL,
                signature BLOB NOT NULL,
                public_key BLOB NOT NULL)""",
            # This device's Ed25519 signing key (inside the encrypted database only).
            """CREATE TABLE device_keys (
                device_id TEXT PRIMARY KEY,
                private_key BLOB NOT NULL CHECK (length(private_key) = 32),
                public_key BLOB NOT NULL CHECK (length(public_key) = 32),
                created_at TEXT NOT NULL)""",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        number=5,
        name="what a visit was for (play, feeding, bath time, other)",
        statements=(
            "ALTER TABLE visits ADD COLUMN activity TEXT NOT NULL DEFAULT 'play' "
            "CHECK (activity IN ('play', 'feeding', 'bath', 'other'))",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        number=6,
        name="codebooks (each version kept) and tags",
        statements=(
            f"""CREATE TABLE codebooks (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                current_version INTEGER NOT NULL CHECK (current_version >= 1),
                {_SYNC_COLUMNS})""",
            # Every version a tag may refer to stays, unchanged (the codes as JSON).
            """CREATE TABLE codebook_versions (
                codebook_id TEXT NOT NULL REFERENCES codebooks(id),
                version INTEGER NOT NULL CHECK (version >= 1),
                content TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (codebook_id, version))""",
            f"""CREATE TABLE tags (
                id TEXT PRIMARY KEY,
                recording_id TEXT NOT NULL REFERENCES recordings(id),
                codebook_id TEXT,
                codebook_version INTEGER,
                code TEXT,
                actor TEXT NOT NULL
                    CHECK (actor IN ('parent', 'infant', 'guider', 'other_adult', 'sibling')),
                start_ms INTEGER NOT NULL CHECK (start_ms >= 0),
                end_ms INTEGER CHECK (end_ms IS NULL OR end_ms > start_ms),
                note TEXT,
                from_marker TEXT,
                {_SYNC_COLUMNS})""",
            "CREATE INDEX tags_by_recording ON tags(recording_id, start_ms)",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        number=7,
        name="stills (pictures sealed under their film's key) and each visit's review plan",
        statements=(
            f"""CREATE TABLE stills (
                id TEXT PRIMARY KEY,
                recording_id TEXT NOT NULL REFERENCES recordings(id),
                frame_number INTEGER NOT NULL CHECK (frame_number >= 0),
                at_ms INTEGER NOT NULL CHECK (at_ms >= 0),
                width INTEGER NOT NULL CHECK (width > 0),
                height INTEGER NOT NULL CHECK (height > 0),
                caption TEXT,
                picture BLOB NOT NULL,
                {_SYNC_COLUMNS})""",
            "CREATE INDEX stills_by_recording ON stills(recording_id, frame_number)",
            f"""CREATE TABLE plan_moments (
                id TEXT PRIMARY KEY,
                visit_id TEXT NOT NULL REFERENCES visits(id),
                position INTEGER NOT NULL CHECK (position >= 0),
                recording_id TEXT NOT NULL REFERENCES recordings(id),
                start_ms INTEGER NOT NULL CHECK (start_ms >= 0),
                end_ms INTEGER NOT NULL CHECK (end_ms > start_ms),
                title TEXT NOT NULL,
                question TEXT,
                still_id TEXT REFERENCES stills(id),
                {_SYNC_COLUMNS})""",
            "CREATE INDEX plan_moments_by_visit ON plan_moments(visit_id, position)",
            "CREATE INDEX plan_moments_by_recording ON plan_moments(recording_id)",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        number=8,
        name="supervision: comments and replies, sign-offs, supervision hours, review films",
        statements=(
            # A comment is about a tag, a plan moment, a time on a film, or the visit itself;
            # a reply names its parent. The words never change; `resolved` may.
            f"""CREATE TABLE comments (
                id TEXT PRIMARY KEY,
                visit_id TEXT NOT NULL REFERENCES visits(id),
                recording_id TEXT REFERENCES recordings(id),
                target_kind TEXT NOT NULL CHECK (target_kind IN ('tag', 'moment', 'time', 'visit')),
                target_id TEXT,
                at_ms INTEGER CHECK (at_ms IS NULL OR at_ms >= 0),
                parent_id TEXT REFERENCES comments(id),
                author_id TEXT NOT NULL REFERENCES users(id),
                body TEXT NOT NULL,
                resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
                {_SYNC_COLUMNS})""",
            "CREATE INDEX comments_by_visit ON comments(visit_id, created_at)",
            # A supervisor marks a guider's cycle (film, micro-analysis, shared review) reviewed.
            f"""CREATE TABLE sign_offs (
                id TEXT PRIMARY KEY,
                visit_id TEXT NOT NULL REFERENCES visits(id),
                guider_id TEXT NOT NULL REFERENCES users(id),
                supervisor_id TEXT NOT NULL REFERENCES users(id),
                signed_on TEXT NOT NULL,
                note TEXT,
                {_SYNC_COLUMNS})""",
            "CREATE INDEX sign_offs_by_guider ON sign_offs(guider_id)",
            f"""CREATE TABLE supervision_sessions (
                id TEXT PRIMARY KEY,
                guider_id TEXT NOT NULL REFERENCES users(id),
                supervisor_id TEXT REFERENCES users(id),
                held_on TEXT NOT NULL,
                minutes INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 600),
                note TEXT,
                {_SYNC_COLUMNS})""",
            "CREATE INDEX supervision_by_guider ON supervision_sessions(guider_id, held_on)",
            # A film of a shared review, with the plan moments it showed (a JSON list of ids).
            """CREATE TABLE shared_review_films (
                recording_id TEXT PRIMARY KEY REFERENCES recordings(id),
                visit_id TEXT NOT NULL REFERENCES visits(id),
                moment_ids TEXT NOT NULL)""",
        ),
    ),
)

MIGRATIONS += (
    Migration(
        number=9,
        name="double coding: coding passes, and which pass and coder made each tag",
        statements=(
            # One person's own coding of a film, apart from its primary coding; while a blind
            # pass is open its coder sees no other coding of the film.
            f"""CREATE TABLE coding_passes (
                id TEXT PRIMARY KEY,
                recording_id TEXT NOT NULL REFERENCES recordings(id),
                coder_id TEXT NOT NULL REFERENCES users(id),
                blind INTEGER NOT NULL CHECK (blind IN (0, 1)),
                status TEXT NOT NULL CHECK (status IN ('open', 'finished')),
                finished_at TEXT,
                {_SYNC_COLUMNS})""",
            "CREATE UNIQUE INDEX coding_passes_one_per_coder "
            "ON coding_passes(recording_id, coder_id) WHERE deleted = 0",
            # NULL pass: the film's primary coding (every tag made before this migration).
            "ALTER TABLE tags ADD COLUMN pass_id TEXT REFERENCES coding_passes(id)",
            # NULL coder: made before this migration, by someone the tag does not name.
            "ALTER TABLE tags ADD COLUMN coder_id TEXT REFERENCES users(id)",
            "CREATE INDEX tags_by_pass ON tags(pass_id) WHERE pass_id IS NOT NULL",
        ),
    ),
)

# The fields of each synced record, each stamped with its own clock when it changes (sync
# merges field by field, so an edit made earlier is not carried over a later one elsewhere).
_SYNCED_FIELDS = {
    "users": ("name", "role", "deleted"),
    "codebooks": ("name", "current_version", "deleted"),
    "families": ("case_code", "display_name", "deleted", "closed_on"),
    "visits": ("family_id", "visited_on", "place", "deleted", "activity"),
    "recordings": ("visit_id", "status", "media_type", "started_at", "ended_at", "byte_size",
                   "chunk_count", "deleted", "rotation", "origin", "imported_name"),
    "coding_passes": ("recording_id", "coder_id", "blind", "status", "finished_at", "deleted"),
    "markers": ("recording_id", "at_ms", "lookback_ms", "code", "note", "deleted"),
    "stills": ("recording_id", "frame_number", "at_ms", "width", "height", "caption", "deleted"),
    "tags": ("recording_id", "codebook_id", "codebook_version", "code", "actor", "start_ms",
             "end_ms", "note", "from_marker", "deleted", "pass_id", "coder_id"),
    "plan_moments": ("visit_id", "position", "recording_id", "start_ms", "end_ms", "title",
                     "question", "still_id", "deleted"),
    "comments": ("resolved", "deleted", "body"),
    "sign_offs": ("visit_id", "guider_id", "supervisor_id", "signed_on", "note", "deleted"),
    "supervision_sessions": ("guider_id", "supervisor_id", "held_on", "minutes", "note",
                             "deleted"),
}  # fmt: skip


def _field_clock_triggers() -> tuple[str, ...]:
    return tuple(
        f"""CREATE TRIGGER {table}_field_clock AFTER UPDATE ON {table} BEGIN
            {
            " ".join(
                f"INSERT OR REPLACE INTO sync_field_clock SELECT '{table}', new.id, '{field}', "
                f"new.hlc WHERE old.{field} IS NOT new.{field};"
                for field in fields
            )
        }
        END"""
        for table, fields in _SYNCED_FIELDS.items()
    )


MIGRATIONS += (
    Migration(
        number=10,
        name="team sync: keys, roster, what each device has sent and received, note versions",
        statements=(
            # This device's place in its team (one row), and its key for receiving wrapped keys.
            """CREATE TABLE sync_team (
                one INTEGER PRIMARY KEY CHECK (one = 1),
                team_id TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'removed')),
                role TEXT NOT NULL,
                user_id TEXT,
                box_private BLOB NOT NULL CHECK (length(box_private) = 32),
                descriptor TEXT NOT NULL)""",
            # Team and family keys by epoch (scope 'team' or a family id).
            """CREATE TABLE sync_keys (
                scope TEXT NOT NULL,
                epoch INTEGER NOT NULL CHECK (epoch >= 1),
                key BLOB NOT NULL CHECK (length(key) = 32),
                owner_user TEXT,
                PRIMARY KEY (scope, epoch))""",
            "CREATE TABLE sync_roster (one INTEGER PRIMARY KEY CHECK (one = 1), body TEXT)",
            # Invites this admin device issued, with the one-time join key.
            """CREATE TABLE sync_invites (
                id TEXT PRIMARY KEY, join_key BLOB NOT NULL, role TEXT NOT NULL,
                person TEXT NOT NULL, created_at TEXT NOT NULL, used_by TEXT)""",
            # Key wraps this device has written: (target device, scope, epoch).
            """CREATE TABLE sync_wrapped (
                target TEXT NOT NULL, scope TEXT NOT NULL, epoch INTEGER NOT NULL,
                PRIMARY KEY (target, scope, epoch))""",
            # The last synced value and clock of each field of each record.
            """CREATE TABLE sync_shadow (
                tbl TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL,
                PRIMARY KEY (tbl, id))""",
            # Every version of every note ever seen: concurrent ones are kept, not lost.
            """CREATE TABLE sync_note_versions (
                tbl TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL, hlc TEXT NOT NULL,
                bases TEXT NOT NULL, value TEXT,
                PRIMARY KEY (tbl, id, field, hlc))""",
            # Our own batches: sealed once, kept until the store holds them.
            """CREATE TABLE sync_outbox (
                seq INTEGER PRIMARY KEY, name TEXT NOT NULL, scope_tag TEXT NOT NULL,
                digest TEXT NOT NULL, data BLOB, sent INTEGER NOT NULL DEFAULT 0)""",
            # Counters and watermarks (export clock, head version, per-table cursors).
            "CREATE TABLE sync_marks (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            # Per other device: the newest head version seen and the batches applied from it.
            """CREATE TABLE sync_peers (
                device_id TEXT PRIMARY KEY, head_version INTEGER NOT NULL,
                applied_seq INTEGER NOT NULL)""",
            # Batches we could not read yet (no key for their family) or ops waiting for
            # what they need (their parent record, their film's key).
            """CREATE TABLE sync_waiting (
                device_id TEXT NOT NULL, seq INTEGER NOT NULL, scope_tag TEXT NOT NULL,
                name TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (device_id, seq))""",
            """CREATE TABLE sync_pending_ops (
                n INTEGER PRIMARY KEY AUTOINCREMENT,
                device_id TEXT NOT NULL,
                body TEXT NOT NULL)""",
            # Film keys received before their film's record, and films' chunk lists to fetch.
            """CREATE TABLE sync_film_keys (
                recording_id TEXT PRIMARY KEY, key BLOB NOT NULL CHECK (length(key) = 32))""",
            """CREATE TABLE sync_films_in (
                recording_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, sizes TEXT NOT NULL)""",
            # Our own chunks and film keys the store holds.
            """CREATE TABLE sync_media_out (
                recording_id TEXT NOT NULL, seq INTEGER NOT NULL,
                PRIMARY KEY (recording_id, seq))""",
            "CREATE TABLE sync_films_out (recording_id TEXT PRIMARY KEY, state TEXT NOT NULL)",
            """CREATE TABLE sync_field_clock (
                tbl TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL, hlc TEXT NOT NULL,
                PRIMARY KEY (tbl, id, field))""",
            *_field_clock_triggers(),
            # What sync refused or settled, for the sync screen.
            """CREATE TABLE sync_log (
                n INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, kind TEXT NOT NULL,
                message TEXT NOT NULL)""",
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
