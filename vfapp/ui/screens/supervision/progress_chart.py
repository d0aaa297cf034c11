"""A small chart of a guider's progress: for each VIG stage, three bars (cycles, new clients,
hours of supervision) filled towards what the stage asks for."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from vfapp.domain.supervision import Accreditation

BARS = ("#1a73e8", "#188038", "#e37400")  # cycles, new clients, hours


class ProgressChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(420, 170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(self.tr("Progress chart"))
        self.progress: Accreditation | None = None

    def show_progress(self, progress: Accreditation | None) -> None:
        self.progress = progress
        self.setAccessibleDescription(self._words())
        self.update()

    def _words(self) -> str:
        if self.progress is None:
            return ""
        return "; ".join(
            self.tr("stage {n}: {c} of {cn} cycles, {k} of {kn} new clients, {h} of {hn} hours")
            .format(
                n=s.needs.stage, c=s.cycles, cn=s.needs.cycles, k=s.new_clients,
                kn=s.needs.new_clients, h=f"{s.supervision_hours:g}",
                hn=f"{s.needs.supervision_hours:g}",
            )
            for s in self.progress.stages
        )  # fmt: skip

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        track = palette.mid().color()
        if self.progress is None:
            painter.end()
            return
        labels = (self.tr("Cycles"), self.tr("New clients"), self.tr("Hours"))
        column = self.width() / len(self.progress.stages)
        metrics = painter.fontMetrics()
        for index, stage in enumerate(self.progress.stages):
            left = index * column + 12
            painter.setPen(text)
            title = self.tr("Stage {n}").format(n=stage.needs.stage)
            if stage.complete:
                title += " ✓"
            painter.drawText(QRectF(left, 0, column - 24, 22), Qt.AlignmentFlag.AlignLeft, title)
            values = (
                (stage.cycles, stage.needs.cycles),
                (stage.new_clients, stage.needs.new_clients),
                (stage.supervision_hours, stage.needs.supervision_hours),
            )
            for row, ((done, needed), label, colour) in enumerate(
                zip(values, labels, BARS, strict=True)
            ):
                top = 28 + row * 44
                painter.setPen(text)
                painter.drawText(
                    QRectF(left, top, column - 24, metrics.height()),
                    Qt.AlignmentFlag.AlignLeft,
                    f"{label}: {done:g} / {needed:g}",
                )
                bar = QRectF(left, top + metrics.height() + 2, column - 24, 10)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(track)
                painter.drawRoundedRect(bar, 4, 4)
                share = min(1.0, done / needed) if needed else 1.0
                painter.setBrush(QColor(colour))
                painter.drawRoundedRect(
                    QRectF(bar.left(), bar.top(), bar.width() * share, bar.height()), 4, 4
                )
        painter.end()
