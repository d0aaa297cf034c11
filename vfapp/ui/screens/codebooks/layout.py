"""The codebook editor's controls and how they sit: the codebook and its version at the top,
the tree of codes, the edit buttons under it, messages, then Save and Close."""

from __future__ import annotations

import itertools

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from vfapp.ui.screens.codebooks.code_model import CodeTreeModel
from vfapp.ui.screens.codebooks.code_tree import CodeTree
from vfapp.ui.widgets.banner import Banner
from vfapp.ui.widgets.forms import button, paragraph


def quiet(label: QLabel) -> QLabel:
    """A secondary line: the theme's placeholder colour, readable on light and dark alike."""
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)
    return label


class EditorLayout(QDialog):
    def __init__(self, model: CodeTreeModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Codebooks"))
        self.setModal(True)
        self.setMinimumSize(720, 480)
        self.resize(880, 600)
        self.choice = QComboBox()
        self.choice.setAccessibleName(self.tr("Codebook"))
        self.choice.setMinimumContentsLength(28)
        self.choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.version = QLabel()
        self.version.setAccessibleName(self.tr("Version shown"))
        self.import_button = button(
            self.tr("Import..."), self.tr("Import a codebook from a JSON file")
        )
        self.export_button = button(
            self.tr("Export..."), self.tr("Export this codebook to a JSON file")
        )
        self.description = quiet(paragraph(""))
        self.description.setAccessibleName(self.tr("About this codebook"))
        self.read_only_note = paragraph(
            self.tr(
                "You can read and export codebooks. Changing them is for those who code "
                "films: practitioners, guiders and admins."
            )
        )
        self.tree = CodeTree(model)
        self.add_principle = button(
            self.tr("Add principle"), self.tr("Add a principle at the top level")
        )
        self.add_code = button(
            self.tr("Add code"), self.tr("Add a sub-element under the chosen principle")
        )
        self.colour_button = button(self.tr("Colour..."), self.tr("Choose the code's colour"))
        self.hint = quiet(
            paragraph(
                self.tr("F2 renames. ← → choose a column, Enter changes it. Space hides or shows.")
            )
        )
        self.unsaved = quiet(QLabel(self.tr("Changes not saved yet")))
        self.banner = Banner()
        self.save_button = button(self.tr("Save"), self.tr("Save the changes as a new version"))
        self.close_button = button(self.tr("Close"), self.tr("Close the codebook editor"))
        self._arrange()

    def _arrange(self) -> None:
        top = QHBoxLayout()
        label = QLabel(self.tr("Codebook"))
        label.setBuddy(self.choice)
        top.addWidget(label)
        top.addWidget(self.choice, 1)
        top.addSpacing(8)
        version_font = self.version.font()
        version_font.setWeight(QFont.Weight.DemiBold)
        self.version.setFont(version_font)
        top.addWidget(self.version)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        edits = QHBoxLayout()
        for widget in (self.add_principle, self.add_code, self.colour_button):
            edits.addWidget(widget)
        edits.addSpacing(12)
        edits.addWidget(self.hint, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.unsaved)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.description)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.tree, 1)
        layout.addLayout(edits)
        layout.addWidget(self.banner)
        layout.addLayout(bottom)
        order = (
            self.choice,
            self.import_button,
            self.export_button,
            self.tree,
            self.add_principle,
            self.add_code,
            self.colour_button,
            self.save_button,
            self.close_button,
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.tree.setFocus()
