"""The tag table beside the timeline: time, code, actor and note per tag; sortable, filtered
by code and actor, edited in place (the edit is asked of the workspace, which saves it as an
undoable change)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QStyledItemDelegate, QWidget

from vfapp.domain.tagging import CodebookContent, Tag, TagActor
from vfapp.ui.screens.workspace.words import (
    actor_words,
    principle_of,
    span_words,
    tag_code_words,
)
from vfapp.ui.widgets.row_table import ROW_ROLE, Index, RowTableModel

TIME, CODE, ACTOR, NOTE = range(4)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
UNCODED = "uncoded"  # the code filter's key for tags not coded yet


class TagTableModel(RowTableModel):
    rows: list[Tag]
    edit_asked = Signal(object, str, object)  # the tag, the field, its new value

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.content: CodebookContent | None = None

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Time"), self.tr("Code"), self.tr("Who"), self.tr("Note"))

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in (CODE, ACTOR, NOTE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        tag, column = self.rows[index.row()], index.column()
        if role == ROW_ROLE:
            return tag
        if role == SORT_ROLE:
            return (tag.start_ms, tag.code or "", tag.actor.value, tag.note or "")[column]
        if role == Qt.ItemDataRole.EditRole:
            return (None, tag.code, tag.actor, tag.note or "")[column]
        if role == Qt.ItemDataRole.DecorationRole and column == CODE:
            principle = principle_of(self.content, tag.code)
            return QColor(principle.colour) if principle else QColor("#9aa0a6")
        if role == Qt.ItemDataRole.ToolTipRole:
            return tag.note if column == NOTE else tag_code_words(self.content, tag)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if column == TIME:
            return span_words(tag.start_ms, tag.end_ms)
        if column == CODE:
            return tag_code_words(self.content, tag)
        if column == ACTOR:
            return actor_words(tag.actor)
        return tag.note or ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        tag = self.rows[index.row()]
        field = {CODE: "code", ACTOR: "actor", NOTE: "note"}.get(index.column())
        if field is None:
            return False
        self.edit_asked.emit(tag, field, value or None if field == "note" else value)
        return False  # the table changes when the vault has saved it


class TagFilter(QSortFilterProxyModel):
    """Tags of one principle (its sub-elements included), or not coded, and of one actor."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.principle: str | None = None
        self.actor: TagActor | None = None
        self.setSortRole(SORT_ROLE)

    def set_filter(self, principle: str | None, actor: TagActor | None) -> None:
        self.beginFilterChange()
        self.principle, self.actor = principle, actor
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802 (Qt's name)
        model = self.sourceModel()
        assert isinstance(model, TagTableModel)
        tag = model.rows[row]
        if self.actor is not None and tag.actor is not self.actor:
            return False
        if self.principle is None:
            return True
        if self.principle == UNCODED:
            return tag.code is None
        found = principle_of(model.content, tag.code)
        return found is not None and found.id == self.principle


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box to edit the code or the actor of a tag in place."""

    def __init__(self, model: TagTableModel, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._model = model

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:  # noqa: N802
        if index.column() not in (CODE, ACTOR):
            return super().createEditor(parent, option, index)
        box = QComboBox(parent)
        box.setAccessibleName(self.tr("Code") if index.column() == CODE else self.tr("Who"))
        if index.column() == ACTOR:
            for actor in TagActor:
                box.addItem(actor_words(actor), actor.value)  # Qt finds text, not enums
        else:
            box.addItem(self.tr("Not coded"), None)
            content = self._model.content
            for code in content.codes if content else ():
                if not code.hidden:
                    indent = "    " if code.parent else ""
                    box.addItem(f"{indent}{code.id} {code.name}", code.id)
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            value = index.data(Qt.ItemDataRole.EditRole)
            found = editor.findData(value.value if isinstance(value, TagActor) else value)
            editor.setCurrentIndex(max(0, found))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            value = editor.currentData()
            if index.column() == ACTOR:
                value = TagActor(value)
            model.setData(index, value, Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
