"""Choosing files and folders for team sync (tests replace these), and a field with a Choose…
button beside it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QWidget

from vfapp.ui.widgets.forms import button

INVITE_SUFFIX = ".attune-invite"


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncChoosers", text)


def choose_folder(parent: QWidget, title: str) -> str:
    return QFileDialog.getExistingDirectory(parent, title, str(Path.home()))


def choose_invite(parent: QWidget, title: str) -> str:
    return QFileDialog.getOpenFileName(
        parent,
        title,
        str(Path.home()),
        _tr("Attune invites (*{suffix});;All files (*)").format(suffix=INVITE_SUFFIX),
    )[0]


def choose_invite_target(parent: QWidget, title: str, suggested: str) -> str:
    chosen = QFileDialog.getSaveFileName(
        parent,
        title,
        str(Path.home() / suggested),
        _tr("Attune invites (*{suffix})").format(suffix=INVITE_SUFFIX),
    )[0]
    if chosen and not chosen.endswith(INVITE_SUFFIX):
        chosen += INVITE_SUFFIX
    return chosen


class PathField(QWidget):
    """A path typed or chosen with the button beside it (`kind`: 'folder' or 'invite')."""

    def __init__(self, accessible: str, kind: str) -> None:
        super().__init__()
        self._kind = kind
        self.edit = QLineEdit()
        self.edit.setAccessibleName(accessible)
        self.choose = button(self.tr("Choose…"), self.tr("Choose: {a}").format(a=accessible))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.choose)
        self.setFocusProxy(self.edit)
        self.choose.clicked.connect(self._choose)

    def text(self) -> str:
        return self.edit.text().strip()

    def _choose(self) -> None:
        title = self.edit.accessibleName()
        if self._kind == "folder":
            chosen = choose_folder(self, title)
        else:
            chosen = choose_invite(self, title)
        if chosen:
            self.edit.setText(chosen)
