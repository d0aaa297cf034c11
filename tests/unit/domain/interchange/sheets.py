"""Hand-built code sheets for the interchange tests, and the real files of the corpus."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest

from tests.conftest import SHARED
from vfapp.domain.interchange.models import CodeRow, CodeSheet, ImportedEvent, actor_named
from vfapp.domain.tagging import TagActor

CORPUS = SHARED / "corpus" / "annotations"
MADE_AT = datetime(2027, 3, 1, 10, 30, tzinfo=UTC)


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"the shared corpus has no {name} here")
    return path


def corpus_files(*suffixes: str) -> list[Path]:
    """Every corpus file with one of these suffixes (none when the corpus is absent)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in suffixes)


def row(
    number: int,
    start_ms: int,
    end_ms: int | None,
    code: str | None,
    actor: TagActor = TagActor.PARENT,
    note: str | None = None,
) -> CodeRow:
    principle = None if code is None else code.split(".")[0]
    return CodeRow(
        tag_id=UUID(int=number),
        start_ms=start_ms,
        end_ms=end_ms,
        code=code,
        code_name=None if code is None else f"name of {code}",
        principle=principle,
        principle_name=None if principle is None else f"name of {principle}",
        actor=actor,
        note=note,
        codebook=None if code is None else "VIG",
        codebook_version=None if code is None else 2,
    )


# Points and ranges, overlapping ones on one principle, every actor, notes that need quoting.
ROWS = (
    row(1, 1_000, 4_000, "VIG-3.2", TagActor.INFANT, 'a "big" smile, then a look'),
    row(2, 2_000, None, "VIG-3", TagActor.PARENT),
    row(3, 2_500, 3_000, "VIG-1", TagActor.GUIDER, "=SUM(A1) is not a formula"),
    row(4, 3_500, 9_250, "VIG-3", TagActor.OTHER_ADULT, "naïve café — ünïcode"),
    row(5, 9_250, 12_000, "VIG-3", TagActor.SIBLING),
    row(6, 12_000, None, None, TagActor.PARENT, "marker, uncoded"),
)


def sheet(rows: tuple[CodeRow, ...] = ROWS, family: str | None = None) -> CodeSheet:
    return CodeSheet(
        film="0123456789ab", family=family, made_at=MADE_AT, length_s=20.0, fps=30.0, rows=rows
    )


def row_keys(rows: tuple[CodeRow, ...]) -> list[tuple[tuple[object, ...], str | None]]:
    """What a reader must give back for each coded tag: times, code, actor, note."""
    keys = [((r.start_ms, r.end_ms, r.code, r.actor), r.note) for r in rows if r.code is not None]
    return sorted(keys, key=repr)


def event_keys(events: tuple[ImportedEvent, ...]) -> list[tuple[tuple[object, ...], str | None]]:
    def actor(event: ImportedEvent) -> TagActor:
        named = [a for a in map(actor_named, event.actors) if a is not None]
        return named[0] if named else TagActor.PARENT

    keys = [((e.start_ms, e.end_ms, e.codes[0], actor(e)), e.note) for e in events]
    return sorted(keys, key=repr)
