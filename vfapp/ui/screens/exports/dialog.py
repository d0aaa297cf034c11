"""Export from the workspace: a deliberate act with a clear destination. The person chooses
what (report, reel, stills, codes), what for (each purpose needs the family's consent to it),
the options, and where; the export shows its progress and can be cancelled, leaving nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfapp.domain.exports import FaceTrack
from vfapp.domain.interchange.models import Purpose
from vfapp.governance import reel_ops
from vfapp.ui.screens.exports.choices import PURPOSES, SUFFIX, ExportRequest, ExportWhat, export_job
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.banner import Banner, BannerLevel

ChoosePath = Callable[[QWidget, str, str, bool], str]  # (parent, title, suggested, folder?)
KEEP = Qt.ItemDataRole.UserRole + 1


def _choose_path(parent: QWidget, title: str, suggested: str, folder: bool) -> str:
    if folder:
        return QFileDialog.getExistingDirectory(parent, title, suggested)
    return QFileDialog.getSaveFileName(parent, title, suggested)[0]


class ExportDialog(QDialog):
    progressed = Signal(float, str)  # from the worker: how far, doing what

    def __init__(
        self, shell: Shell, parent: QWidget, visit_id: UUID, recording_id: UUID,
        *, choose_path: ChoosePath = _choose_path,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.resize(640, 520)
        self._shell, self._visit, self._film, self._choose = (
            shell,
            visit_id,
            recording_id,
            choose_path,
        )
        self._cancel = threading.Event()
        self.faces: list[FaceTrack] | None = None
        self.what = QComboBox()
        self.what.setAccessibleName(self.tr("What to export"))
        for what, words in (
            (ExportWhat.REPORT, self.tr("Session report (PDF)")),
            (ExportWhat.REEL, self.tr("Review reel of the plan's moments (MP4)")),
            (ExportWhat.STILLS, self.tr("Stills with their captions (PNG)")),
            (ExportWhat.CSV, self.tr("Codes as a table (CSV)")),
            (ExportWhat.EAF, self.tr("Codes for ELAN (.eaf)")),
            (ExportWhat.BORIS, self.tr("Codes for BORIS (events table)")),
        ):
            self.what.addItem(words, what.value)
        self.purpose = QComboBox()
        self.purpose.setAccessibleName(self.tr("What it is for"))
        self.notes = QCheckBox(self.tr("Include notes (they may hold personal words)"))
        self.title_cards = QCheckBox(self.tr("A title card before each moment"))
        self.title_cards.setChecked(True)
        self.mute = QCheckBox(self.tr("Without sound"))
        self.blur = QCheckBox(self.tr("Blur faces other than the ones I keep"))
        self.find_faces = QPushButton(self.tr("Find the faces..."))
        self.faces_list = QListWidget()
        self.faces_list.setAccessibleName(self.tr("Faces found: tick the ones to keep"))
        self.caption = QCheckBox(self.tr("Caption under each still"))
        self.caption.setChecked(True)
        self.watermark = QCheckBox(self.tr("A small watermark"))
        self.watermark.setChecked(True)
        self.by_actor = QCheckBox(self.tr("One tier per person (not per principle)"))
        self.destination = QLineEdit()
        self.destination.setAccessibleName(self.tr("Where to write it"))
        self.browse = QPushButton(self.tr("Choose..."))
        self.browse.setAccessibleName(self.tr("Choose where to write it"))
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.progress.hide()
        self.banner = Banner()
        self.start = QPushButton(self.tr("Export"))
        self.stop = QPushButton(self.tr("Cancel the export"))
        self.stop.hide()
        self.close_button = QPushButton(self.tr("Close"))
        for button in (self.find_faces, self.browse, self.start, self.stop, self.close_button):
            button.setAutoDefault(False)
        self._build()
        self.what.currentIndexChanged.connect(lambda _i: self._what_changed())
        self.find_faces.clicked.connect(self._find_faces)
        self.browse.clicked.connect(self._browse)
        self.start.clicked.connect(self.export)
        self.stop.clicked.connect(self._cancel.set)
        self.close_button.clicked.connect(self.reject)
        self.progressed.connect(self._progressed)
        self._what_changed()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Export"), self.what)
        form.addRow(self.tr("For"), self.purpose)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(self.browse)
        form.addRow(self.tr("To"), where)
        options = QVBoxLayout()
        for widget in (self.notes, self.title_cards, self.mute, self.blur, self.find_faces,
                       self.faces_list, self.caption, self.watermark, self.by_actor):  # fmt: skip
            options.addWidget(widget)
        options.setAlignment(self.find_faces, Qt.AlignmentFlag.AlignLeft)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        for button in (self.stop, self.start, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(options)
        layout.addStretch(1)
        layout.addWidget(self.warning)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)

    @property
    def chosen(self) -> ExportWhat:
        return ExportWhat(self.what.currentData())

    def _what_changed(self) -> None:
        what = self.chosen
        self.purpose.clear()
        words = {
            Purpose.CASE: self.tr("The family's own case work"),
            Purpose.TRAINING: self.tr("Training (needs the family's consent to training)"),
            Purpose.RESEARCH: self.tr("Research (needs the family's consent to research)"),
        }
        for purpose in PURPOSES[what]:
            self.purpose.addItem(words[purpose], purpose.value)
        codes = what in (ExportWhat.CSV, ExportWhat.EAF, ExportWhat.BORIS)
        shown = {
            self.notes: what is ExportWhat.REPORT or codes,
            self.title_cards: what is ExportWhat.REEL, self.mute: what is ExportWhat.REEL,
            self.blur: what is ExportWhat.REEL, self.find_faces: what is ExportWhat.REEL,
            self.faces_list: what is ExportWhat.REEL and bool(self.faces),
            self.caption: what is ExportWhat.STILLS, self.watermark: what is ExportWhat.STILLS,
            self.by_actor: what is ExportWhat.EAF,
        }  # fmt: skip
        for widget, visible in shown.items():
            widget.setVisible(visible)
        self.destination.clear()
        self.warning.setText(
            self.tr(
                "What you export is not encrypted: anyone who can open the file sees it. Keep "
                "it only where your team's policy allows, and delete it when it is no longer "
                "needed. The export is recorded in the audit trail."
            )
        )

    def _browse(self) -> None:
        what = self.chosen
        folder = what is ExportWhat.STILLS
        suggested = "" if folder else f"{what.value}{SUFFIX[what]}"
        path = self._choose(self, self.tr("Where to write the export"), suggested, folder)
        if path:
            if not folder and not path.endswith(SUFFIX[what]):
                path += SUFFIX[what]
            self.destination.setText(path)

    # -- faces ------------------------------------------------------------------------------
    def _find_faces(self) -> None:
        actor, visit = self._shell.actor(), self._visit
        self._shell.background.run(lambda: reel_ops.find_faces(actor, visit), self._faces_found,
                                   self._problem)  # fmt: skip

    def _faces_found(self, faces: list[FaceTrack]) -> None:
        self.faces = faces
        self.faces_list.clear()
        for face in faces:
            item = QListWidgetItem(
                self.tr("Face {n}: {where}").format(n=face.id, where=face.describe())
            )
            item.setData(KEEP, face.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.faces_list.addItem(item)
        self.faces_list.setVisible(True)
        self.blur.setChecked(True)
        self.banner.show_message(
            self.tr("{n} faces found. Tick the parent's and the baby's: the others are blurred.")
            .format(n=len(faces)) if faces else self.tr("No faces were found in the moments.")
        )  # fmt: skip

    def _kept(self) -> frozenset[int]:
        return frozenset(
            self.faces_list.item(row).data(KEEP)
            for row in range(self.faces_list.count())
            if self.faces_list.item(row).checkState() is Qt.CheckState.Checked
        )

    # -- exporting --------------------------------------------------------------------------
    def request(self) -> ExportRequest | None:
        text = self.destination.text().strip()
        if not text:
            self._problem(self.tr("Choose where to write the export first."))
            return None
        blur = self.blur.isChecked() and self.chosen is ExportWhat.REEL
        if blur and self.faces is None:
            self._problem(self.tr("Find the faces first, and tick the ones to keep."))
            return None
        return ExportRequest(
            what=self.chosen, purpose=Purpose(self.purpose.currentData()),
            destination=Path(text).expanduser(), visit_id=self._visit, recording_id=self._film,
            notes=self.notes.isChecked(), title_cards=self.title_cards.isChecked(),
            mute=self.mute.isChecked(), keep_faces=self._kept() if blur else None,
            caption=self.caption.isChecked(), watermark=self.watermark.isChecked(),
            by_actor=self.by_actor.isChecked(),
        )  # fmt: skip

    def export(self) -> None:
        request = self.request()
        if request is None:
            return
        self._cancel.clear()
        job = export_job(self._shell.actor(), request, self.progressed.emit, self._cancel)
        self._busy(True)
        self._shell.background.run(job, self._done, self._failed)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setValue(0)
        self.stop.setVisible(busy)
        self.start.setEnabled(not busy)
        self.close_button.setEnabled(not busy)

    def _progressed(self, fraction: float, what: str) -> None:
        self.progress.setValue(round(fraction * 100))
        self.progress.setFormat(self.tr("{what} %p%").format(what=what))

    def _done(self, words: str) -> None:
        self._busy(False)
        self.banner.show_message(self.tr("Written: {where}").format(where=words))

    def _failed(self, message: str) -> None:
        self._busy(False)
        self._problem(message)

    def _problem(self, message: str) -> None:
        self.banner.show_message(message, BannerLevel.PROBLEM)
