"""The comparison's controls and how they sit: the two codings and the matching rules at the
top, the figures, the per-code table beside the disagreements, then how it was computed."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vfapp.ui.screens.agreement.models import (
    A_CODE,
    B_CODE,
    CODE,
    KIND,
    CodeFiguresModel,
    DisagreementModel,
)
from vfapp.ui.widgets.banner import Banner
from vfapp.ui.widgets.forms import button, title


def quiet(label: QLabel) -> QLabel:
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)
    return label


class Figure(QFrame):
    """One headline figure: a big value and a line saying what it is."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("-")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setWeight(QFont.Weight.DemiBold)
        self.value.setFont(font)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption = quiet(QLabel(caption))
        self.caption.setWordWrap(True)
        self.caption.setMinimumHeight(2 * self.caption.fontMetrics().lineSpacing())
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(2)
        column.addWidget(self.value)
        column.addWidget(self.caption)

    def show_figure(self, value: str, caption: str) -> None:
        self.value.setText(value)
        self.caption.setText(caption)
        self.setAccessibleName(f"{value}. {caption}")


def table(model: CodeFiguresModel | DisagreementModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
    view.verticalHeader().hide()
    view.horizontalHeader().setAccessibleName(
        QCoreApplication.translate("AgreementLayout", "{name}: columns").format(name=name)
    )
    view.setWordWrap(False)
    return view


class AgreementLayout(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Agreement between two codings"))
        self.setModal(True)
        self.setMinimumSize(900, 600)
        self.resize(1180, 700)
        self.heading = title(self.tr("Agreement between two codings"))
        self.first = QComboBox()
        self.first.setAccessibleName(self.tr("First coding (A)"))
        self.second = QComboBox()
        self.second.setAccessibleName(self.tr("Second coding (B)"))
        for choice in (self.first, self.second):
            choice.setMinimumContentsLength(30)
            choice.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setRange(0.0, 10.0)
        self.tolerance.setSingleStep(0.1)
        self.tolerance.setDecimals(1)
        self.tolerance.setSuffix(self.tr(" s"))
        self.tolerance.setAccessibleName(self.tr("Points match within plus or minus, seconds"))
        self.overlap = QSpinBox()
        self.overlap.setRange(1, 100)
        self.overlap.setSingleStep(5)
        self.overlap.setSuffix(" %")
        self.overlap.setAccessibleName(
            self.tr("Ranges match when they overlap by at least, percent of their union")
        )
        self.tolerance.lineEdit().setAccessibleName(self.tolerance.accessibleName())
        self.overlap.lineEdit().setAccessibleName(self.overlap.accessibleName())
        self.banner = Banner()
        self.kappa = Figure(self.tr("Cohen's kappa"))
        self.percent = Figure(self.tr("Agreement"))
        self.disagreed = Figure(self.tr("Disagreements"))
        self.codes_model = CodeFiguresModel(self)
        self.codes = table(self.codes_model, self.tr("Figures per code"))
        self.codes_title = QLabel(self.tr("Per code"))
        self.moments_model = DisagreementModel(self)
        self.moments = table(self.moments_model, self.tr("Disagreements: Enter plays from there"))
        self.moments_title = QLabel(self.tr("Disagreements"))
        self.overall_button = button(
            self.tr("Overall figures"), self.tr("Explain the overall figures")
        )
        self.working_title = QLabel(self.tr("How it was computed"))
        self.working = QTextBrowser()
        self.working.setAccessibleName(self.tr("How the figures were computed"))
        self.working.setOpenLinks(False)
        self.hint = quiet(
            QLabel(self.tr("Enter or double-click a disagreement to play the film from there."))
        )
        self.close_button = button(self.tr("Close"), self.tr("Close the comparison"))
        self._arrange()

    def _arrange(self) -> None:
        codings = QHBoxLayout()
        for text, field in (
            (self.tr("Compare &A:"), self.first),
            (self.tr("with &B:"), self.second),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            codings.addWidget(label)
            codings.addWidget(field, 1)
        rules = QHBoxLayout()
        for text, field in (
            (self.tr("Points match &within ±"), self.tolerance),
            (self.tr("Ranges match when they &overlap by at least"), self.overlap),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            rules.addWidget(label)
            rules.addWidget(field)
            rules.addSpacing(16)
        rules.addWidget(
            quiet(QLabel(self.tr("of the time either covers (intersection over union)")))
        )
        rules.addStretch(1)
        figures = QHBoxLayout()
        for figure in (self.kappa, self.percent, self.disagreed):
            figures.addWidget(figure, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        for heading, view in ((self.codes_title, self.codes), (self.moments_title, self.moments)):
            pane = QWidget()
            column = QVBoxLayout(pane)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(heading)
            column.addWidget(view, 1)
            split.addWidget(pane)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 6)
        self._fit_columns()
        working_top = QHBoxLayout()
        working_top.addWidget(self.working_title)
        working_top.addStretch(1)
        working_top.addWidget(self.overall_button)
        self.working.setMinimumHeight(110)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.close_button)
        grid = QGridLayout()
        grid.setVerticalSpacing(6)
        grid.addLayout(codings, 0, 0)
        grid.addLayout(rules, 1, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        layout.addWidget(self.banner)
        layout.addLayout(figures)
        layout.addWidget(split, 3)
        layout.addLayout(working_top)
        layout.addWidget(self.working, 2)
        layout.addLayout(bottom)
        order = (
            self.first,
            self.second,
            self.tolerance,
            self.overlap,
            self.codes,
            self.moments,
            self.overall_button,
            self.working,
            self.close_button,
        )
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

    def _fit_columns(self) -> None:
        header = self.codes.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CODE, QHeaderView.ResizeMode.Stretch)
        moments = self.moments.horizontalHeader()
        moments.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (A_CODE, B_CODE):
            moments.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        moments.setSectionResizeMode(KIND, QHeaderView.ResizeMode.ResizeToContents)
