"""The review workspace: the film with its transport and coding keys, the timeline under it,
and the tags (and stills and review plan) beside it. Every tag is saved the moment it is made."""

from __future__ import annotations

from concurrent.futures import Future
from functools import partial
from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vfapp.domain.tagging import Tag
from vfapp.playback.audio_output import AudioOutput
from vfapp.playback.thumbnails import Thumbnail, ThumbnailService
from vfapp.ui.screens.exports import ExportDialog
from vfapp.ui.screens.library.words import day_words
from vfapp.ui.screens.workspace import keys
from vfapp.ui.screens.workspace.code_import import CodeImport
from vfapp.ui.screens.workspace.codebook_bar import CodebookBar
from vfapp.ui.screens.workspace.coding import CodingDesk
from vfapp.ui.screens.workspace.coding_bar import CodingBar
from vfapp.ui.screens.workspace.comment_words import comment_items, comments_lane
from vfapp.ui.screens.workspace.double_coding import DoubleCodingButton
from vfapp.ui.screens.workspace.film_deck import FilmDeck, FilmFacts, Picture
from vfapp.ui.screens.workspace.frame_view import FrameView
from vfapp.ui.screens.workspace.loading import (
    BookChoice,
    WorkspaceLoad,
    load_workspace,
)
from vfapp.ui.screens.workspace.review_side import ReviewSide
from vfapp.ui.screens.workspace.tag_editor import TagEditor
from vfapp.ui.screens.workspace.tag_lanes import items_for, lanes_for
from vfapp.ui.screens.workspace.tags_panel import TagsPanel
from vfapp.ui.screens.workspace.transport import TransportBar
from vfapp.ui.screens.workspace.transport_control import TransportControl
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.banner import Banner, BannerLevel
from vfapp.ui.widgets.picture import rgb_image
from vfapp.ui.widgets.timeline import Timeline

THUMBNAILS = 48


