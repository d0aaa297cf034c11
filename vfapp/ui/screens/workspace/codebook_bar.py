"""Which codebook the workspace codes with (the one chosen last, else VIG), and the way into
the codebook editor; an edit saved there is in use at once."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from vfapp.domain.codebooks_logic import default_codebook
from vfapp.ui.screens.codebooks import CodebookEditor
from vfapp.ui.screens.workspace.loading import BookChoice, load_books
from vfapp.ui.shell import Shell


class CodebookBar(QWidget):
    chosen = Signal(object)  # BookChoice
    problem = Signal(str)

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shell = shell
        self.book_id: UUID | None = None  # the codebook chosen last
        self.combo = QComboBox()
        self.combo.setAccessibleName(self.tr("Codebook used for coding"))
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.edit = QPushButton(self.tr("Edit codebook..."))
        self.edit.setAccessibleName(self.tr("Edit the codebooks"))
        self.edit.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Codebook")))
        layout.addWidget(self.combo)
        layout.addWidget(self.edit)
        self.combo.currentIndexChanged.connect(self._chosen)
        self.edit.clicked.connect(self.open_editor)

    @property
    def current(self) -> BookChoice | None:
        choice: BookChoice | None = self.combo.currentData()
        return choice

    def show_books(self, books: tuple[BookChoice, ...]) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        for choice in books:
            self.combo.addItem(choice.book.name, choice)
        self.combo.setCurrentIndex(self._book_to_use(books))
        self.combo.blockSignals(False)
        self._chosen()

    def open_editor(self) -> CodebookEditor:
        editor = CodebookEditor(self._shell, self.window(), codebook_id=self.book_id)
        editor.saved.connect(self._saved)
        editor.finished.connect(editor.deleteLater)
        editor.open()
        return editor

    def _saved(self, codebook_id: UUID) -> None:
        self.book_id = codebook_id
        actor = self._shell.actor()
        self._shell.background.run(lambda: load_books(actor), self.show_books, self.problem.emit)

    def _book_to_use(self, books: tuple[BookChoice, ...]) -> int:
        """The codebook chosen last on this screen, else the shipped default (VIG)."""
        default = default_codebook().name.casefold()
        by_id = [i for i, c in enumerate(books) if c.book.id == self.book_id]
        by_name = [i for i, c in enumerate(books) if c.book.name.casefold() == default]
        return (by_id or by_name or [0])[0]

    def _chosen(self, *_args: object) -> None:
        choice = self.current
        if choice is not None:
            self.book_id = choice.book.id
            self.chosen.emit(choice)
