"""Coding by keyboard: a code's key tags the playhead at once (saved, so a crash loses
nothing); pressing the same key again closes that tag into a range ending at the playhead.
Esc leaves the open tags as points."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import QObject, Signal

from vfapp.domain.tagging import Code, CodebookContent, Tag, TagActor
from vfapp.ui.screens.workspace.tag_editor import NewTag, TagEditor


class CodingDesk(QObject):
    open_changed = Signal()  # which codes have a range open

    def __init__(self, editor: TagEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self.codebook_id: UUID | None = None
        self.version: int | None = None
        self.content: CodebookContent | None = None
        self.actor = TagActor.PARENT
        self.open: dict[str, Tag] = {}  # code -> its tag, made and waiting to be closed
        self._pending: dict[str, int | None] = {}  # code -> a close asked for before it saved
        editor.tags_changed.connect(self._forget_vanished)

    def use_codebook(self, codebook_id: UUID, version: int, content: CodebookContent) -> None:
        self.codebook_id, self.version, self.content = codebook_id, version, content
        self.leave_open()

    def hotkeys(self) -> dict[str, Code]:
        """The visible codes that have a key, by key."""
        if self.content is None:
            return {}
        return {c.hotkey: c for c in self.content.codes if c.hotkey and not c.hidden}

    def press(self, code: str, at_ms: int) -> None:
        if code in self._pending:
            self._pending[code] = at_ms  # closed again before the first press was saved
            return
        tag = self.open.pop(code, None)
        if tag is not None:
            self._close(tag, at_ms)
            self.open_changed.emit()
            return
        self._pending[code] = None
        new = NewTag(
            start_ms=at_ms,
            code=code,
            codebook_id=self.codebook_id,
            codebook_version=self.version,
            actor=self.actor,
        )
        self._editor.add(new, lambda made: self._made(code, made))
        self.open_changed.emit()

    def leave_open(self) -> None:
        """Esc: the open tags stay as the points they already are."""
        self.open.clear()
        self._pending.clear()
        self.open_changed.emit()

    def _made(self, code: str, tag: Tag) -> None:
        if code not in self._pending:
            return  # Esc meanwhile: it stays a point
        close_at = self._pending.pop(code)
        if close_at is None:
            self.open[code] = tag
        else:
            self._close(tag, close_at)
        self.open_changed.emit()

    def _close(self, tag: Tag, at_ms: int) -> None:
        if at_ms == tag.start_ms:
            return  # pressed twice on one frame: a point
        start, end = sorted((tag.start_ms, at_ms))
        self._editor.change(tag, start_ms=start, end_ms=end)

    def _forget_vanished(self, tags: list[Tag]) -> None:
        alive = {tag.id for tag in tags}
        gone = [code for code, tag in self.open.items() if tag.id not in alive]
        for code in gone:
            del self.open[code]  # undone or deleted while open
        if gone:
            self.open_changed.emit()
