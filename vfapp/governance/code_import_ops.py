"""Codes made in ELAN or BORIS brought onto a film as tags.

Importing is coding: it needs the TAG permission and the family's filming consent. The file
is read and checked whole first (its codes against the chosen codebook, its times against
the film): a file that does not fit is refused in one sentence and nothing is imported.
Then each tag is added on its own, in its own transaction with its audit event, and one
more event sums the import up (the kind of file and the counts: never its name or notes).
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import InvalidInput
from vfapp.domain.exports import CancelToken, Progress, tell
from vfapp.domain.interchange.formats import read_codes
from vfapp.domain.interchange.import_plan import ImportOptions, has_every_code, plan_import
from vfapp.domain.interchange.models import ImportedCodes, refused
from vfapp.domain.tagging import Codebook, CodebookContent
from vfapp.governance.actor import Actor
from vfapp.governance.code_exchange_ops import audit_film, film_index
from vfapp.governance.codebook_ops import codebook_version, find_codebook, list_codebooks
from vfapp.governance.gates import family_of_recording
from vfapp.governance.policy import Action
from vfapp.governance.tag_ops import add_tag, list_tags
from vfapp.vault.recordings import get_recording

MAX_BYTES = 64 * 2**20  # the largest ELAN files seen are a few MiB


class CodesImported(BaseModel):
    """What an import did: how many tags it made, and what it skipped and why."""

    model_config = ConfigDict(frozen=True)

    file: str
    kind: str
    observation: str | None
    codebook: str
    imported: int
    skipped: dict[str, int]
    tag_ids: tuple[UUID, ...]
    cancelled: bool = False


def import_codes(
    actor: Actor,
    recording_id: UUID,
    path: Path,
    *,
    codebook: str | None = None,
    observation: str | None = None,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> CodesImported:
    """Add the events of an .eaf, .boris or BORIS table as tags on the film. `codebook` is
    a name or id (needed when more than one codebook has the file's codes); `observation`
    picks one of a BORIS file's observations. A cancel stops between tags: those made stay."""
    family = family_of_recording(actor, recording_id)
    actor.authorize(
        Action.TAG, family_id=family.id, record_kind="recording", record_id=recording_id, log=False
    )
    read = read_codes(path.name, _read(path), observation)
    book, content = _codebook(actor, codebook, read)
    index = film_index(actor.vault, get_recording(actor.vault, recording_id))
    length_ms = None if index is None else round(index.duration_s * 1000)
    existing = frozenset(
        (t.start_ms, t.end_ms, t.code, t.actor)
        for t in list_tags(actor, recording_id)
        if t.code is not None
    )
    plan = plan_import(read, content, length_ms, options or ImportOptions(), existing)
    made: list[UUID] = []
    for tag in plan.tags:
        if cancel is not None and cancel.is_set():
            break
        added = add_tag(
            actor,
            recording_id,
            tag.start_ms,
            tag.end_ms,
            code=tag.code,
            codebook_id=book.id,
            tag_actor=tag.actor,
            note=tag.note,
        )
        made.append(added.id)
        tell(progress, len(made) / len(plan.tags), "adding tags")
    cancelled = len(made) < len(plan.tags)
    skipped = sum(plan.skipped.values())
    stop = ", cancelled" if cancelled else ""
    detail = f"codes imported from {read.kind}: {len(made)} tags, {skipped} skipped{stop}"
    audit_film(actor, Action.TAG, recording_id, family.id, detail)
    return CodesImported(
        file=path.name,
        kind=read.kind,
        observation=read.observation,
        codebook=book.name,
        imported=len(made),
        skipped=plan.skipped,
        tag_ids=tuple(made),
        cancelled=cancelled,
    )


def _read(path: Path) -> bytes:
    with path.open("rb") as source:
        data = source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise refused(path.name, f"is larger than {MAX_BYTES // 2**20} MiB")
    return data


def _codebook(
    actor: Actor, wanted: str | None, read: ImportedCodes
) -> tuple[Codebook, CodebookContent]:
    """The codebook named, else the only one, else the only one with every code the file
    uses; otherwise the user must choose."""
    if wanted is not None:
        book = find_codebook(actor, wanted)
        return book, codebook_version(actor, book.id)
    books = [(book, codebook_version(actor, book.id)) for book in list_codebooks(actor)]
    if not books:
        raise InvalidInput("vault", "has no codebook yet; install or import one first")
    fitting = [pair for pair in books if len(books) == 1 or has_every_code(read, pair[1])]
    if len(fitting) == 1:
        return fitting[0]
    names = ", ".join(repr(book.name) for book, _ in books)
    raise InvalidInput("codebook", f"must be chosen: this vault has {len(books)} ({names})")
