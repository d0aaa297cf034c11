"""Supervision and accreditation: a guider's cycles signed off, new clients and supervision
hours against the three VIG stages (a table and a chart), and logging supervision time."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vfapp.domain.governance import Role, User
from vfapp.domain.supervision import Accreditation
from vfapp.governance import supervision_ops
from vfapp.ui.screens.supervision.progress_chart import ProgressChart
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.banner import Banner, BannerLevel


class SupervisionDialog(QDialog):
    def __init__(self, shell: Shell, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Supervision and accreditation"))
        self.resize(760, 560)
        self._shell = shell
        self.guider = QComboBox()
        self.guider.setAccessibleName(self.tr("Guider"))
        self.banner = Banner()
        self.table = QTableWidget(3, 5)
        self.table.setAccessibleName(self.tr("Progress by stage"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Stage"), self.tr("Cycles"), self.tr("New clients"), self.tr("Hours"),
             self.tr("Done")]
        )  # fmt: skip
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setAccessibleName(self.tr("Stage columns"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setMaximumHeight(130)
        self.chart = ProgressChart()
        self.totals = QLabel()
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setAccessibleName(self.tr("Day of the supervision"))
        self.day.lineEdit().setAccessibleName(self.tr("Day of the supervision"))
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 600)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(60)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Minutes of supervision"))
        self.minutes.lineEdit().setAccessibleName(self.tr("Minutes of supervision"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.note.setAccessibleName(self.tr("Note on the supervision"))
        self.log = QPushButton(self.tr("Log supervision"))
        self.log.setAutoDefault(False)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        logging = QHBoxLayout()
        for widget in (self.day, self.minutes, self.note, self.log):
            logging.addWidget(widget)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Guider")))
        top.addWidget(self.guider, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.totals)
        layout.addWidget(QLabel(self.tr("Time in supervision")))
        layout.addLayout(logging)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.guider.currentIndexChanged.connect(lambda _i: self._load_progress())
        self.log.clicked.connect(self._log)

    def open(self) -> None:
        today = self._shell.services.clock().astimezone().date()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.setMaximumDate(self.day.date())
        actor = self._shell.actor()
        self._shell.background.run(
            lambda: supervision_ops.guiders(actor), self._guiders, self._problem
        )
        super().open()

    def _guiders(self, guiders: list[User]) -> None:
        actor = self._shell.actor()
        if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
            guiders = [g for g in guiders if g.id == actor.user.id]  # one's own progress
        self.guider.blockSignals(True)
        self.guider.clear()
        for user in guiders:
            self.guider.addItem(user.name, str(user.id))
        self.guider.blockSignals(False)
        if not guiders:
            self.banner.show_message(self.tr("There is no guider in this vault yet."))
        self._load_progress()

    def chosen_guider(self) -> UUID | None:
        key = self.guider.currentData()
        return UUID(key) if key else None

    def _load_progress(self) -> None:
        guider, actor = self.chosen_guider(), self._shell.actor()
        if guider is not None:
            self._shell.background.run(
                lambda: supervision_ops.progress(actor, guider), self._show, self._problem
            )

    def _show(self, progress: Accreditation) -> None:
        if self.chosen_guider() != progress.guider_id:
            return
        for row, stage in enumerate(progress.stages):
            needs = stage.needs
            cells = (
                str(needs.stage),
                f"{stage.cycles} / {needs.cycles}",
                f"{stage.new_clients} / {needs.new_clients}",
                f"{stage.supervision_hours:g} / {needs.supervision_hours:g}",
                f"{stage.completed_on:%-d %b %Y}" if stage.completed_on else self.tr("not yet"),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.chart.show_progress(progress)
        words = self.tr("In all: cycles signed off {c}, families {k}, hours in supervision {h}.")
        self.totals.setText(
            words.format(
                c=progress.total_cycles, k=progress.total_clients, h=f"{progress.total_hours:g}"
            )
        )

    def _log(self) -> None:
        guider, actor = self.chosen_guider(), self._shell.actor()
        if guider is None:
            return
        day, minutes, note = self.day.date().toPython(), self.minutes.value(), self.note.text()

        def job() -> Accreditation:
            supervision_ops.log_supervision(actor, guider, minutes, day, note=note)  # type: ignore[arg-type]
            return supervision_ops.progress(actor, guider)

        def done(progress: Accreditation) -> None:
            self.note.clear()
            self.banner.show_message(self.tr("{m} minutes logged.").format(m=minutes))
            self._show(progress)

        self._shell.background.run(job, done, self._problem)

    def _problem(self, message: str) -> None:
        self.banner.show_message(message, BannerLevel.PROBLEM)
