"""The codebook editor: choose a codebook, rename, recolour, hide and add codes, set their
keys, save them as the next version; import and export codebooks as JSON files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from vfapp.domain.tagging import Codebook, CodebookContent
from vfapp.governance.policy import Permission
from vfapp.ui.screens.codebooks import files, jobs
from vfapp.ui.screens.codebooks.code_model import NAME, CodeTreeModel
from vfapp.ui.screens.codebooks.layout import EditorLayout
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.banner import BannerLevel


class CodebookEditor(EditorLayout):
    """Opened with `.open()`; says `saved(codebook_id)` after each save or import."""

    saved = Signal(object)  # the UUID of the codebook saved or imported

    def __init__(
        self,
        shell: Shell,
        parent: QWidget,
        *,
        choose_colour: files.ChooseColour | None = None,
        choose_open_path: files.ChooseOpenPath | None = None,
        choose_save_path: files.ChooseSavePath | None = None,
        codebook_id: UUID | None = None,
    ) -> None:
        self.model = CodeTreeModel()
        super().__init__(self.model, parent)
        self.model.setParent(self)
        self._shell = shell
        self._choose_colour = choose_colour or files.pick_colour
        self._choose_open_path = choose_open_path or files.pick_open_path
        self._choose_save_path = choose_save_path or files.pick_save_path
        self._book: Codebook | None = None  # the one shown
        self._asked = 0  # answers to an earlier choice of codebook are not shown
        self._busy = False
        self.may_edit = shell.actor().permits(Permission.TAG)
        self.model.editable = self.may_edit
        self.read_only_note.setVisible(not self.may_edit)
        for control in (self.add_principle, self.add_code, self.colour_button, self.hint,
                        self.import_button, self.save_button):  # fmt: skip
            control.setVisible(self.may_edit)  # read-only: only what this person can use
        self._connect()
        self._refresh()
        self._load(codebook_id)

    def _connect(self) -> None:
        self.choice.activated.connect(self._book_chosen)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.add_principle.clicked.connect(lambda: self._add(principle=True))
        self.add_code.clicked.connect(lambda: self._add(principle=False))
        self.colour_button.clicked.connect(lambda: self.choose_colour(self.tree.currentIndex()))
        self.tree.colour_wanted.connect(self.choose_colour)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.model.refused.connect(self._refused)
        self.model.edited.connect(self._edited)
        # Locked: the vault is closed, nothing could be saved, and the unlock screen must
        # not sit behind a modal dialog.
        self._shell.session.locked.connect(self._signed_out)
        self._shell.session.screen_locked.connect(self._signed_out)

    # -- what is shown ---------------------------------------------------------------------
    @property
    def book(self) -> Codebook | None:
        return self._book

    def _load(self, wanted: UUID | None) -> None:
        actor, install = self._shell.actor(), self.may_edit
        self._asked += 1
        asked = self._asked

        def loaded(result: jobs.Loaded) -> None:
            if asked == self._asked:  # not an answer to an earlier choice
                self._loaded(result)

        self._run(lambda: jobs.load(actor, wanted, install=install), loaded)

    def _loaded(self, loaded: jobs.Loaded) -> None:
        books, book, content = loaded
        self.choice.blockSignals(True)
        self.choice.clear()
        for each in books:
            self.choice.addItem(each.name, str(each.id))
        self.choice.blockSignals(False)
        self._show(book, content)
        if book is None:
            self.banner.show_message(
                self.tr("There are no codebooks yet. Someone who codes films can add them."),
                BannerLevel.INFO,
            )

    def _show(self, book: Codebook | None, content: CodebookContent | None) -> None:
        self._book = book
        if book is not None:
            self.choice.setCurrentIndex(self.choice.findData(str(book.id)))
        self.model.set_content(content)
        self.tree.fit_columns()
        self.description.setText(content.description if content else "")
        self.description.setVisible(bool(content and content.description))
        if self.model.rowCount() > 0:
            self.tree.setCurrentIndex(self.model.index(0, NAME))
        self._refresh()

    def _book_chosen(self, row: int) -> None:
        data, book = self.choice.itemData(row), self._book
        if data is None or (book is not None and data == str(book.id)):
            return
        if book is not None and not self._may_discard():
            self.choice.setCurrentIndex(self.choice.findData(str(book.id)))
            return
        self._load(UUID(data))

    def _may_discard(self) -> bool:
        if not self.model.dirty or self._book is None:
            return True
        return self._shell.confirm(
            self.tr("Your changes to {name} are not saved. Discard them?").format(
                name=self._book.name
            ),
            self.tr("Discard changes"),
        )

    def _refused(self, words: str) -> None:
        self.banner.show_message(words, BannerLevel.PROBLEM)

    def _edited(self) -> None:
        if self.banner.isVisible():
            self.banner.hide()  # an earlier message is about what was there before
        self._refresh()

    def _refresh(self) -> None:
        book, dirty = self._book, self.model.dirty
        shown = book is not None
        self.version.setText(self.tr("Version {n}").format(n=book.current_version) if book else "")
        self.save_button.setText(
            self.tr("Save as version {n}").format(n=book.current_version + 1)
            if book
            else self.tr("Save")
        )
        if self.save_button.hasFocus() and not dirty:
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)  # not lost when Save greys out
        self.save_button.setEnabled(self.may_edit and shown and dirty)
        for button in (self.add_principle, self.add_code, self.colour_button):
            button.setEnabled(self.may_edit and shown)
        self.import_button.setEnabled(self.may_edit)
        self.export_button.setEnabled(shown)
        self.unsaved.setVisible(dirty)

    # -- editing -----------------------------------------------------------------------------
    def choose_colour(self, index: QModelIndex | QPersistentModelIndex) -> None:
        code = self.model.code_at(index)
        if code is None or not self.may_edit:
            if code is None:
                self.banner.show_message(self.tr("Choose a code first."), BannerLevel.INFO)
            return
        title = self.tr("Colour for {name}").format(name=code.name)
        colour = self._choose_colour(QColor(code.colour), self, title)
        if colour.isValid():
            self.model.recolour(code.id, colour.name())

    def _add(self, *, principle: bool) -> None:
        under = None
        if not principle:
            code = self.model.code_at(self.tree.currentIndex())
            if code is None:
                self.banner.show_message(
                    self.tr("Choose the principle to add the code under."), BannerLevel.INFO
                )
                return
            under = code.parent or code.id
        name = self.tr("New principle") if principle else self.tr("New code")
        made = self.model.add_code(under, name)
        if made is not None:
            if under is not None:
                self.tree.expand(self.model.index_of(under, 0))
            index = self.model.index_of(made)
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
            self.tree.edit(index)

    # -- saving, importing, exporting --------------------------------------------------------
    def save(self) -> None:
        book, draft = self._book, self.model.content
        if book is None or draft is None or not self.model.dirty or self._busy:
            return
        actor = self._shell.actor()

        def done(changed: Codebook) -> None:
            self._book = changed
            self.model.mark_saved(draft)
            self.banner.show_message(
                self.tr(
                    "Saved as version {n}. Tags made earlier keep the version they were made with."
                ).format(n=changed.current_version),
                BannerLevel.INFO,
            )
            self.saved.emit(changed.id)

        self._run(lambda: jobs.save(actor, book.id, draft), done)

    def import_file(self) -> None:
        if self._busy or not self._may_discard():
            return
        path = self._choose_open_path(self, self.tr("Import a codebook"))
        if not path:
            return
        actor = self._shell.actor()

        def done(loaded: jobs.Loaded) -> None:
            self._loaded(loaded)
            if (book := loaded[1]) is not None:
                self.banner.show_message(
                    self.tr('"{name}" was imported from {path}.').format(name=book.name, path=path),
                    BannerLevel.INFO,
                )
                self.saved.emit(book.id)

        self._run(lambda: jobs.import_file(actor, path), done, self.tr("Nothing was imported."))

    def export_file(self) -> None:
        book = self._book
        if book is None or self._busy:
            return
        suggested = files.suggested_path(book.name, book.current_version)
        title = self.tr("Export {name}").format(name=book.name)
        path = self._choose_save_path(self, title, suggested)
        if not path:
            return
        actor, unsaved = self._shell.actor(), self.model.dirty

        def done(_nothing: None) -> None:
            words = self.tr("Version {n} of {name} was written to {path}.").format(
                n=book.current_version, name=book.name, path=path
            )
            if unsaved:
                words += " " + self.tr("Your unsaved changes are not in it: save them first.")
            self.banner.show_message(words, BannerLevel.INFO)

        self._run(lambda: jobs.export_file(actor, book.id, path), done)

    # -- closing and the worker ----------------------------------------------------------------
    def reject(self) -> None:
        """Close, Escape and the window's close button all come here."""
        if self._may_discard():
            super().reject()

    def _signed_out(self, *_reason: object) -> None:
        if self.isVisible():
            super().reject()

    def _run(self, job: Callable[[], Any], done: Callable[[Any], None], after: str = "") -> None:
        self._busy = True

        def answered(result: Any) -> None:
            if isValid(self):  # it may have been closed meanwhile
                self._busy = False
                done(result)
                self._refresh()

        def failed(message: str) -> None:
            if isValid(self):
                self._busy = False
                self.banner.show_message(f"{message} {after}".strip(), BannerLevel.PROBLEM)
                self._refresh()

        self._shell.background.run(job, answered, failed)
