"""The tree of codes, edited in place: F2 or a double-click renames, Enter changes the
column it is on (the colour opens the chooser), Space hides or shows the code."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from vfapp.ui.screens.codebooks.code_model import (
    CODE_ROLE,
    COLOUR,
    ID,
    KEY,
    NAME,
    SHOWN,
    CodeTreeModel,
)
from vfapp.ui.widgets.row_table import Index

_MAX_LENGTH = {ID: 40, NAME: 120, KEY: 1}
TREE_STYLE = "QTreeView:focus { border: 2px solid palette(highlight); }"


class CodeDelegate(QStyledItemDelegate):
    """Line editors that cannot take more than the codebook allows, each with a name."""

    def createEditor(  # noqa: N802 (Qt's name)
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setMaxLength(_MAX_LENGTH.get(index.column(), 120))
        code = index.data(CODE_ROLE)
        words = {
            ID: self.tr("Id of the new code"),
            NAME: self.tr("Name of {id}"),
            KEY: self.tr("Key for {id} (one character; empty for none)"),
        }.get(index.column(), "{id}")
        editor.setAccessibleName(words.format(id=code.id if code else ""))
        return editor

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        if option.state & QStyle.StateFlag.State_HasFocus:
            # the whole row is highlighted: frame the cell that Enter and F2 will change
            painter.save()
            pen = QPen(option.palette.color(QPalette.ColorRole.HighlightedText))
            pen.setWidthF(1.5)
            painter.setPen(pen)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            rect = QRectF(option.rect).adjusted(2, 2, -2, -2)
            painter.drawRoundedRect(rect, 3, 3)
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + 8)  # a calmer, easier-to-hit row


class CodeTree(QTreeView):
    colour_wanted = Signal(object)  # the index whose colour is to be chosen

    def __init__(self, model: CodeTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(CodeDelegate(self))
        self.setAccessibleName(self.tr("Codes of this codebook"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setTabKeyNavigation(False)  # Tab moves on to the next control
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(False)
        self.setStyleSheet(TREE_STYLE)
        header = self.header()
        header.setAccessibleName(self.tr("Column titles"))
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (ID, COLOUR, KEY, SHOWN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.activated.connect(self._activated)

    def fit_columns(self) -> None:
        self.expandAll()
        for column in (ID, COLOUR, KEY, SHOWN):
            self.resizeColumnToContents(column)
        self.setColumnWidth(ID, self.columnWidth(ID) + 12)

    def code_model(self) -> CodeTreeModel:
        model = self.model()
        assert isinstance(model, CodeTreeModel)
        return model

    def moveCursor(  # noqa: N802 (Qt's name)
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Left and Right go from column to column of the row (rows are selected whole);
        in the first column they still fold and unfold a principle, as in any tree."""
        current = self.currentIndex()
        step = {
            QAbstractItemView.CursorAction.MoveLeft: -1,
            QAbstractItemView.CursorAction.MoveRight: 1,
        }.get(action)
        if step is None or not current.isValid():
            return super().moveCursor(action, modifiers)
        folded = self.model().hasChildren(current) and not self.isExpanded(current)
        if (current.column() == 0 and (step < 0 or folded)) or current.column() + step > SHOWN:
            return super().moveCursor(action, modifiers) if current.column() == 0 else current
        return current.sibling(current.row(), current.column() + step)

    def edit(  # type: ignore[override]
        self,
        index: QModelIndex | QPersistentModelIndex,
        trigger: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger.AllEditTriggers,
        event: QEvent | None = None,
    ) -> bool:
        # F2 on a column that cannot be typed into (the colour, the check box) renames.
        typed = bool(self.code_model().flags(index) & Qt.ItemFlag.ItemIsEditable)
        if trigger == QAbstractItemView.EditTrigger.EditKeyPressed and not typed:
            index = index.sibling(index.row(), NAME)
        return super().edit(index, trigger, event)  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        editing = self.state() == QAbstractItemView.State.EditingState
        current = self.currentIndex()
        if not editing and current.isValid():
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._activated(current)
                event.accept()  # not the dialog's default button
                return
            if event.key() == Qt.Key.Key_Space:
                self.toggle_shown(current)
                event.accept()
                return
        super().keyPressEvent(event)

    def toggle_shown(self, index: QModelIndex | QPersistentModelIndex) -> None:
        cell = index.sibling(index.row(), SHOWN)
        if self.code_model().flags(cell) & Qt.ItemFlag.ItemIsUserCheckable:
            shown = cell.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            checked = Qt.CheckState.Unchecked if shown else Qt.CheckState.Checked
            self.code_model().setData(cell, checked, Qt.ItemDataRole.CheckStateRole)

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        column = index.column()
        if column == COLOUR:
            self.colour_wanted.emit(index)
        elif column == SHOWN:
            self.toggle_shown(index)
        else:
            self.edit(index, QAbstractItemView.EditTrigger.EditKeyPressed, None)
