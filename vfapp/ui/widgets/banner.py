"""A message across the top of a screen that never covers the picture: information, a
warning or a problem, with an optional action button and a close button."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class BannerLevel(StrEnum):
    INFO = "info"
    WARNING = "warning"
    PROBLEM = "problem"


_COLOURS = {  # background, text: readable in light and dark themes alike
    BannerLevel.INFO: ("#dbeafe", "#1e3a5f"),
    BannerLevel.WARNING: ("#fef3c7", "#5c3d00"),
    BannerLevel.PROBLEM: ("#fde2e1", "#6b1010"),
}


class Banner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self._text = QLabel()
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._action = QPushButton()
        self._close = QPushButton(self.tr("Dismiss"))
        self._close.setAccessibleName(self.tr("Dismiss this message"))
        self._close.clicked.connect(self.hide)
        self._handler: Callable[[], object] | None = None
        self._action.clicked.connect(self._act)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 8, 8)
        row.addWidget(self._text, 1)
        row.addWidget(self._action)
        row.addWidget(self._close)
        self.hide()

    @property
    def text(self) -> str:
        return self._text.text()

    def show_message(
        self,
        text: str,
        level: BannerLevel = BannerLevel.INFO,
        *,
        action: str | None = None,
        on_action: Callable[[], object] | None = None,
        dismissable: bool = True,
    ) -> None:
        background, colour = _COLOURS[level]
        self.setStyleSheet(
            f"QFrame#banner {{ background: {background}; border-radius: 6px; }}"
            f"QFrame#banner QLabel {{ color: {colour}; }}"
        )
        self._text.setText(text)
        self.setAccessibleName(text)
        self._handler = on_action
        self._action.setVisible(action is not None)
        self._action.setText(action or "")
        self._close.setVisible(dismissable)
        self.show()

    def _act(self) -> None:
        if self._handler is not None:
            self._handler()
