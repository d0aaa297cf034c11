"""A film's codes out of the vault as CSV, ELAN .eaf, a BORIS events table or project.

Each export is a deliberate act: the user names the purpose (case work, training or
research: each needs the family's consent to it, and a refusal is audited) and the file.
The file is written in plain, because the user asked, through a hidden partial file
readable by its owner only that becomes the file when complete; a cancelled or failed export
leaves nothing. The audit records the format, the number of tags and whether notes went
with them: never a note's words or the file's path. Notes stay out unless asked for.
"""

from __future__ import annotations

import os
from pathlib import Path
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import VfappError
from vfapp.domain.exports import CancelToken, ExportCancelled, Progress, check_cancel, tell
from vfapp.domain.governance import AuditOutcome
from vfapp.domain.interchange.boris_project_write import boris_project_json
from vfapp.domain.interchange.boris_table import boris_tsv
from vfapp.domain.interchange.csv_codes import csv_text
from vfapp.domain.interchange.eaf_write import eaf_text
from vfapp.domain.interchange.models import (
    CodeFormat,
    CodeRow,
    CodeSheet,
    EafLayout,
    Purpose,
)
from vfapp.domain.models import Recording
from vfapp.domain.tagging import Code, CodebookContent, Tag
from vfapp.governance.actor import Actor
from vfapp.governance.gates import family_of_recording
from vfapp.governance.policy import Action
from vfapp.governance.tag_ops import list_tags
from vfapp.playback.frame_index import FORMAT, FrameIndex
from vfapp.playback.plain_out import checked_destination, plain_file
from vfapp.playback.video_session import VideoSession
from vfapp.vault import codebook_store
from vfapp.vault.frame_indexes import load_frame_index
from vfapp.vault.recordings import get_recording
from vfapp.vault.session import Vault

EXPORT_ACTIONS = {
    Purpose.CASE: Action.EXPORT_CODES,
    Purpose.TRAINING: Action.EXPORT_CODES_TRAINING,
    Purpose.RESEARCH: Action.EXPORT_CODES_RESEARCH,
}
SUFFIXES = {
    CodeFormat.CSV: (".csv",),
    CodeFormat.EAF: (".eaf",),
    CodeFormat.BORIS: (".tsv", ".boris"),  # BORIS's events table, or a project BORIS opens
}
_BLOCK = 64 * 1024


class CodesExported(BaseModel):
    """What an export wrote: where, in which format, for what, and how much."""

    model_config = ConfigDict(frozen=True)

    path: Path
    format: CodeFormat
    purpose: Purpose
    tags: int
    bytes: int
    notes: bool