class WorkspaceScreen(QWidget):
    thumbnails_ready = Signal(object)  # list[Thumbnail], from the picture maker's thread

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        self.load: WorkspaceLoad | None = None
        self._thumbnails: ThumbnailService | None = None
        self.deck = FilmDeck(self._audio_output, self)
        self.view = FrameView(self.deck)
        self.transport = TransportBar()
        self.editor = TagEditor(shell, self)
        self.desk = CodingDesk(self.editor, self)
        self.coding = CodingBar(self.desk)
        self.control = TransportControl(self.deck, self.transport, lambda: self.editor.tags, self)
        self.timeline = Timeline()
        self.tags = TagsPanel()
        self.double = DoubleCodingButton(shell, self.film_id)
        self.tags.buttons.addWidget(self.double)
        self.side = QTabWidget()
        self.side.setAccessibleName(self.tr("Tags, stills, review plan and comments"))
        self.side.addTab(self.tags, self.tr("Tags"))
        self.banner = Banner()
        self.review = ReviewSide(
            shell, self.side, self.deck, self.control, self.banner, self.film_id
        )
        self.review.add_tabs(self.tags)
        self.review.before_shared_review = self.leave
        self.stills, self.plan, self.comments = (
            self.review.stills,
            self.review.plan,
            self.review.comments,
        )
        self.heading = QLabel()
        self.heading.setAccessibleName(self.tr("Film"))
        self.back = QPushButton(self.tr("Back to families"))
        self.back.setAccessibleName(self.tr("Back to the families (Alt+Left)"))
        self.back.setAutoDefault(False)
        self.books = CodebookBar(shell)
        self.export = QPushButton(self.tr("Export..."))
        self.export.setAccessibleName(self.tr("Export a report, reel, stills or codes"))
        self.export.setAutoDefault(False)
        self._build()
        self._connect()
        self.shortcuts = keys.install(self, keys.workspace_keys(self))
        self._code_keys: list[Any] = []

    def film_id(self) -> UUID | None:
        return self.load.heading.recording_id if self.load else None

    def _audio_output(self) -> AudioOutput | None:
        return self._shell.services.audio_output()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.heading, 1)
        top.addWidget(self.books)
        top.addWidget(self.export)
        film = QWidget()
        column = QVBoxLayout(film)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.view, 1)
        column.addWidget(self.transport)
        column.addWidget(self.coding)
        across = QSplitter(Qt.Orientation.Horizontal)
        across.setChildrenCollapsible(False)
        across.addWidget(film)
        across.addWidget(self.side)
        across.setSizes([860, 480])
        down = QSplitter(Qt.Orientation.Vertical)
        down.setChildrenCollapsible(False)
        down.addWidget(across)
        down.addWidget(self.timeline)
        down.setSizes([520, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(down, 1)

    def _connect(self) -> None:
        self.back.clicked.connect(self.go_back)
        self.export.clicked.connect(self.open_export)
        self.deck.opened.connect(self._film_opened)
        self.deck.problem.connect(self._problem)
        self.deck.playback_ended.connect(self._playback_ended)
        self.view.shown.connect(self._picture_shown)
        self.editor.tags_changed.connect(self._tags_changed)
        self.editor.problem.connect(self._problem)
        self.books.chosen.connect(self._codebook_chosen)
        self.books.problem.connect(self._problem)
        self.timeline.seek_requested.connect(self.control.seek_ms)
        self.timeline.range_selected.connect(self.control.select)
        self.timeline.item_clicked.connect(self._item_clicked)
        self.control.selection_changed.connect(self._selection_changed)
        self.tags.chosen.connect(self._tag_chosen)
        self.tags.model.edit_asked.connect(self._edit_asked)
        self.tags.delete.clicked.connect(self.delete_chosen)
        self.tags.undo.clicked.connect(self.editor.undo_stack.undo)
        self.tags.redo.clicked.connect(self.editor.undo_stack.redo)
        self.editor.undo_stack.canUndoChanged.connect(self.tags.undo.setEnabled)
        self.editor.undo_stack.canRedoChanged.connect(self.tags.redo.setEnabled)
        self.thumbnails_ready.connect(self._thumbnails_ready)
        self.plan.plan_changed.connect(lambda _plan: self._show_items())
        self.comments.threads_changed.connect(lambda _threads: self._show_items())
        self.double.said.connect(self.banner.show_message)
        self.double.problem.connect(self._problem)
        self.double.jump_to.connect(self.control.seek_ms)
        self.double.changed.connect(self._coding_changed)
        self.importer = CodeImport(self._shell, self)
        self.tags.import_codes.clicked.connect(
            lambda: self.importer.ask(self.film_id(), self.desk.codebook_id)
        )
        self.importer.imported.connect(self.banner.show_message)
        self.importer.imported.connect(lambda _words: self._coding_changed())
        self.importer.problem.connect(self._problem)

    # -- entering and leaving -------------------------------------------------------------
    def enter(self, recording_id: UUID) -> None:
        self.leave()
        actor = self._shell.actor()
        self.view.clear()
        self._thumbnails = ThumbnailService(actor.vault)
        self.editor.recording_id = recording_id
        self._shell.background.run(
            lambda: load_workspace(actor, recording_id), self._loaded, self._refused
        )
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def leave(self) -> None:
        self.deck.close()
        if self._thumbnails is not None:
            self._thumbnails.close()
            self._thumbnails = None
        self.load = None
        self.editor.recording_id = None
        self.desk.leave_open()
        self.review.load(None, None)

    def pause(self) -> None:
        self.control.pause()

    def _loaded(self, load: WorkspaceLoad) -> None:
        self.load = load
        heading = load.heading
        self.heading.setText(
            self.tr("<b>{case}</b> · visit of {day}").format(
                case=heading.case_code, day=day_words(heading.visited_on)
            )
        )
        self.books.show_books(load.books)
        self.editor.load(heading.recording_id)
        self.review.load(heading.recording_id, heading.visit_id)
        self.double.load()
        self.deck.open(self._shell.actor().vault, heading.recording_id)
        self.coding.setEnabled(load.may_code)

    def _refused(self, message: str) -> None:
        self.view.show_words(message)
        self._problem(message)

    def _film_opened(self, facts: FilmFacts) -> None:
        self.timeline.set_film(facts.duration_ms, facts.frame_ms)
        if facts.damage_note:
            self.banner.show_message(facts.damage_note, BannerLevel.WARNING)
        service = self._thumbnails
        if service is not None:
            strip = service.strip(facts.recording_id, THUMBNAILS)
            strip.add_done_callback(self._strip_done)

    def _strip_done(self, done: Future[list[Thumbnail]]) -> None:
        """On the picture maker's thread: a strip cut short (the film was closed) is dropped."""
        if not done.cancelled() and done.exception() is None:
            self.thumbnails_ready.emit(done.result())

    def _thumbnails_ready(self, thumbnails: list[Thumbnail]) -> None:
        pictures: list[tuple[float, QImage]] = []
        for thumbnail in thumbnails:
            pictures.append((thumbnail.time_s, rgb_image(thumbnail.image).copy()))
        self.timeline.set_thumbnails(pictures)

    # -- codebook and tags ----------------------------------------------------------------
    def _codebook_chosen(self, choice: BookChoice) -> None:
        self.desk.use_codebook(choice.book.id, choice.book.current_version, choice.content)
        for made in self._code_keys:
            made.setParent(None)
        self._code_keys = [
            keys.shortcut(self, key, partial(self.code_key, code.id))
            for key, code in self.desk.hotkeys().items()
        ]
        self.tags.use_codebook(choice.content)
        self.timeline.set_lanes([*lanes_for(choice.content), comments_lane()])
        self._tags_changed(self.editor.tags)
        self.coding.refresh()

    def code_key(self, code: str) -> None:
        if self.load is None or not self.load.may_code or self.deck.facts is None:
            return
        self.desk.press(code, self.control.current_ms())

    def _coding_changed(self) -> None:
        """A blind coding started or finished: which tags this person sees has changed."""
        self.desk.leave_open()
        if self.load is not None:
            self.editor.load(self.load.heading.recording_id)

    def _tags_changed(self, tags: list[Tag]) -> None:
        self.tags.show_tags(tags)
        self._show_items()

    def _show_items(self) -> None:
        """The tags and the comment threads on the timeline."""
        tags, moments = self.editor.tags, self.plan.plan.moments if self.plan.plan else ()
        film = self.load.heading.recording_id if self.load else None
        notes = comment_items(self.comments.threads, film, tags, moments)
        self.timeline.set_items([*items_for(self.desk.content, tags), *notes])

    def _edit_asked(self, tag: Tag, field: str, value: object) -> None:
        if field == "code":
            book = (self.desk.codebook_id, self.desk.version) if value else (None, None)
            self.editor.change(tag, code=value, codebook_id=book[0], codebook_version=book[1])
        else:
            self.editor.change(tag, **{field: value})

    def delete_chosen(self) -> None:
        tag = self.tags.chosen_tag()
        if tag is not None:
            self.editor.delete(tag)

    def _tag_chosen(self, tag: Tag | None) -> None:
        self.timeline.select_item(tag.id if tag else None)
        if tag is not None:
            self.control.seek_ms(tag.start_ms)

    def _item_clicked(self, item_id: UUID) -> None:
        if not self.review.show_comment(item_id):
            self.tags.choose(item_id)

    # -- reactions ------------------------------------------------------------------------
    def _picture_shown(self, picture: Picture) -> None:
        facts = self.deck.facts
        if facts is None:
            return
        self.transport.show_time(
            picture.time_ms, facts.duration_ms, picture.number, facts.frame_count
        )
        self.timeline.set_playhead(picture.time_ms)

    def _selection_changed(self, selection: tuple[int, int] | None) -> None:
        start, end = selection if selection else (None, None)
        self.timeline.set_selection(start, end)

    def _playback_ended(self, stats: Any) -> None:
        if stats is not None and stats.message:
            self.banner.show_message(stats.message, BannerLevel.WARNING)

    def escape(self) -> None:
        if self.desk.open:
            self.desk.leave_open()
        elif self.control.selection is not None:
            self.control.select(None, None)

    def open_export(self) -> ExportDialog | None:
        if self.load is None:
            return None
        self.pause()
        heading = self.load.heading
        dialog = ExportDialog(self._shell, self.window(), heading.visit_id, heading.recording_id)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def go_back(self) -> None:
        family = self.load.heading.family_id if self.load else None
        self.leave()
        self._shell.go_library(family)

    def _problem(self, message: str) -> None:
        self.banner.show_message(message, BannerLevel.PROBLEM)
