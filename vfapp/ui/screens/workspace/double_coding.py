"""Double coding from the workspace: start a blind second coding of the film (the first
coding is hidden until it is finished), finish it, and compare the two codings."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from vfapp.domain.agreement import CodingPass, PassStatus
from vfapp.governance import agreement_ops
from vfapp.ui.screens.agreement import AgreementView
from vfapp.ui.shell import Shell


class DoubleCodingButton(QToolButton):
    changed = Signal()  # a coding was started or finished: the film's tags read again
    said = Signal(str)
    problem = Signal(str)
    jump_to = Signal(int)

    def __init__(
        self, shell: Shell, film: Callable[[], UUID | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._shell, self._film = shell, film
        self.setText(self.tr("Double coding"))
        self.setAccessibleName(self.tr("Double coding: code blind, finish, compare"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.start = QAction(self.tr("Start a blind second coding"), self)
        self.finish = QAction(self.tr("Finish my coding"), self)
        self.compare = QAction(self.tr("Compare the codings..."), self)
        for action in (self.start, self.finish, self.compare):
            menu.addAction(action)
        self.setMenu(menu)
        self.start.triggered.connect(self.start_blind)
        self.finish.triggered.connect(self.finish_mine)
        self.compare.triggered.connect(self.open_comparison)
        self.show_pass(None)

    def show_pass(self, coding: CodingPass | None) -> None:
        open_now = coding is not None and coding.status is PassStatus.OPEN
        self.start.setEnabled(coding is None)
        self.finish.setEnabled(open_now)
        self.setText(self.tr("Coding blind") if open_now else self.tr("Double coding"))

    def load(self) -> None:
        film, actor = self._film(), self._shell.actor()
        if film is not None:
            self._shell.background.run(
                lambda: agreement_ops.own_pass(actor, film), self.show_pass, self.problem.emit
            )

    def start_blind(self) -> None:
        film, actor = self._film(), self._shell.actor()
        if film is None:
            return

        def done(coding: CodingPass) -> None:
            self.show_pass(coding)
            self.said.emit(
                self.tr(
                    "You are coding this film blind: the first coding is hidden until you "
                    "finish (Double coding, Finish my coding)."
                )
            )
            self.changed.emit()

        self._shell.background.run(
            lambda: agreement_ops.start_pass(actor, film, blind=True), done, self.problem.emit
        )

    def finish_mine(self) -> None:
        film, actor = self._film(), self._shell.actor()
        if film is None:
            return

        def done(coding: CodingPass) -> None:
            self.show_pass(coding)
            self.said.emit(self.tr("Your coding is finished: the two codings can be compared."))
            self.changed.emit()

        self._shell.background.run(
            lambda: agreement_ops.finish_pass(actor, film), done, self.problem.emit
        )

    def open_comparison(self) -> AgreementView | None:
        film = self._film()
        if film is None:
            return None
        view = AgreementView(self._shell, self.window(), film)
        view.jump_to.connect(self.jump_to.emit)
        view.finished.connect(view.deleteLater)
        view.open()
        return view
