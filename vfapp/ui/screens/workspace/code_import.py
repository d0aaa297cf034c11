"""Importing codes made in ELAN (.eaf) or BORIS (.boris project or events table) onto the
open film: each event becomes a tag, saved and audited like one made here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from vfapp.governance import code_import_ops
from vfapp.governance.code_import_ops import CodesImported
from vfapp.ui.shell import Shell

ChooseFile = Callable[[QWidget], str]


def _choose_file(parent: QWidget) -> str:
    return QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("workspace", "Codes to import"),
        "",
        QCoreApplication.translate(
            "workspace", "ELAN or BORIS (*.eaf *.boris *.tsv *.csv);;All files (*)"
        ),
    )[0]


class CodeImport(QObject):
    imported = Signal(str)  # what was done, in words
    problem = Signal(str)

    def __init__(self, shell: Shell, parent: QWidget, choose: ChooseFile = _choose_file) -> None:
        super().__init__(parent)
        self._shell, self._parent, self.choose = shell, parent, choose

    def ask(self, film: UUID | None, codebook: UUID | None) -> None:
        if film is None:
            return
        path = self.choose(self._parent)
        if not path:
            return
        actor = self._shell.actor()
        book = str(codebook) if codebook else None

        def job() -> CodesImported:
            return code_import_ops.import_codes(actor, film, Path(path), codebook=book)

        self._shell.background.run(job, self._done, self.problem.emit)

    def _done(self, result: CodesImported) -> None:
        skipped = ", ".join(f"{count} {why}" for why, count in result.skipped.items())
        words = self.tr("{n} tags imported from {file}.").format(
            n=result.imported, file=result.file
        )
        self.imported.emit(f"{words} {self.tr('Skipped:')} {skipped}." if skipped else words)
