"""The Tags tab: filters by principle and by who, the tag table, and delete, undo and redo."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfapp.domain.tagging import CodebookContent, Tag, TagActor
from vfapp.ui.screens.workspace.tag_table import (
    ACTOR,
    CODE,
    NOTE,
    TIME,
    UNCODED,
    ChoiceDelegate,
    TagFilter,
    TagTableModel,
)
from vfapp.ui.screens.workspace.words import actor_words
from vfapp.ui.widgets.row_table import ROW_ROLE


class TagsPanel(QWidget):
    chosen = Signal(object)  # the Tag chosen in the table (None: none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TagTableModel(self)
        self.filter = TagFilter(self)
        self.filter.setSourceModel(self.model)
        self.by_code = QComboBox()
        self.by_code.setAccessibleName(self.tr("Show tags of"))
        self.by_actor = QComboBox()
        self.by_actor.setAccessibleName(self.tr("Show tags of who"))
        self.by_actor.addItem(self.tr("Everyone"), None)
        for actor in TagActor:
            self.by_actor.addItem(actor_words(actor), actor)
        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Tags"))
        self.table.setModel(self.filter)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(TIME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setItemDelegate(ChoiceDelegate(self.model, self.table))
        header = self.table.horizontalHeader()
        header.setAccessibleName(self.tr("Tag columns: click one to sort by it"))
        for column in (TIME, ACTOR):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (CODE, NOTE):  # long names and notes are elided; the tooltip has all
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.delete = QPushButton(self.tr("Delete"))
        self.delete.setAccessibleName(self.tr("Delete the chosen tag (Delete)"))
        self.undo = QPushButton(self.tr("Undo"))
        self.undo.setAccessibleName(self.tr("Undo (Ctrl+Z)"))
        self.redo = QPushButton(self.tr("Redo"))
        self.redo.setAccessibleName(self.tr("Redo (Ctrl+Shift+Z)"))
        self.import_codes = QPushButton(self.tr("Import codes..."))
        self.import_codes.setAccessibleName(self.tr("Import codes from ELAN or BORIS"))
        for button in (self.delete, self.undo, self.redo, self.import_codes):
            button.setToolTip(button.accessibleName())
            button.setAutoDefault(False)
        filters = QHBoxLayout()
        filters.addWidget(self.by_code, 2)
        filters.addWidget(self.by_actor, 1)
        buttons = QHBoxLayout()
        for button in (self.delete, self.undo, self.redo):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_codes)
        self.buttons = buttons  # the workspace adds its double-coding button here
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.by_code.currentIndexChanged.connect(self._filter_changed)
        self.by_actor.currentIndexChanged.connect(self._filter_changed)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

    def use_codebook(self, content: CodebookContent | None) -> None:
        self.model.content = content
        wanted = self.by_code.currentData()
        self.by_code.blockSignals(True)
        self.by_code.clear()
        self.by_code.addItem(self.tr("All codes"), None)
        for code in content.codes if content else ():
            if code.parent is None and not code.hidden:
                self.by_code.addItem(f"{code.id} {code.name}", code.id)
        self.by_code.addItem(self.tr("Not coded yet"), UNCODED)
        self.by_code.setCurrentIndex(max(0, self.by_code.findData(wanted)))
        self.by_code.blockSignals(False)
        self._filter_changed()

    def show_tags(self, tags: list[Tag]) -> None:
        chosen = self.chosen_tag()
        self.model.set_rows(tags)
        if chosen is not None:
            # Chosen again quietly: choosing a tag moves the playhead, which must not jump
            # because a tag was saved while coding somewhere else.
            selection = self.table.selectionModel()
            selection.blockSignals(True)
            self.choose(chosen.id)
            selection.blockSignals(False)
            self.table.viewport().update()

    def chosen_tag(self) -> Tag | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def choose(self, tag_id: UUID | None) -> None:
        row = self.model.row_of(tag_id) if tag_id is not None else None
        if row is None:
            self.table.clearSelection()
            return
        index = self.filter.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            self.table.selectionModel().setCurrentIndex(index, flags)
            self.table.scrollTo(index)

    def _filter_changed(self, *_args: object) -> None:
        self.filter.set_filter(self.by_code.currentData(), self.by_actor.currentData())

    def _row_changed(self, *_args: object) -> None:
        self.chosen.emit(self.chosen_tag())
