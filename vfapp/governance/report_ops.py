"""The session report for the case file: a visit's review plan, stills, tags per principle and
(only when asked) tag notes, as a PDF written where the user chose. Needs the family's filming
consent (EXPORT_CASE); audited once, without the report's words or where it went."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from vfapp.domain.errors import VfappError
from vfapp.domain.exports import (
    CancelToken,
    ExportKind,
    ExportResult,
    Progress,
    check_cancel,
    tell,
)
from vfapp.domain.models import Recording, RecordingOrigin
from vfapp.domain.report_content import (
    ReportContent,
    ReportFilm,
    ReportMoment,
    ReportNote,
    summarise_tags,
)
from vfapp.domain.review import PlanMoment, StillUnreadable
from vfapp.domain.tagging import CodebookContent, Tag
from vfapp.governance import tag_ops
from vfapp.governance.actor import Actor
from vfapp.governance.export_gate import ExportScope, attempt, audit_export, open_export
from vfapp.governance.plan_ops import film_length_ms
from vfapp.governance.report_pdf import render_report
from vfapp.playback.plain_out import checked_destination, write_plain
from vfapp.vault import codebook_store, plan_store, still_store
from vfapp.vault.recordings import list_recordings


def export_report(
    actor: Actor,
    visit_id: UUID,
    destination: Path,
    *,
    include_notes: bool = False,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """Write the visit's session report as a PDF at `destination` (a new .pdf file)."""
    scope = open_export(actor, visit_id)
    target = checked_destination(destination, (".pdf",), overwrite=overwrite)
    with attempt(actor, scope, "session report"):
        tell(progress, 0.0, "gathering the visit")
        content = report_content(actor, scope, include_notes=include_notes, cancel=cancel)

        def step(fraction: float) -> None:
            check_cancel(cancel)
            tell(progress, 0.3 + 0.6 * fraction, "laying out the report")

        data, pages = render_report(content, step)
        check_cancel(cancel)
        tell(progress, 0.95, "writing the file")
        size = write_plain(target, data)
    tell(progress, 1.0, "done")
    moments = len(content.moments)
    notes = ", with tag notes" if include_notes else ""
    audit_export(
        actor, scope, f"session report exported: {pages} page(s), {moments} moment(s){notes}"
    )
    return ExportResult(kind=ExportKind.REPORT, paths=(target,), bytes=size, pages=pages)


def report_content(
    actor: Actor, scope: ExportScope, *, include_notes: bool, cancel: CancelToken | None = None
) -> ReportContent:
    """Everything the report shows, stills decoded from their seals in memory."""
    films = sorted(list_recordings(actor.vault, scope.visit.id), key=lambda r: (r.started_at, r.id))
    number = {film.id: position for position, film in enumerate(films, start=1)}
    moments = []
    for position, moment in enumerate(plan_store.list_moment_rows(actor.vault.db, scope.visit.id)):
        check_cancel(cancel)
        moments.append(_moment(actor, moment, position + 1, number.get(moment.recording_id, 1)))
    tags = [(number[film.id], tag) for film in films for tag in tag_ops.list_tags(actor, film.id)]
    principles, uncoded = summarise_tags((tag for _, tag in tags), _codebooks(actor, tags))
    notes = None
    if include_notes:
        notes = tuple(
            ReportNote(film=film, at_ms=t.start_ms, code=t.code, actor=t.actor.value, text=t.note)
            for film, t in tags
            if t.note
        )
    return ReportContent(
        case_code=scope.family.case_code,
        visited_on=scope.visit.visited_on,
        place=scope.visit.place.value,
        activity=scope.visit.activity.value,
        made_by=actor.user.name,
        made_at=actor.clock(),
        films=tuple(_film(actor, film, number[film.id]) for film in films),
        moments=tuple(moments),
        principles=tuple(principles),
        uncoded=uncoded,
        notes=notes,
    )


def _moment(actor: Actor, moment: PlanMoment, position: int, film: int) -> ReportMoment:
    png = caption = at_ms = None
    if moment.still_id is not None:
        still = still_store.find_still(actor.vault.db, moment.still_id)
        if still is not None and not still.deleted:
            caption, at_ms = still.caption, still.at_ms
            try:
                png = still_store.still_picture(actor.vault.db, still)
            except StillUnreadable:
                png = None  # its film was deleted: the words still belong in the report
    return ReportMoment(
        number=position,
        title=moment.title,
        question=moment.question,
        film=film,
        start_ms=moment.start_ms,
        end_ms=moment.end_ms,
        still_png=png,
        still_caption=caption,
        still_at_ms=at_ms,
    )


def _codebooks(actor: Actor, tags: list[tuple[int, Tag]]) -> dict[UUID, CodebookContent]:
    """Each codebook the tags use, at the newest version any of them was made with."""
    newest: dict[UUID, int] = {}
    for _, tag in tags:
        if tag.codebook_id is not None:
            version = tag.codebook_version or 1
            newest[tag.codebook_id] = max(newest.get(tag.codebook_id, 1), version)
    return {
        book: codebook_store.read_version(actor.vault.db, book, version)
        for book, version in newest.items()
    }


def _film(actor: Actor, film: Recording, number: int) -> ReportFilm:
    try:
        length: float | None = film_length_ms(actor.vault, film.id) / 1000
    except VfappError:
        length = None
    return ReportFilm(
        number=number, length_s=length, imported=film.origin is RecordingOrigin.IMPORT
    )
