"""Notes two people changed while apart: each version's words and who wrote them, a button to
keep one, and one to write new words instead."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from vfapp.domain.hlc import HlcStamp
from vfapp.sync.conflicts import NoteConflict, device_of
from vfapp.sync.status import DeviceRow
from vfapp.ui.widgets.forms import button, paragraph


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConflictsPanel", text)


def _writer(version_hlc: str, devices: dict[str, DeviceRow]) -> str:
    stamp = HlcStamp.decode(version_hlc)
    device = devices.get(stamp.device)
    at = datetime.fromtimestamp(stamp.wall_ms / 1000, UTC).astimezone()
    day = _tr("{day} at {clock}").format(day=f"{at.day} {at:%b}", clock=f"{at:%H:%M}")
    if device is None:
        return _tr("Written on another laptop, {day}").format(day=day)
    if device.this_laptop:
        return _tr("Written on this laptop by {p}, {day}").format(p=device.person, day=day)
    return _tr("Written by {p} on {d}, {day}").format(p=device.person, d=device.name, day=day)


class ConflictsPanel(QWidget):
    """Emits `keep(conflict, words)` for a kept version and `rewrite(conflict)` for new words."""

    keep = Signal(object, str)
    rewrite = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.empty = paragraph(self.tr("No notes to choose between."))
        self.keep_buttons: list[QWidget] = []
        self.write_buttons: list[QWidget] = []
        self._items = QVBoxLayout()
        self._items.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addLayout(self._items)

    def show_conflicts(
        self,
        conflicts: tuple[NoteConflict, ...],
        devices: tuple[DeviceRow, ...],
        families: dict[str, str],
    ) -> None:
        while self._items.count():
            item = self._items.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.keep_buttons, self.write_buttons = [], []
        by_id = {d.device_id: d for d in devices}
        self.empty.setVisible(not conflicts)
        for conflict in conflicts:
            self._items.addWidget(self._card(conflict, by_id, families))

    def _card(
        self, conflict: NoteConflict, devices: dict[str, DeviceRow], families: dict[str, str]
    ) -> QFrame:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(card)
        code = families.get(conflict.family_id or "", "")
        what = conflict.what[0].upper() + conflict.what[1:]
        heading = (
            self.tr("{what} ({code}) was changed in two places:").format(what=what, code=code)
            if code
            else self.tr("{what} was changed in two places:").format(what=what)
        )
        layout.addWidget(paragraph(heading))
        for version in conflict.versions:
            row = QHBoxLayout()
            words = paragraph(f"“{version.value or ''}”")
            words.setStyleSheet("font-weight: 600;")
            who = paragraph(_writer(version.hlc, devices))
            column = QVBoxLayout()
            column.addWidget(words)
            column.addWidget(who)
            row.addLayout(column, 1)
            person = devices.get(device_of(version))
            whose = (
                self.tr("{p}'s words").format(p=person.person) if person else self.tr("these words")
            )
            keep = button(
                self.tr("Keep this one"), self.tr("Keep {who}: {w}").format(
                    who=whose, w=version.value or "")
            )  # fmt: skip
            keep.clicked.connect(
                lambda _c=False, c=conflict, v=version.value: self.keep.emit(c, v or "")
            )
            self.keep_buttons.append(keep)
            row.addWidget(keep)
            layout.addLayout(row)
        write = button(self.tr("Write new words…"), self.tr("Write new words for {w}").format(
            w=conflict.what))  # fmt: skip
        write.clicked.connect(lambda _c=False, c=conflict: self.rewrite.emit(c))
        self.write_buttons.append(write)
        layout.addWidget(write, 0, Qt.AlignmentFlag.AlignRight)
        return card
