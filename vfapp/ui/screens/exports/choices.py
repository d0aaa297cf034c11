"""What can be exported from the workspace, what each is for, and the job that writes it
(run on the background worker, with progress and a cancel)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from uuid import UUID

from pydantic import BaseModel, ConfigDict
from PySide6.QtCore import QCoreApplication

from vfapp.domain.exports import CancelToken, Progress, ReelPurpose
from vfapp.domain.interchange.models import CodeFormat, EafLayout, Purpose
from vfapp.governance import code_exchange_ops, reel_ops, report_ops, still_export_ops
from vfapp.governance.actor import Actor


class ExportWhat(StrEnum):
    REPORT = "report"
    REEL = "reel"
    STILLS = "stills"
    CSV = "csv"
    EAF = "eaf"
    BORIS = "boris"


SUFFIX = {
    ExportWhat.REPORT: ".pdf",
    ExportWhat.REEL: ".mp4",
    ExportWhat.CSV: ".csv",
    ExportWhat.EAF: ".eaf",
    ExportWhat.BORIS: ".tsv",
}
PURPOSES = {  # what each may be for (each purpose needs the family's consent to it)
    ExportWhat.REPORT: (Purpose.CASE,),
    ExportWhat.STILLS: (Purpose.CASE,),
    ExportWhat.REEL: (Purpose.CASE, Purpose.TRAINING),
    ExportWhat.CSV: tuple(Purpose),
    ExportWhat.EAF: tuple(Purpose),
    ExportWhat.BORIS: tuple(Purpose),
}
CODES = {ExportWhat.CSV: CodeFormat.CSV, ExportWhat.EAF: CodeFormat.EAF,
         ExportWhat.BORIS: CodeFormat.BORIS}  # fmt: skip


class ExportRequest(BaseModel):
    """One export as the person set it up in the dialog."""

    model_config = ConfigDict(frozen=True)

    what: ExportWhat
    purpose: Purpose
    destination: Path
    visit_id: UUID
    recording_id: UUID
    notes: bool = False  # report, codes
    title_cards: bool = True  # reel
    mute: bool = False  # reel
    keep_faces: frozenset[int] | None = None  # reel: None blurs nothing
    caption: bool = True  # stills
    watermark: bool = True  # stills
    by_actor: bool = False  # .eaf: a tier per actor instead of per principle


Job = Callable[[], str]  # runs the export; returns what was written, in words


def export_job(
    actor: Actor, request: ExportRequest, progress: Progress, cancel: CancelToken
) -> Job:
    def run() -> str:
        what = request.what
        if what is ExportWhat.REPORT:
            result = report_ops.export_report(
                actor, request.visit_id, request.destination, include_notes=request.notes,
                progress=progress, cancel=cancel,
            )  # fmt: skip
            return _words(result.paths, result.bytes)
        if what is ExportWhat.REEL:
            result = reel_ops.export_reel(
                actor, request.visit_id, request.destination,
                purpose=ReelPurpose(request.purpose.value), title_cards=request.title_cards,
                mute=request.mute, keep_faces=request.keep_faces, progress=progress,
                cancel=cancel,
            )  # fmt: skip
            return _words(result.paths, result.bytes)
        if what is ExportWhat.STILLS:
            result = still_export_ops.export_stills(
                actor, request.visit_id, request.destination, caption=request.caption,
                watermark=request.watermark, progress=progress, cancel=cancel,
            )  # fmt: skip
            return _words(result.paths, result.bytes)
        codes = code_exchange_ops.export_codes(
            actor, request.recording_id, CODES[what], request.purpose, request.destination,
            layout=EafLayout.ACTOR if request.by_actor else EafLayout.PRINCIPLE,
            with_notes=request.notes, progress=progress, cancel=cancel,
        )  # fmt: skip
        return _words((codes.path,), codes.bytes)

    return run


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportChoices", text)


def _words(paths: tuple[Path, ...], size: int) -> str:
    where = (
        str(paths[0])
        if len(paths) == 1
        else _tr("{n} files in {folder}").format(n=len(paths), folder=paths[0].parent)
    )
    return _tr("{where} ({kib:.0f} KiB)").format(where=where, kib=size / 1024)
