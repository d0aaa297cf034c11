"""The window: one stack of screens, moved between by the Shell methods, with the idle lock
and Ctrl+L, activity (keys, clicks) keeping the session open, About on F1, and the demo (a
second window on a throwaway vault that is deleted when it closes)."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from vfapp.domain.errors import VaultLocked
from vfapp.governance.actor import Actor
from vfapp.ui.about import AboutDialog, app_icon
from vfapp.ui.background import Background
from vfapp.ui.screens import first_run_demo as demo
from vfapp.ui.screens.consent import ConsentScreen
from vfapp.ui.screens.first_run import FirstRunScreen
from vfapp.ui.screens.library import LibraryScreen
from vfapp.ui.screens.lock_screen import LockScreen
from vfapp.ui.screens.recorder import RecorderScreen
from vfapp.ui.screens.shared_review import SharedReviewScreen
from vfapp.ui.screens.sync import SyncScreen
from vfapp.ui.screens.unlock import UnlockScreen
from vfapp.ui.screens.workspace import WorkspaceScreen
from vfapp.ui.services import AppServices
from vfapp.ui.session import UiSession
from vfapp.ui.shell import Confirm
from vfapp.vault.lifecycle import is_vault

ACTIVITY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)


def ask(parent: QWidget) -> Confirm:
    """A real confirmation prompt (tests inject their own answer instead)."""

    def confirm(question: str, yes: str) -> bool:
        name = QCoreApplication.translate("MainWindow", "Attune")
        box = QMessageBox(QMessageBox.Icon.Question, name, question, parent=parent)
        accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is accept

    return confirm


class MainWindow(QMainWindow):
    demo_ended = Signal()  # a demo window has closed and deleted its folder

    def __init__(
        self,
        services: AppServices,
        *,
        background: Background | None = None,
        confirm: Confirm | None = None,
        welcome: bool = False,
        demo_folder: Path | None = None,
    ) -> None:
        """`welcome`: a first run starts with the welcome (and may try the demo);
        `demo_folder`: this is the demo's window, on the throwaway vault in that folder."""
        super().__init__()
        self.setWindowTitle(self.tr("Attune (demo)") if demo_folder else self.tr("Attune"))
        self.setMinimumSize(1024, 640)
        if (icon := app_icon()) is not None:
            self.setWindowIcon(icon)
        self.services = services
        self.demo_folder = demo_folder
        self.demo: MainWindow | None = None  # the demo window, while one is open
        self.about: AboutDialog | None = None
        self._given_confirm = confirm
        self.background = background or Background(parent=self)
        self.session = UiSession(
            services.settings.idle_lock_minutes * 60, self.background, parent=self
        )
        self.confirm: Confirm = confirm or ask(self)
        self._stack = QStackedWidget()
        self.setCentralWidget(self._stack)
        self.first_run = FirstRunScreen(self, welcome=welcome and demo_folder is None)
        self.first_run.demo_requested.connect(self.start_demo)
        self.unlock = UnlockScreen(self)
        self.library = LibraryScreen(self)
        self.consent = ConsentScreen(self)
        self.recorder = RecorderScreen(self)
        self.workspace = WorkspaceScreen(self)
        self.shared_review = SharedReviewScreen(self)
        self.sync = SyncScreen(self)
        self.lock_screen = LockScreen(self)
        for screen in (
            self.first_run,
            self.unlock,
            self.library,
            self.consent,
            self.recorder,
            self.workspace,
            self.shared_review,
            self.sync,
            self.lock_screen,
        ):
            self._stack.addWidget(screen)
        self._behind_lock: QWidget | None = None
        self.about_action = QAction(self.tr("About Attune"), self)
        self.about_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.about_action.triggered.connect(self.show_about)
        self.addAction(self.about_action)
        if demo_folder is not None:
            self._demo_chrome()
        lock = QShortcut(QKeySequence("Ctrl+L"), self)
        lock.setContext(Qt.ShortcutContext.ApplicationShortcut)
        lock.activated.connect(self.lock)
        self.session.locked.connect(self._on_locked)
        self.session.screen_locked.connect(self._on_screen_locked)
        self.session.resumed.connect(self._on_resumed)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # -- the Shell -----------------------------------------------------------------------
    def actor(self) -> Actor:
        if self.session.actor is None:
            raise VaultLocked()
        return self.session.actor

    def start(self) -> None:
        """The first screen: create a vault, or unlock the one there is (the demo: make it)."""
        if self.demo_folder is not None:
            self._show(self.getting_ready)
            folder = self.services.vault_folder
            ready, failed = self._demo_ready, self.getting_ready.setText
            self.background.run(lambda: demo.prepare(folder), ready, failed)
        elif is_vault(self.services.vault_folder):
            self._show(self.unlock)
            self.unlock.enter()
        else:
            if self.first_run.welcome is not None:
                demo.sweep_leftovers()  # a demo a crash left behind
            self._show(self.first_run)
            self.first_run.enter()

    def signed_in(self, actor: Actor) -> None:
        self.session.start(actor)
        self.go_library()

    def go_library(self, family_id: UUID | None = None) -> None:
        self._show(self.library)
        self.library.enter(family_id)

    def go_consent(self, family_id: UUID, *, back_to_recorder: bool = False) -> None:
        self._show(self.consent)
        self.consent.enter(family_id, back_to_recorder=back_to_recorder)

    def go_recorder(self, family_id: UUID) -> None:
        self._show(self.recorder)
        self.recorder.enter(family_id)

    def go_workspace(self, recording_id: UUID) -> None:
        self._show(self.workspace)
        self.workspace.enter(recording_id)

    def go_shared_review(
        self, visit_id: UUID, back_to: UUID | None = None, *, film: bool = False
    ) -> None:
        self._show(self.shared_review)
        self.shared_review.enter(visit_id, back_to, film=film)

    def go_sync(self) -> None:
        self._show(self.sync)
        self.sync.enter()

    def lock(self) -> None:
        self.session.lock_now()

    def set_recording(self, active: bool) -> None:
        self.session.recording_active = active

    # -- About, coming forward, and the demo -----------------------------------------------
    def show_about(self) -> None:
        self.about = AboutDialog(
            self.services.vault_folder, demo=self.demo_folder is not None, parent=self
        )
        self.about.open()

    def bring_forward(self) -> None:
        """Another launch asked for Attune: show the window in use, un-minimised, in front."""
        target = self.demo or self
        if target.isMinimized():
            target.showNormal()
        target.show()
        target.raise_()
        target.activateWindow()

    def start_demo(self) -> None:
        """The demo in a window of its own, in place of this one until it ends."""
        if self.demo is not None:
            return
        folder = demo.make_folder()
        window = MainWindow(
            demo.demo_services(self.services, folder),
            confirm=self._given_confirm,
            demo_folder=folder,
        )
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.setGeometry(self.geometry())
        window.demo_ended.connect(self._demo_ended)
        self.demo = window
        window.setWindowState(self.windowState())
        window.show()
        window.start()
        self.hide()

    def _demo_ended(self) -> None:
        self.demo = None
        self.show()
        self.start()
        self.activateWindow()

    def _demo_chrome(self) -> None:
        self.banner = demo.DemoBanner()
        self.banner.end_requested.connect(self.close)
        self.getting_ready = demo.getting_ready(self._stack)
        self.setCentralWidget(demo.under_banner(self.banner, self._stack))
        QShortcut(QKeySequence("Ctrl+Q"), self).activated.connect(self.close)

    def _demo_ready(self, ready: demo.DemoReady) -> None:
        self.session.start(ready.actor)
        self.go_recorder(ready.family_id)

    # -- lock and resume -------------------------------------------------------------------
    def _on_locked(self, reason: str) -> None:
        self._behind_lock = None
        self.recorder.leave()
        self.workspace.leave()
        self.shared_review.leave()
        self._show(self.unlock)
        self.unlock.enter(locked_because=reason)

    def _on_screen_locked(self) -> None:
        if self._stack.currentWidget() is self.shared_review:
            self.shared_review.close_review()  # the parent's screen is not kept behind a lock
        self._behind_lock = self._stack.currentWidget()
        self.recorder.hide_preview(True)
        self.workspace.pause()
        self._show(self.lock_screen)
        self.lock_screen.enter()

    def _on_resumed(self) -> None:
        self.recorder.hide_preview(False)
        self._show(self._behind_lock or self.library)
        self._behind_lock = None

    # -- plumbing ----------------------------------------------------------------------------
    def _show(self, screen: QWidget) -> None:
        self._stack.setCurrentWidget(screen)
        screen.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def current_screen(self) -> QWidget | None:
        return self._stack.currentWidget()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in ACTIVITY_EVENTS:
            self.session.activity()
        return False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.demo is not None and not self.demo.close():
            event.ignore()  # the demo's recording is still running
            return
        if self.session.recording_active and not self.confirm(
            self.tr("A recording is running. Stop it and end the demo? Nothing is kept.")
            if self.demo_folder
            else self.tr(
                "A recording is running. Stop it and close Attune? Everything filmed so far "
                "is kept."
            ),
            self.tr("Stop and close"),
        ):
            event.ignore()
            return
        self.recorder.leave()
        self.workspace.leave()
        self.shared_review.leave()
        self.background.shutdown()
        self.session.close()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.demo_folder is not None:
            demo.remove_folder(self.demo_folder)
            self.demo_ended.emit()  # the welcome shows again before this window goes
        event.accept()