def export_codes(
    actor: Actor,
    recording_id: UUID,
    fmt: CodeFormat,
    purpose: Purpose,
    destination: Path,
    *,
    layout: EafLayout = EafLayout.PRINCIPLE,
    with_notes: bool = False,
    with_uncoded: bool = False,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> CodesExported:
    """Write the film's tags to `destination` (which must end in the format's suffix)."""
    action = EXPORT_ACTIONS[purpose]
    family = family_of_recording(actor, recording_id)
    actor.authorize(
        action, family_id=family.id, record_kind="recording", record_id=recording_id, log=False
    )
    target = checked_destination(destination, SUFFIXES[fmt], overwrite=overwrite)
    case_code = family.case_code if purpose is Purpose.CASE else None
    what = f"codes as {fmt.value}"
    try:
        sheet = code_sheet(actor, recording_id, case_code, with_notes, with_uncoded, progress,
                           cancel)  # fmt: skip
        tell(progress, 0.9, "writing the file")
        data = render(sheet, fmt, layout, project=target.suffix.lower() == ".boris").encode()
        with plain_file(target) as partial:
            _write(partial, data, cancel)
            notes = "included" if with_notes else "left out"
            done = f"{what}: {_written(sheet, fmt)} tags, notes {notes}"
            audit_film(actor, action, recording_id, family.id, done)
    except (ExportCancelled, KeyboardInterrupt):
        audit_film(actor, action, recording_id, family.id, f"{what}: cancelled", failed=True)
        raise
    except OSError:
        audit_film(actor, action, recording_id, family.id, f"{what}: not written", failed=True)
        raise
    _sync_folder(target.parent)
    tell(progress, 1.0, "done")
    return CodesExported(
        path=target,
        format=fmt,
        purpose=purpose,
        tags=_written(sheet, fmt),
        bytes=len(data),
        notes=with_notes,
    )


def render(
    sheet: CodeSheet,
    fmt: CodeFormat,
    layout: EafLayout = EafLayout.PRINCIPLE,
    *,
    project: bool = False,
) -> str:
    """The file's text (UTF-8 when written); `project`: BORIS as a .boris project."""
    if fmt is CodeFormat.CSV:
        return csv_text(sheet)
    if fmt is CodeFormat.EAF:
        return eaf_text(sheet, layout)
    return boris_project_json(sheet) if project else boris_tsv(sheet)


def code_sheet(
    actor: Actor,
    recording_id: UUID,
    case_code: str | None = None,
    with_notes: bool = False,
    with_uncoded: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> CodeSheet:
    """The film's tags as rows (its uncoded markers only if asked), codes spelled out."""
    tags = [t for t in list_tags(actor, recording_id) if with_uncoded or t.code is not None]
    books = _Codebooks(actor)
    rows: list[CodeRow] = []
    for number, tag in enumerate(tags):
        check_cancel(cancel)
        rows.append(books.row(tag, with_notes))
        tell(progress, 0.9 * (number + 1) / len(tags), "gathering the tags")
    index = film_index(actor.vault, get_recording(actor.vault, recording_id))
    return CodeSheet(
        film=recording_id.hex[-12:],
        family=case_code,
        made_at=actor.clock(),
        length_s=None if index is None else round(index.duration_s, 3),
        fps=None if index is None else index.fps,
        rows=tuple(rows),
    )


class _Codebooks:
    """Codebook versions read once each, to spell out a tag's code and its principle."""

    def __init__(self, actor: Actor) -> None:
        self._db = actor.vault.db
        self._read: dict[tuple[UUID, int], tuple[str, dict[str, Code]]] = {}

    def row(self, tag: Tag, with_notes: bool) -> CodeRow:
        fields = {
            "tag_id": tag.id,
            "start_ms": tag.start_ms,
            "end_ms": tag.end_ms,
            "actor": tag.actor,
            "note": tag.note if with_notes else None,
        }
        if tag.code is None or tag.codebook_id is None or tag.codebook_version is None:
            return CodeRow(**fields)
        name, codes = self._version(tag.codebook_id, tag.codebook_version)
        code = codes.get(tag.code)
        principle = code
        while principle is not None and principle.parent is not None:
            principle = codes.get(principle.parent)
        return CodeRow(
            **fields,
            code=tag.code,
            code_name=None if code is None else code.name,
            principle=tag.code if principle is None else principle.id,
            principle_name=None if principle is None else principle.name,
            codebook=name,
            codebook_version=tag.codebook_version,
        )

    def _version(self, book: UUID, version: int) -> tuple[str, dict[str, Code]]:
        if (book, version) not in self._read:
            content: CodebookContent = codebook_store.read_version(self._db, book, version)
            name = codebook_store.get_codebook(self._db, book).name
            self._read[book, version] = (name, {code.id: code for code in content.codes})
        return self._read[book, version]


def audit_film(
    actor: Actor,
    action: Action,
    recording_id: UUID,
    family_id: UUID,
    detail: str,
    *,
    failed: bool = False,
) -> None:
    """One event about a film's codes: what went in or out and how many, never words."""
    actor.audit(
        action,
        AuditOutcome.FAILED if failed else AuditOutcome.DONE,
        record_kind="recording",
        record_id=recording_id,
        family_id=family_id,
        detail=detail,
    )


def film_index(vault: Vault, recording: Recording) -> FrameIndex | None:
    """The film's frame index (its length and frame rate): as stored once the film has been
    opened, else built now from its packets; None for a film with no pictures yet."""
    stored = load_frame_index(vault, recording.id, FORMAT)
    if stored is not None:
        return FrameIndex.from_bytes(stored)
    if recording.chunk_count == 0:
        return None
    try:
        with VideoSession(vault, recording.id) as session:
            return session.index
    except (VfappError, OSError, ValueError):
        return None  # a film that cannot be read has no length to check against


def _written(sheet: CodeSheet, fmt: CodeFormat) -> int:
    """How many tags the file holds: BORIS has no behaviour for an uncoded marker."""
    if fmt is CodeFormat.BORIS:
        return sum(1 for row in sheet.rows if row.code is not None)
    return len(sheet.rows)


def _write(partial: Path, data: bytes, cancel: CancelToken | None) -> None:
    with partial.open("r+b") as out:
        for start in range(0, len(data), _BLOCK):
            check_cancel(cancel)
            out.write(data[start : start + _BLOCK])
        out.flush()
        os.fsync(out.fileno())
    check_cancel(cancel)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
