"""The Stills tab: freeze the frame on screen as a still, caption it (often in the baby's
voice: "speaking for the child"), and see the film's stills. Stills live sealed in the vault;
their pictures are only ever held in memory here."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfapp.domain.review import CAPTION_MAX, Still
from vfapp.governance import still_ops
from vfapp.governance.actor import Actor
from vfapp.ui.screens.workspace.words import clock_words
from vfapp.ui.shell import Shell

STILL_ROLE = Qt.ItemDataRole.UserRole + 1
ICON = QSize(160, 90)


class StillsPanel(QWidget):
    stills_changed = Signal(object)  # list[Still]: for the review plan's still choice
    seek_asked = Signal(int)  # ms of the still chosen
    problem = Signal(str)

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shell = shell
        self.recording_id: UUID | None = None
        self.stills: list[Still] = []
        self._pictures: dict[UUID, bytes] = {}  # PNGs already read: each is read once
        self.freeze = QPushButton(self.tr("Freeze this frame as a still (Ctrl+S)"))
        self.freeze.setAccessibleName(self.freeze.text())
        self.freeze.setAutoDefault(False)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Stills of this film"))
        self.list.setIconSize(ICON)
        self.list.setWordWrap(True)
        self.caption = QLineEdit()
        self.caption.setMaxLength(CAPTION_MAX)
        self.caption.setPlaceholderText(self.tr('Caption, e.g. "I love it when you sing to me"'))
        self.caption.setAccessibleName(self.tr("Caption of the chosen still"))
        self.save_caption = QPushButton(self.tr("Save caption"))
        self.save_caption.setAccessibleName(self.tr("Save the caption"))
        self.delete = QPushButton(self.tr("Delete still"))
        self.delete.setAccessibleName(self.tr("Delete the chosen still"))
        for button in (self.save_caption, self.delete):
            button.setAutoDefault(False)
        hint = QLabel(
            self.tr("Stills stay encrypted in the vault. A caption can speak for the baby.")
        )
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.caption, 1)
        row.addWidget(self.save_caption)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.freeze)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.delete, 0, Qt.AlignmentFlag.AlignLeft)
        self.list.currentItemChanged.connect(self._chosen)
        self.caption.returnPressed.connect(self._save_caption)
        self.save_caption.clicked.connect(self._save_caption)
        self.delete.clicked.connect(self._delete)
        self._chosen(None)

    def load(self, recording_id: UUID | None) -> None:
        self.recording_id = recording_id
        self.list.clear()
        self.stills, self._pictures = [], {}
        if recording_id is not None:
            self._run(lambda actor: None)

    def make_still(self, frame: int) -> None:
        recording_id = self.recording_id
        if recording_id is None:
            return
        self._run(
            lambda actor: still_ops.make_still(actor, recording_id, frame).id,
            choose=True,
        )

    def chosen(self) -> Still | None:
        item = self.list.currentItem()
        still: Still | None = item.data(STILL_ROLE) if item is not None else None
        return still

    # -- on the worker --------------------------------------------------------------------
    def _run(self, change: Callable[[Actor], object], *, choose: bool = False) -> None:
        actor, recording_id = self._shell.actor(), self.recording_id
        if recording_id is None:
            return

        def job() -> tuple[object, list[tuple[Still, bytes]]]:
            result = change(actor)
            stills = still_ops.list_stills(actor, recording_id)
            pictures = [self._picture(actor, still) for still in stills]
            return result, list(zip(stills, pictures, strict=True))

        def done(answer: tuple[object, list[tuple[Still, bytes]]]) -> None:
            if recording_id != self.recording_id:
                return
            result, shown = answer
            self._show(shown, result if choose else None)

        self._shell.background.run(job, done, self.problem.emit)

    def _picture(self, actor: Actor, still: Still) -> bytes:
        known = self._pictures.get(still.id)
        if known is not None:
            return known  # a still never changes its picture: ask the vault (and audit) once
        return still_ops.still_png(actor, still.id)

    # -- on the GUI thread ------------------------------------------------------------------
    def _show(self, shown: list[tuple[Still, bytes]], choose: object) -> None:
        wanted = choose if isinstance(choose, UUID) else (c.id if (c := self.chosen()) else None)
        self._pictures = {still.id: png for still, png in shown}
        self.stills = [still for still, _ in shown]
        self.list.blockSignals(True)
        self.list.clear()
        for still, png in shown:
            item = QListWidgetItem(self._words(still))
            item.setData(STILL_ROLE, still)
            image = QImage.fromData(png)
            small = image.scaled(ICON, Qt.AspectRatioMode.KeepAspectRatio)
            item.setIcon(QIcon(QPixmap.fromImage(small)))
            self.list.addItem(item)
            if still.id == wanted:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._chosen(self.list.currentItem(), seek=False)
        self.stills_changed.emit(self.stills)

    def _words(self, still: Still) -> str:
        at = clock_words(still.at_ms, exact=True)
        caption = f"“{still.caption}”" if still.caption else self.tr("(no caption yet)")
        return f"{at}  {caption}"

    def _chosen(self, item: QListWidgetItem | None, *_args: object, seek: bool = True) -> None:
        still = item.data(STILL_ROLE) if item is not None else None
        for widget in (self.caption, self.save_caption, self.delete):
            widget.setEnabled(still is not None)
        self.caption.setText(still.caption or "" if still else "")
        if still is not None and seek:
            self.seek_asked.emit(still.at_ms)

    def _save_caption(self) -> None:
        still = self.chosen()
        if still is not None:
            words = self.caption.text()
            self._run(lambda actor: still_ops.set_caption(actor, still.id, words).id, choose=True)

    def _delete(self) -> None:
        still = self.chosen()
        if still is not None and self._shell.confirm(
            self.tr("Delete this still? Plans that use it will show the film instead."),
            self.tr("Delete still"),
        ):
            self._run(lambda actor: still_ops.delete_still(actor, still.id))
