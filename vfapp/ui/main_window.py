"""The window: one stack of screens, moved between by the Shell methods, with the idle lock
and Ctrl+L, and activity (keys, clicks) keeping the session open."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget, QWidget

from vfapp.domain.errors import VaultLocked
from vfapp.governance.actor import Actor
from vfapp.ui.background import Background
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
        box = QMessageBox(QMessageBox.Icon.Question, "Attune", question, parent=parent)
        accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is accept

    return confirm


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: AppServices,
        *,
        background: Background | None = None,
        confirm: Confirm | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Attune")
        self.setMinimumSize(1024, 640)
        self.services = services
        self.background = background or Background(parent=self)
        self.session = UiSession(
            services.settings.idle_lock_minutes * 60, self.background, parent=self
        )
        self.confirm: Confirm = confirm or ask(self)
        self._stack = QStackedWidget()
        self.setCentralWidget(self._stack)
        self.first_run = FirstRunScreen(self)
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
        """The first screen: create a vault, or unlock the one there is."""
        if is_vault(self.services.vault_folder):
            self._show(self.unlock)
            self.unlock.enter()
        else:
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
        if self.session.recording_active and not self.confirm(
            "A recording is running. Stop it and close Attune? Everything filmed so far is kept.",
            "Stop and close",
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
        event.accept()
