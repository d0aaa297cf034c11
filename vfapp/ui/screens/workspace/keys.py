"""The workspace's keys, in one table: transport, selection, coding, undo. Shortcuts live on
the screen, so a text field being typed in keeps its own keys (Qt lets it override them)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from vfapp.domain.tagging import TagActor

if TYPE_CHECKING:
    from vfapp.ui.screens.workspace.screen import WorkspaceScreen

Slot = Callable[[], object]


def shortcut(screen: QWidget, keys: str, slot: Callable[[], object]) -> QShortcut:
    made = QShortcut(QKeySequence(keys), screen)
    made.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    made.setAutoRepeat(True)
    made.activated.connect(slot)
    return made


def install(screen: QWidget, table: dict[str, Slot]) -> list[QShortcut]:
    return [shortcut(screen, keys, slot) for keys, slot in table.items()]


def workspace_keys(screen: WorkspaceScreen) -> dict[str, Slot]:
    """Transport (Space/K, J/L, arrows), selection ([ and ]), tags, undo, zoom, stills,
    the plan, and who is being coded (Ctrl+1-5). Code keys come from the codebook."""
    control, undo = screen.control, screen.editor.undo_stack
    table: dict[str, Slot] = {
        "Space": control.toggle_play,
        "K": control.pause,
        "J": control.shuttle_back,
        "L": control.shuttle_forward,
        "Left": partial(control.step, -1),
        "Right": partial(control.step, +1),
        "Shift+Left": partial(control.step_seconds, -1),
        "Shift+Right": partial(control.step_seconds, +1),
        "Ctrl+Left": partial(control.jump_to_tag, -1),
        "Ctrl+Right": partial(control.jump_to_tag, +1),
        "[": control.mark_in,
        "]": control.mark_out,
        "Esc": screen.escape,
        "Delete": screen.delete_chosen,
        "Ctrl+Z": undo.undo,
        "Ctrl+Shift+Z": undo.redo,
        "Ctrl+Y": undo.redo,
        "Ctrl+=": screen.timeline.zoom_in,
        "Ctrl++": screen.timeline.zoom_in,
        "Ctrl+-": screen.timeline.zoom_out,
        "Ctrl+0": screen.timeline.zoom_to_fit,
        "Alt+Left": screen.go_back,
        "Ctrl+S": screen.review.freeze_still,
        "Ctrl+M": screen.review.add_selection_to_plan,
    }
    for number, actor in enumerate(TagActor, start=1):
        table[f"Ctrl+{number}"] = partial(screen.coding.choose_actor, actor)
    return table
