"""`vfapp app`: start Attune's window (or say why it cannot start here)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from vfapp.app.bootstrap import build_services


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

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Attune")
    app.setOrganizationName("Attune")
    window = MainWindow(build_services(vault_folder=vault_folder, demo=demo_camera))
    window.resize(1280, 760)
    window.show()
    window.start()
    return int(app.exec())
