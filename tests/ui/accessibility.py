"""Checks every screen's controls can be found by a screen reader and reached by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)


def _form_label(widget: QWidget) -> str:
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    if isinstance(layout, QFormLayout):
        label = layout.labelForField(widget)
        if label is not None and hasattr(label, "text"):
            return str(label.text())
    return ""


def unnamed_controls(screen: QWidget) -> list[str]:
    """Visible controls with neither an accessible name, nor text, nor a form label."""
    missing = []
    for widget in screen.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(screen):
            continue
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName() or text or _form_label(widget)):
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(
            widget, QAbstractItemView
        ):
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} takes no focus")
    return missing
