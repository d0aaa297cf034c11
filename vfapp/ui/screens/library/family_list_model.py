"""The caseload as a table model (case code, name, status, consent badges), the filter that
the search box and "Show closed families" drive, and the delegate that draws the badges."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QObject,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from vfapp.governance.library_view import FamilyRow
from vfapp.ui.screens.library.words import badge_words, day_words
from vfapp.ui.widgets.row_table import ROW_ROLE, Index, RowTableModel

TIERS_ROLE = Qt.ItemDataRole.UserRole + 2  # the consent column's tiers in force
CODE, NAME, STATUS, CONSENT = range(4)


class FamilyTableModel(RowTableModel):
    rows: list[FamilyRow]

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Case code"), self.tr("Name"), self.tr("Status"), self.tr("Consent"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        if role == TIERS_ROLE:
            return row.tiers_in_force
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == CONSENT:
            return self._consent_words(row)
        return None

    def _text(self, row: FamilyRow, column: int) -> str:
        if column == CODE:
            return row.case_code
        if column == NAME:
            return row.display_name or ""
        if column == STATUS:
            if row.closed_on is None:
                return self.tr("Open")
            return self.tr("Closed {day}").format(day=day_words(row.closed_on))
        return self._consent_words(row)

    def _consent_words(self, row: FamilyRow) -> str:
        if not row.tiers_in_force:
            return self.tr("No consent yet")
        return self.tr("Consent to: {tiers}").format(
            tiers=", ".join(badge_words(tier) for tier in row.tiers_in_force)
        )


class FamilyFilter(QSortFilterProxyModel):
    """Families whose case code or name contains the search text; closed ones on request."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._show_closed = False

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_show_closed(self, show: bool) -> None:
        self.beginFilterChange()
        self._show_closed = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        index = self.sourceModel().index(source_row, 0, source_parent)
        row: FamilyRow = self.sourceModel().data(index, ROW_ROLE)
        if row.closed and not self._show_closed:
            return False
        words = f"{row.case_code} {row.display_name or ''}".casefold()
        return self._text in words


class BadgeDelegate(QStyledItemDelegate):
    """Draws the consent tiers in force as small rounded badges."""

    PAD = 6

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        tiers = index.data(TIERS_ROLE) or ()
        if not tiers:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = option.fontMetrics
        x = option.rect.left() + self.PAD
        height = metrics.height() + 4
        top = option.rect.center().y() - height // 2 + 1
        for tier in tiers:
            text = badge_words(tier)
            width = metrics.horizontalAdvance(text) + 2 * self.PAD
            if x + width > option.rect.right():
                break
            box = QRect(x, top, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#d8efe3"))
            painter.drawRoundedRect(box, height / 2, height / 2)
            painter.setPen(QColor("#0f5132"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 4
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        tiers = index.data(TIERS_ROLE) or ()
        metrics = option.fontMetrics
        width = sum(metrics.horizontalAdvance(badge_words(t)) + 2 * self.PAD + 4 for t in tiers)
        return QSize(max(hint.width(), width + self.PAD), max(hint.height(), metrics.height() + 8))
