"""Choosing a colour and codebook files (the real dialogs, or a test's answers), and
reading and writing those files on the worker, their problems said in words."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QFileDialog, QWidget

from vfapp.domain.errors import VfappError

# (current colour, parent, title) -> the chosen colour; an invalid QColor when cancelled
ChooseColour = Callable[[QColor, QWidget, str], QColor]
# (parent, title) -> the file to import; "" when cancelled
ChooseOpenPath = Callable[[QWidget, str], str]
# (parent, title, suggested path) -> where to export; "" when cancelled
ChooseSavePath = Callable[[QWidget, str, str], str]


def tr(text: str) -> str:
    return QCoreApplication.translate("CodebookFiles", text)


def pick_colour(current: QColor, parent: QWidget, title: str) -> QColor:
    return QColorDialog.getColor(current, parent, title)


def pick_open_path(parent: QWidget, title: str) -> str:
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, title, str(Path.home()), tr("Codebooks (*.json);;All files (*)")
    )
    return chosen


def pick_save_path(parent: QWidget, title: str, suggested: str) -> str:
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, suggested, tr("Codebooks (*.json)")
    )
    return chosen


def suggested_path(name: str, version: int) -> str:
    """A file name from the codebook's name: "video-interaction-guidance-v3.json"."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "codebook"
    return str(Path.home() / f"{stem}-v{version}.json")


class FileProblem(VfappError):
    """A codebook file that could not be read or written."""


def read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FileProblem(
            tr(
                "{path} is not a text file, so it cannot be a codebook. Nothing was imported."
            ).format(path=path)
        ) from None
    except OSError as error:
        raise FileProblem(
            tr("{path} could not be read ({reason}). Nothing was imported.").format(
                path=path, reason=error.strerror or type(error).__name__
            )
        ) from None


def write_text(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise FileProblem(
            tr("{path} could not be written ({reason}). Nothing was exported.").format(
                path=path, reason=error.strerror or type(error).__name__
            )
        ) from None
