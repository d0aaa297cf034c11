"""A still held on the parent's screen, with its caption large beneath it."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from vfapp.ui.widgets.picture import fitted

BACKDROP = QColor("#101418")
CAPTION = QColor("#f1f3f4")


class StillView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Still"))
        self.image: QImage | None = None
        self.caption = ""

    def show_still(self, image: QImage | None, caption: str | None) -> None:
        self.image, self.caption = image, caption or ""
        self.setAccessibleDescription(self.caption)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKDROP)
        caption_height = int(self.height() * 0.18) if self.caption else 0
        box = self.rect().adjusted(0, 0, 0, -caption_height)
        if self.image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(fitted(self.image.size(), box), self.image)
        if self.caption:
            font = QFont(self.font())
            font.setPointSizeF(max(18.0, caption_height / 4.5))
            font.setItalic(True)
            painter.setFont(font)
            painter.setPen(CAPTION)
            words = QRect(box.left() + 32, box.bottom(), box.width() - 64, caption_height)
            painter.drawText(
                words,
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                f"“{self.caption}”",
            )
        painter.end()
