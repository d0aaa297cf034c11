"""The codes of the codebook being edited as a tree model (principles, their sub-elements):
every edit goes through the core's codebook logic, and a refusal is said in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from vfapp.domain.codebooks_logic import with_code, with_code_changed
from vfapp.domain.errors import InvalidInput
from vfapp.domain.tagging import Code, CodebookContent
from vfapp.ui.screens.codebooks import drafting
from vfapp.ui.widgets.row_table import Index

ID, NAME, COLOUR, KEY, SHOWN = range(5)
CODE_ROLE = Qt.ItemDataRole.UserRole + 1  # the Code itself
_ROOT = QModelIndex()


class CodeTreeModel(QAbstractItemModel):
    """An index's internal id is its code's position in the codebook plus one: codes are
    only ever added at the end (never removed), so positions stay put while editing."""

    refused = Signal(str)  # an edit the codebook cannot take, in words
    edited = Signal()  # the draft changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.content: CodebookContent | None = None
        self.saved: CodebookContent | None = None
        self.editable = True
        self._tree: dict[str | None, list[int]] = {None: []}
        self._parent: dict[int, int | None] = {}
        self._row: dict[int, int] = {}

    # -- the draft -------------------------------------------------------------------------
    def set_content(self, content: CodebookContent | None) -> None:
        """Show a saved version: the draft starts from it."""
        self.beginResetModel()
        self.content = self.saved = content
        self._index_codes()
        self.endResetModel()
        self.edited.emit()

    def mark_saved(self, content: CodebookContent) -> None:
        """`content` is now the saved version (the draft may have moved on meanwhile)."""
        self.saved = content
        self.edited.emit()
        for position in range(len(self.content.codes) if self.content else 0):
            self._row_changed(position)  # the ids of new codes are fixed from now on

    @property
    def dirty(self) -> bool:
        return self.content is not None and self.content != self.saved

    def _index_codes(self) -> None:
        content = self.content
        self._tree = drafting.children_of(content) if content else {None: []}
        positions = {code.id: p for p, code in enumerate(content.codes)} if content else {}
        self._parent, self._row = {}, {}
        for parent_id, children in self._tree.items():
            for row, position in enumerate(children):
                self._row[position] = row
                self._parent[position] = None if parent_id is None else positions[parent_id]

    def code_at(self, index: Index) -> Code | None:
        if self.content is None or not index.isValid():
            return None
        return self.content.codes[index.internalId() - 1]

    def index_of(self, code_id: str, column: int = NAME) -> QModelIndex:
        if self.content is None:
            return QModelIndex()
        for position, code in enumerate(self.content.codes):
            if code.id == code_id:
                return self.createIndex(self._row[position], column, position + 1)
        return QModelIndex()

    def is_new(self, code_id: str) -> bool:
        return self.saved is None or code_id not in {code.id for code in self.saved.codes}

    # -- edits -----------------------------------------------------------------------------
    def rename(self, code_id: str, name: str) -> bool:
        name = " ".join(name.split())
        if not name:
            return self._refuse(self.tr("A code needs a name: type one, or hide the code."))
        return self._change(code_id, lambda c: with_code_changed(c, code_id, name=name))

    def recolour(self, code_id: str, colour: str) -> bool:
        return self._change(code_id, lambda c: with_code_changed(c, code_id, colour=colour))

    def set_key(self, code_id: str, key: str) -> bool:
        key = key.strip()
        if len(key) > 1:
            return self._refuse(self.tr("A key is one character, such as 7 or g."))
        code, content = self._code(code_id), self.content
        if code is None or content is None:
            return False
        clash = drafting.key_clash(content, code_id, key) if key and not code.hidden else None
        if clash is not None:
            return self._refuse(
                self.tr(
                    'The key {key} is already used by "{name}" ({id}). Choose another key, '
                    "or clear that one first."
                ).format(key=key, name=clash.name, id=clash.id)
            )
        return self._change(
            code_id, lambda c: with_code_changed(c, code_id, hotkey=key, clear_hotkey=not key)
        )

    def set_shown(self, code_id: str, shown: bool) -> bool:
        code, content = self._code(code_id), self.content
        if code is None or content is None:
            return False
        clash = drafting.key_clash(content, code_id, code.hotkey) if shown and code.hotkey else None
        if clash is not None:
            return self._refuse(
                self.tr(
                    '"{name}" cannot be shown while its key {key} is also the key of "{other}" '
                    "({id}). Clear one of the two keys first."
                ).format(name=code.name, key=code.hotkey, other=clash.name, id=clash.id)
            )
        return self._change(code_id, lambda c: with_code_changed(c, code_id, hidden=not shown))

    def change_id(self, old: str, new: str) -> bool:
        new = new.strip()
        if new == old:
            return True
        if not self.is_new(old):
            return self._refuse(self.tr("A saved code keeps its id: tags made with it name it."))
        if not new:
            return self._refuse(self.tr("A code needs an id, such as VIG-3.7."))
        if self._code(new) is not None:
            return self._refuse(self.tr("The id {id} is already used.").format(id=new))
        return self._change(old, lambda c: drafting.with_id_changed(c, old, new))

    def add_code(self, parent_id: str | None, name: str) -> str | None:
        """Add a principle (no parent) or a sub-element; returns its id."""
        content = self.content
        if content is None:
            return None
        parent = self._code(parent_id) if parent_id else None
        code = drafting.new_code(content, parent, name)
        parent_index = self.index_of(parent.id, 0) if parent else _ROOT
        row = len(self._tree.get(parent.id if parent else None, []))
        self.beginInsertRows(parent_index, row, row)
        self.content = with_code(content, code)
        self._index_codes()
        self.endInsertRows()
        self.edited.emit()
        return code.id

    def _code(self, code_id: str | None) -> Code | None:
        codes = self.content.codes if self.content else ()
        return next((code for code in codes if code.id == code_id), None)

    def _change(self, code_id: str, edit: Callable[[CodebookContent], CodebookContent]) -> bool:
        content = self.content
        if content is None:
            return False
        position = next((p for p, c in enumerate(content.codes) if c.id == code_id), None)
        if position is None:
            return False
        try:
            changed = edit(content)
        except InvalidInput as error:
            return self._refuse(str(error))
        self.content = changed
        self._index_codes()
        self._row_changed(position)
        self.edited.emit()
        return True

    def _row_changed(self, position: int) -> None:
        first = self.createIndex(self._row[position], ID, position + 1)
        self.dataChanged.emit(first, first.siblingAtColumn(SHOWN))

    def _refuse(self, words: str) -> bool:
        self.refused.emit(words)
        return False

    # -- the tree, as Qt asks for it --------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if self.content is None or not 0 <= column < len(self.headers()):
            return QModelIndex()
        under = self.code_at(parent)
        children = self._tree.get(under.id if under else None, [])
        if not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row] + 1)

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        above = self._parent.get(index.internalId() - 1)
        return QModelIndex() if above is None else self.createIndex(self._row[above], 0, above + 1)

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 (Qt's name)
        if self.content is None or parent.column() > 0:
            return 0
        under = self.code_at(parent)
        return len(self._tree.get(under.id if under else None, []))

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802 (Qt's name)
        return len(self.headers())

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Code id"), self.tr("Name"), self.tr("Colour"), self.tr("Key"),
                self.tr("Shown"))  # fmt: skip

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        code = self.code_at(index)
        if code is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.editable:
            return flags
        column = index.column()
        if column in (NAME, KEY) or (column == ID and self.is_new(code.id)):
            flags |= Qt.ItemFlag.ItemIsEditable
        if column == SHOWN:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        code = self.code_at(index)
        if code is None:
            return None
        column = index.column()
        if role == CODE_ROLE:
            return code
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (code.id, code.name, code.colour.lower(), code.hotkey or "", None)[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._spoken(code, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COLOUR:
            return QColor(code.colour)
        if role == Qt.ItemDataRole.CheckStateRole and column == SHOWN:
            return Qt.CheckState.Unchecked if code.hidden else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.ForegroundRole and code.hidden:
            palette = QGuiApplication.palette()
            return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.FontRole and (code.hidden or code.parent is None):
            font = QFont()
            font.setItalic(code.hidden)
            font.setWeight(QFont.Weight.DemiBold if code.parent is None else QFont.Weight.Normal)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (KEY, SHOWN):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole and column == ID and self.is_new(code.id):
            return self.tr("A new code: its id can be changed until it is saved.")
        return None

    def _spoken(self, code: Code, column: int) -> str:
        if column == NAME:
            return code.name + (self.tr(" (hidden)") if code.hidden else "")
        if column == COLOUR:
            return self.tr("Colour {colour}").format(colour=code.colour.lower())
        if column == KEY:
            return (
                self.tr("Key {key}").format(key=code.hotkey) if code.hotkey else self.tr("No key")
            )
        if column == SHOWN:
            return self.tr("Hidden") if code.hidden else self.tr("Shown")
        return code.id

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        code = self.code_at(index)
        if code is None or not self.flags(index) & (
            Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
        ):
            return False
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == SHOWN:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            return self.set_shown(code.id, checked)
        if role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value)
        if column == NAME:
            return text == code.name or self.rename(code.id, text)
        if column == KEY:
            return text == (code.hotkey or "") or self.set_key(code.id, text)
        if column == ID:
            return self.change_id(code.id, text)
        return False
