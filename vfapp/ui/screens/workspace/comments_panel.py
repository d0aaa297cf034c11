"""The Comments tab: a visit's comment threads (on a tag, a plan moment, a time of the film or
the whole cycle), replies, resolving, and a supervisor's sign-off of the guider's cycle."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vfapp.domain.governance import Role
from vfapp.domain.review import PlanMoment
from vfapp.domain.supervision import COMMENT_MAX, Comment, CommentTarget, CommentThread, SignOff
from vfapp.domain.tagging import Tag
from vfapp.governance import comment_ops, supervision_ops
from vfapp.governance.actor import Actor
from vfapp.ui.screens.workspace.comment_words import target_words
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.forms import button

ROW = Qt.ItemDataRole.UserRole + 1


@dataclass
class CommentPlace:
    """Where a new comment goes, asked of the workspace when a button is pressed."""

    film: Callable[[], UUID | None]
    now_ms: Callable[[], int]
    tag: Callable[[], Tag | None]
    moment: Callable[[], PlanMoment | None]


class CommentsPanel(QWidget):
    threads_changed = Signal(object)  # list[CommentThread]
    seek_asked = Signal(int)
    problem = Signal(str)
    said = Signal(str)  # a hint for the workspace's banner

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shell = shell
        self.visit_id: UUID | None = None
        self.threads: list[CommentThread] = []
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Comments, with their replies"))
        self.tree.setHeaderLabels([self.tr("Comment"), self.tr("On")])
        self.tree.setColumnWidth(0, 300)
        self.tree.setWordWrap(True)
        self.show_resolved = QCheckBox(self.tr("Show resolved"))
        self.show_resolved.setChecked(True)
        self.text = QLineEdit()
        self.text.setMaxLength(COMMENT_MAX)
        self.text.setPlaceholderText(self.tr("Write a comment, then choose what it is on"))
        self.text.setAccessibleName(self.tr("Comment to write"))
        self.on_time = button(self.tr("At this time"), self.tr("Comment at the playhead"))
        self.on_tag = button(self.tr("On the chosen tag"))
        self.on_moment = button(self.tr("On the chosen moment"))
        self.on_visit = button(self.tr("On the cycle"), self.tr("Comment on the whole cycle"))
        self.reply = button(self.tr("Reply"), self.tr("Reply to the chosen comment"))
        self.resolve = button(self.tr("Resolve"), self.tr("Mark the chosen thread resolved"))
        self.guider = QComboBox()
        self.guider.setAccessibleName(self.tr("Guider whose cycle this is"))
        self.sign_note = QLineEdit()
        self.sign_note.setAccessibleName(self.tr("Note with the sign-off"))
        self.sign_note.setPlaceholderText(self.tr("Note (optional)"))
        self.sign = button(self.tr("Sign off this cycle"))
        self.signed = QLabel()
        self.signed.setWordWrap(True)
        self._build()
        self.tree.currentItemChanged.connect(self._chosen)
        self.tree.itemActivated.connect(lambda item, _col: self._seek_to(item))
        self.show_resolved.toggled.connect(lambda _on: self._show(self.threads))
        self.resolve.clicked.connect(self._toggle_resolved)
        self.reply.clicked.connect(self._reply)
        self.sign.clicked.connect(self._sign_off)
        self.on_time.clicked.connect(self._at_time)
        self.on_tag.clicked.connect(self._on_tag)
        self.on_moment.clicked.connect(self._on_moment)
        self.on_visit.clicked.connect(lambda: self.write(CommentTarget.VISIT))
        self.place: CommentPlace | None = None
        self._chosen()

    def _build(self) -> None:
        where = QHBoxLayout()
        for choice in (self.on_time, self.on_tag, self.on_moment, self.on_visit):
            where.addWidget(choice)
        thread = QHBoxLayout()
        thread.addWidget(self.reply)
        thread.addWidget(self.resolve)
        thread.addStretch(1)
        thread.addWidget(self.show_resolved)
        signing = QHBoxLayout()
        signing.addWidget(self.guider, 1)
        signing.addWidget(self.sign_note, 1)
        signing.addWidget(self.sign)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addLayout(thread)
        layout.addWidget(self.text)
        layout.addLayout(where)
        layout.addLayout(signing)
        layout.addWidget(self.signed)

    # -- loading ------------------------------------------------------------------------------
    def load(self, visit_id: UUID | None) -> None:
        self.visit_id = visit_id
        self.tree.clear()
        self.threads = []
        if visit_id is None:
            return
        actor = self._shell.actor()
        supervising = actor.role in (Role.SUPERVISOR, Role.ADMIN)
        for widget in (self.guider, self.sign_note, self.sign):
            widget.setVisible(supervising)
        self._run(lambda actor: None)

    def write(self, target: CommentTarget, *, target_id: UUID | None = None,
              recording_id: UUID | None = None, at_ms: int | None = None) -> None:  # fmt: skip
        """Save the comment typed in the field, on what the button says."""
        visit_id, words = self.visit_id, self.text.text()
        if visit_id is None:
            return
        self._run(
            lambda actor: comment_ops.add_comment(
                actor, visit_id, words, target_kind=target, target_id=target_id,
                recording_id=recording_id, at_ms=at_ms,
            ).id,
            clear=True,
        )  # fmt: skip

    def choose(self, comment_id: UUID) -> None:
        for item in self._items():
            if item.data(0, ROW).id == comment_id:
                self.tree.setCurrentItem(item)

    def chosen(self) -> Comment | None:
        item = self.tree.currentItem()
        comment: Comment | None = item.data(0, ROW) if item is not None else None
        return comment

    # -- buttons --------------------------------------------------------------------------------
    def _at_time(self) -> None:
        film = self.place.film() if self.place else None
        if self.place is not None and film is not None:
            self.write(CommentTarget.TIME, recording_id=film, at_ms=self.place.now_ms())

    def _on_tag(self) -> None:
        tag = self.place.tag() if self.place else None
        if tag is None or tag.id == tag.from_marker:
            self.said.emit(
                self.tr("Choose a coded tag in the Tags tab first (a marker is coded first).")
            )
            return
        self.write(CommentTarget.TAG, target_id=tag.id)

    def _on_moment(self) -> None:
        moment = self.place.moment() if self.place else None
        if moment is None:
            self.said.emit(self.tr("Choose a moment in the Review plan tab first."))
            return
        self.write(CommentTarget.MOMENT, target_id=moment.id)

    def _reply(self) -> None:
        comment, visit_id, words = self.chosen(), self.visit_id, self.text.text()
        if comment is not None and visit_id is not None:
            self._run(
                lambda actor: (
                    comment_ops.add_comment(actor, visit_id, words, parent_id=comment.id).id
                ),
                clear=True,
            )

    def _toggle_resolved(self) -> None:
        comment = self.chosen()
        thread = self._thread_of(comment)
        if thread is not None:
            wanted = not thread.resolved
            self._run(lambda actor: comment_ops.set_resolved(actor, thread.comment.id, wanted).id)

    def _sign_off(self) -> None:
        visit_id, guider, note = self.visit_id, self.guider.currentData(), self.sign_note.text()
        if visit_id is not None and guider:
            self._run(lambda actor: supervision_ops.sign_off(actor, visit_id, UUID(guider), note))

    # -- on the worker, then shown ----------------------------------------------------------
    def _run(self, change: Callable[[Actor], object], *, clear: bool = False) -> None:
        actor, visit_id = self._shell.actor(), self.visit_id
        if visit_id is None:
            return

        def job() -> tuple[object, list[CommentThread], list[SignOff], list[tuple[str, str]]]:
            result = change(actor)
            guiders = [(str(u.id), u.name) for u in supervision_ops.guiders(actor)]
            return (
                result,
                comment_ops.threads(actor, visit_id),
                (supervision_ops.sign_offs(actor, visit_id)),
                guiders,
            )

        def done(
            answer: tuple[object, list[CommentThread], list[SignOff], list[tuple[str, str]]],
        ) -> None:
            if visit_id != self.visit_id:
                return
            result, threads, signed, guiders = answer
            if clear:
                self.text.clear()
            self._show(threads, result if isinstance(result, UUID) else None)
            self._show_sign_offs(signed, guiders)

        self._shell.background.run(job, done, self.problem.emit)

    def _show(self, threads: list[CommentThread], choose: UUID | None = None) -> None:
        wanted = choose or (c.id if (c := self.chosen()) else None)
        self.threads = threads
        self.tree.blockSignals(True)
        self.tree.clear()
        for thread in threads:
            if thread.resolved and not self.show_resolved.isChecked():
                continue
            top = self._item(thread, thread.comment, None)
            for reply in thread.replies:
                self._item(thread, reply, top)
            top.setExpanded(True)
        self.tree.blockSignals(False)
        if wanted is not None:
            for item in self._items():
                if item.data(0, ROW).id == wanted:
                    self.tree.setCurrentItem(item)
        self._chosen()
        self.threads_changed.emit(threads)

    def _item(
        self, thread: CommentThread, comment: Comment, parent: QTreeWidgetItem | None
    ) -> QTreeWidgetItem:
        author = thread.authors.get(comment.author_id, "")
        done = self.tr(" (resolved)") if parent is None and thread.resolved else ""
        texts = [f"{author}: {comment.body}{done}", target_words(comment) if parent is None else ""]
        item = QTreeWidgetItem(texts) if parent is None else QTreeWidgetItem(parent, texts)
        if parent is None:
            self.tree.addTopLevelItem(item)
        item.setData(0, ROW, comment)
        item.setToolTip(0, comment.body)
        return item

    def _items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            found.append(top)
            found += [top.child(n) for n in range(top.childCount())]
        return found

    def _show_sign_offs(self, signed: list[SignOff], guiders: list[tuple[str, str]]) -> None:
        wanted = self.guider.currentData()
        self.guider.clear()
        for key, name in guiders:
            self.guider.addItem(name, key)
        self.guider.setCurrentIndex(max(0, self.guider.findData(wanted)))
        names = dict(guiders)
        self.signed.setText(
            "\n".join(
                self.tr("Signed off for {guider} on {day}.").format(
                    guider=names.get(str(s.guider_id), "?"), day=f"{s.signed_on:%-d %b %Y}"
                )
                for s in signed
            )
        )

    def _thread_of(self, comment: Comment | None) -> CommentThread | None:
        if comment is None:
            return None
        root = comment.parent_id or comment.id
        return next((t for t in self.threads if t.comment.id == root), None)

    def _chosen(self, *_args: object) -> None:
        thread = self._thread_of(self.chosen())
        self.reply.setEnabled(thread is not None)
        self.resolve.setEnabled(thread is not None)
        self.resolve.setText(
            self.tr("Open again") if thread and thread.resolved else self.tr("Resolve")
        )

    def _seek_to(self, item: QTreeWidgetItem) -> None:
        comment: Comment = item.data(0, ROW)
        if comment.at_ms is not None:
            self.seek_asked.emit(comment.at_ms)
