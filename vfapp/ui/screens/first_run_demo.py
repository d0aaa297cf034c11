"""The demo: a throwaway vault in a private temporary folder, with the synthetic camera and
a family whose filming consent is already recorded; removed entirely when the demo ends, and
at the next start if a crash left one behind."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier, Relationship
from vfapp.governance import casework_ops
from vfapp.governance.actor import Actor, sign_in
from vfapp.governance.consent import record_consent
from vfapp.settings import Settings
from vfapp.ui.services import AppServices, CameraChoice
from vfapp.ui.widgets.forms import button
from vfapp.vault.lifecycle import create_vault

PREFIX = "attune-demo-"
OWNER_FILE = "owner.pid"
UNOWNED_AFTER_S = 10 * 60  # a folder with no owner file is left alone this long


def _tr(text: str) -> str:
    return str(QCoreApplication.translate("Demo", text))


def demo_camera() -> CameraChoice:
    return CameraChoice(
        key="synthetic",
        label=_tr("Demo camera (pretend pictures and sound)"),
        synthetic=True,
        modes=((1280, 720), (640, 360)),
    )


def make_folder() -> Path:
    """A new private folder (mode 0700) under the temporary folder, marked with our pid."""
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    folder.chmod(0o700)
    (folder / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    return folder


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        # On Windows os.kill(pid, 0) sends Ctrl+C rather than asking: never use it there.
        # The folder's owner is taken to be alive; an old folder is swept by its age instead.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _left_behind(folder: Path) -> bool:
    try:
        if os.name == "posix" and folder.stat().st_uid != os.getuid():
            return False
        if os.name != "posix":  # temp folders are per user there; no pid can be asked
            return time.time() - folder.stat().st_mtime > UNOWNED_AFTER_S * 6
        pid = int((folder / OWNER_FILE).read_text(encoding="ascii").strip())
    except FileNotFoundError:
        return time.time() - folder.stat().st_mtime > UNOWNED_AFTER_S
    except (OSError, ValueError):
        return False
    return not _alive(pid)


def sweep_leftovers(root: Path | None = None) -> list[Path]:
    """Remove this user's demo folders whose app is gone (a crash); returns those removed."""
    root = root or Path(tempfile.gettempdir())
    removed = []
    for folder in root.glob(f"{PREFIX}*"):
        if folder.is_dir() and not folder.is_symlink() and _left_behind(folder):
            remove_folder(folder)
            removed.append(folder)
    return removed


def demo_services(real: AppServices, folder: Path) -> AppServices:
    """The app's services, but the vault, settings and anything remembered in `folder`, and
    only the demo camera (no microphone choices: the demo camera brings its own sound)."""
    return replace(
        real,
        settings=Settings(data_dir=folder / "data"),
        vault_folder=folder / "vault",
        cameras=lambda: [demo_camera()],
        microphones=lambda: [],
        open_microphone=lambda key: None,
    )


@dataclass(frozen=True)
class DemoReady:
    actor: Actor
    family_id: UUID


def prepare(vault_folder: Path) -> DemoReady:
    """On the worker: the vault (with a password nobody needs), a family, filming consent."""
    created = create_vault(vault_folder, secrets.token_urlsafe(24), user=_tr("Demo practitioner"))
    actor = sign_in(created.vault)
    family = casework_ops.add_family(actor, "DEMO", _tr("Baby Rose"))
    record_consent(
        actor,
        family.id,
        (ConsentTier.FILMING,),
        ConsentEventKind.GIVEN,
        given_by=_tr("A. Parent (demo)"),
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
    )
    return DemoReady(actor=actor, family_id=family.id)


class DemoBanner(QFrame):
    """Across the top of the demo window, always: this is a demo, and the way out."""

    end_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.setStyleSheet(
            "QFrame#demoBanner { background: #fef3c7; border-radius: 6px; }"
            "QFrame#demoBanner QLabel { color: #5c3d00; font-weight: 600; }"
        )
        self.text = QLabel(
            self.tr(
                "Demo \N{EM DASH} nothing here is kept. The camera is pretend; "
                "ending the demo deletes everything."
            )
        )
        self.text.setWordWrap(True)
        self.setAccessibleName(self.text.text())
        self.end_button = button(self.tr("End the demo"), self.tr("End the demo and delete it"))
        self.end_button.clicked.connect(self.end_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 8, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.end_button)


def getting_ready(stack: QStackedWidget) -> QLabel:
    """The page shown while the demo's vault is made (and why, if it could not be)."""
    label = QLabel(_tr("Getting the demo ready..."))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    stack.addWidget(label)
    return label


def under_banner(banner: DemoBanner, stack: QStackedWidget) -> QWidget:
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 6, 0, 0)
    column.addWidget(banner)
    column.addWidget(stack, 1)
    return holder
