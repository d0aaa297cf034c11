"""The workspace's keys, in one table: transport, selection, coding, undo. Shortcuts live on
the screen, so a text field being typed in keeps its own keys (Qt lets it override them)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def shortcut(screen: QWidget, keys: str, slot: Callable[[], object]) -> QShortcut:
    made = QShortcut(QKeySequence(keys), screen)
    made.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    made.setAutoRepeat(True)
    made.activated.connect(slot)
    return made


def install(screen: QWidget, table: dict[str, Callable[[], object]]) -> list[QShortcut]:
    return [shortcut(screen, keys, slot) for keys, slot in table.items()]
