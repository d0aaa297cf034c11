"""Supervision records: the tables of comments, sign-offs and supervision sessions (written
and read through `record_table`), and the films of shared reviews."""

from __future__ import annotations

import json
from uuid import UUID

from vfapp.domain.changes import RecordKind
from vfapp.domain.supervision import Comment, SharedReviewFilm, SignOff, SupervisionSession
from vfapp.vault.database import Database
from vfapp.vault.record_table import RecordTable
from vfapp.vault.session import WriteBatch

COMMENTS: RecordTable[Comment] = RecordTable(
    "comments",
    Comment,
    ("visit_id", "recording_id", "target_kind", "target_id", "at_ms", "parent_id",
     "author_id", "body", "resolved"),
    RecordKind.COMMENT,
)  # fmt: skip
SIGN_OFFS: RecordTable[SignOff] = RecordTable(
    "sign_offs",
    SignOff,
    ("visit_id", "guider_id", "supervisor_id", "signed_on", "note"),
    RecordKind.SIGN_OFF,
)
SESSIONS: RecordTable[SupervisionSession] = RecordTable(
    "supervision_sessions",
    SupervisionSession,
    ("guider_id", "supervisor_id", "held_on", "minutes", "note"),
    RecordKind.SUPERVISION_SESSION,
)


def link_shared_review_film(batch: WriteBatch, film: SharedReviewFilm) -> None:
    batch.db.execute(
        "INSERT OR REPLACE INTO shared_review_films (recording_id, visit_id, moment_ids) "
        "VALUES (?, ?, ?)",
        (str(film.recording_id), str(film.visit_id), json.dumps([str(m) for m in film.moment_ids])),
    )


def shared_review_films(db: Database, visit_id: UUID) -> list[SharedReviewFilm]:
    rows = db.query(
        "SELECT f.recording_id, f.visit_id, f.moment_ids FROM shared_review_films f "
        "JOIN recordings r ON r.id = f.recording_id WHERE f.visit_id = ? AND r.deleted = 0",
        (str(visit_id),),
    )
    return [
        SharedReviewFilm(
            recording_id=UUID(row[0]),
            visit_id=UUID(row[1]),
            moment_ids=tuple(UUID(m) for m in json.loads(row[2])),
        )
        for row in rows
    ]
