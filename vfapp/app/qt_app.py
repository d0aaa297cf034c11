"""`vfapp app`: start Attune's window (or say why it cannot start here)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from vfapp.app.bootstrap import build_services

# A PNG, not the SVG: it needs no image-format plugin in the packaged app.
ICON = (
    Path(__file__).resolve().parents[1]
    / "resources/icons/hicolor/256x256/apps/org.attune.Attune.png"
)


def has_display() -> bool:
    if sys.platform.startswith("linux"):
        return bool(
            os.environ.get("DISPLAY")
            or os.environ.get("WAYLAND_DISPLAY")
            or os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "minimal")
        )
    return True


def run_window(vault_folder: Path | None = None, *, demo_camera: bool = False) -> int:
    from PySide6.QtWidgets import QApplication

    from vfapp.ui.main_window import MainWindow
    from vfapp.ui.single_instance import claim

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Attune")
    app.setOrganizationName("Attune")
    # Matches resources/linux/org.attune.Attune.desktop: on Wayland this is how the window
    # finds its launcher entry and icon.
    app.setDesktopFileName("org.attune.Attune")
    icon = ICON if ICON.exists() else None
    if icon is not None:
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    from vfapp.ui.translations import install_translator

    install_translator(app)
    # One Attune per person: a second launch brings the running window forward instead (an
    # explicit --vault is a deliberate second window, e.g. for a training vault).
    instance = claim(app) if vault_folder is None else None
    if vault_folder is None and instance is None:
        return 0
    window = MainWindow(build_services(vault_folder=vault_folder, demo=demo_camera), welcome=True)
    if instance is not None:
        instance.raise_requested.connect(window.bring_forward)
    window.resize(1280, 760)
    window.show()
    window.start()
    return int(app.exec())
