"""Every change to a film's tags, as undoable commands on one QUndoStack. Each change is saved
in the vault (its own transaction) on the background worker the moment it is made; the
commands remember which tag they touched on the worker itself, so an undo asked for before
the save's answer reached the screen still finds its tag."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from vfapp.domain.tagging import Tag, TagActor
from vfapp.governance import tag_ops
from vfapp.governance.actor import Actor
from vfapp.ui.shell import Shell


class NewTag(BaseModel):
    """What a new tag says (the fields of `tag_ops.add_tag`)."""

    model_config = ConfigDict(frozen=True)

    start_ms: int
    end_ms: int | None = None
    code: str | None = None
    codebook_id: UUID | None = None
    codebook_version: int | None = None
    actor: TagActor = TagActor.PARENT
    note: str | None = None

    def add(self, actor: Actor, recording_id: UUID) -> Tag:
        fields = self.model_dump(exclude={"actor"})
        return tag_ops.add_tag(actor, recording_id, **fields, tag_actor=self.actor)


class TagEditor(QObject):
    tags_changed = Signal(object)  # list[Tag]: the film's tags after a change or a load
    problem = Signal(str)

    def __init__(self, shell: Shell, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shell = shell
        self.recording_id: UUID | None = None
        self.undo_stack = QUndoStack(self)
        self.tags: list[Tag] = []

    def load(self, recording_id: UUID) -> None:
        self.recording_id = recording_id
        self.undo_stack.clear()
        self.tags = []
        self.run(lambda actor: None)

    def run(
        self, change: Callable[[Actor], object], then: Callable[[object], None] | None = None
    ) -> None:
        """`change(actor)` on the worker, then the film's tags are read again and shown."""
        actor, recording_id = self._shell.actor(), self.recording_id
        if recording_id is None:
            return

        def job() -> tuple[object, list[Tag]]:
            result = change(actor)
            return result, tag_ops.list_tags(actor, recording_id)

        def done(answer: tuple[object, list[Tag]]) -> None:
            result, tags = answer
            if recording_id != self.recording_id:
                return  # another film was opened meanwhile
            self.tags = tags
            self.tags_changed.emit(tags)
            if then is not None:
                then(result)

        self._shell.background.run(job, done, self.problem.emit)

    # -- the changes a person makes -------------------------------------------------------
    def add(self, new: NewTag, made: Callable[[Tag], None] | None = None) -> None:
        self.undo_stack.push(_AddTag(self, new, made))

    def change(self, before: Tag, **changes: Any) -> None:
        changes = {k: v for k, v in changes.items() if getattr(before, k) != v}
        if changes:
            self.undo_stack.push(_ChangeTag(self, before, changes))

    def delete(self, tag: Tag) -> None:
        self.undo_stack.push(_DeleteTag(self, tag))

    def find(self, tag_id: UUID) -> Tag | None:
        return next((tag for tag in self.tags if tag.id == tag_id), None)


class _AddTag(QUndoCommand):
    def __init__(self, editor: TagEditor, new: NewTag, made: Callable[[Tag], None] | None):
        super().__init__(QCoreApplication.translate("TagEditor", "add a tag"))
        self._editor, self._new, self._made = editor, new, made
        self._tag_id: UUID | None = None

    def redo(self) -> None:
        recording_id = self._editor.recording_id
        if self._tag_id is None and recording_id is not None:

            def add(actor: Actor) -> Tag:
                tag = self._new.add(actor, recording_id)
                self._tag_id = tag.id  # on the worker: a quick undo finds it
                return tag

            made = self._made
            self._editor.run(add, (lambda tag: made(tag)) if made else None)  # type: ignore[arg-type]
        elif self._tag_id is not None:
            tag_id = self._tag_id
            self._editor.run(lambda actor: tag_ops.restore_tag(actor, tag_id))

    def undo(self) -> None:
        self._editor.run(self._undo)

    def _undo(self, actor: Actor) -> Tag | None:
        # On the worker, after the add itself: the id is known by now.
        return None if self._tag_id is None else tag_ops.delete_tag(actor, self._tag_id)


class _ChangeTag(QUndoCommand):
    def __init__(self, editor: TagEditor, before: Tag, changes: dict[str, Any]) -> None:
        super().__init__(QCoreApplication.translate("TagEditor", "change a tag"))
        self._editor, self._changes = editor, changes
        self._old = {field: getattr(before, field) for field in changes}
        if "code" in changes:  # a code comes with its codebook
            self._old |= {
                "codebook_id": before.codebook_id,
                "codebook_version": before.codebook_version,
            }
        self._tag_id = before.id  # a marker's id until it is coded: then the new tag's

    def redo(self) -> None:
        self._editor.run(lambda actor: self._apply(actor, self._changes))

    def undo(self) -> None:
        self._editor.run(lambda actor: self._apply(actor, self._old))

    def _apply(self, actor: Actor, fields: dict[str, Any]) -> Tag:
        tag = tag_ops.update_tag(actor, self._tag_id, **fields)
        self._tag_id = tag.id
        return tag


class _DeleteTag(QUndoCommand):
    def __init__(self, editor: TagEditor, tag: Tag) -> None:
        super().__init__(QCoreApplication.translate("TagEditor", "delete a tag"))
        self._editor, self._tag = editor, tag
        self._tag_id = tag.id

    def redo(self) -> None:
        self._editor.run(self._delete)

    def undo(self) -> None:
        self._editor.run(lambda actor: tag_ops.restore_tag(actor, self._tag_id))

    def _delete(self, actor: Actor) -> Tag:
        if self._tag_id == self._tag.from_marker:
            # A marker listed as an uncoded tag: it becomes a tag of its own, which can then
            # be deleted and restored like any other.
            self._tag_id = tag_ops.update_tag(actor, self._tag_id, note=self._tag.note).id
        return tag_ops.delete_tag(actor, self._tag_id)
