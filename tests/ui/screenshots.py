"""Save a PNG of every screen at 1366x768 (the first run also dark; QT_SCALE_FACTOR=2 for a
4K look), for people to look at:
`xvfb-run -a .venv/bin/python -m tests.ui.screenshots OUT_DIR`.

It drives the real window with the synthetic camera through the same steps a practitioner
takes; nothing here is asserted (the tests do that)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from tests.conftest import PASSWORD
from vfapp.app.bootstrap import SYNTHETIC, open_sources
from vfapp.settings import Settings
from vfapp.ui.main_window import MainWindow
from vfapp.ui.services import AppServices
from vfapp.vault import keys

SIZE = (1366, 768)


def settle(app: QApplication, window: MainWindow, rounds: int = 400) -> None:
    """Let the worker finish and the window repaint."""
    for _ in range(rounds):
        app.processEvents()
        if not window.background.busy:
            break
        QCoreApplication.processEvents()
        window.background.thread().msleep(10)
    app.processEvents()


def save(widget: QWidget, folder: Path, name: str) -> Path:
    target = folder / f"{name}.png"
    widget.grab().save(str(target))
    print(target)
    return target


def use_light_theme() -> None:
    """Back to the style's own light palette (a screen shot after a dark one stays light)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setPalette(app.style().standardPalette())


def use_dark_theme(app: QApplication) -> None:
    """What a dark system theme gives: every palette role dark (Fusion draws from them)."""
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#2b2c2f",
        QPalette.ColorRole.AlternateBase: "#323336",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Button: "#35363a",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#8ab4f8",
        QPalette.ColorRole.HighlightedText: "#202124",
        QPalette.ColorRole.ToolTipBase: "#3c4043",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.Light: "#4a4b4f",
        QPalette.ColorRole.Midlight: "#3c3d41",
        QPalette.ColorRole.Mid: "#2f3033",
        QPalette.ColorRole.Dark: "#18191b",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7f8389"))
    app.setPalette(palette)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    keys.KDF_FLOOR = keys.KdfParams(memory_kib=8 * 1024, iterations=1, parallelism=1)
    keys.calibrate = lambda *a, **k: keys.KDF_FLOOR  # type: ignore[assignment]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        services = AppServices(
            settings=Settings(data_dir=root / "data"),
            vault_folder=root / "vault",
            cameras=lambda: [SYNTHETIC],
            open_sources=open_sources,
        )
        window = MainWindow(services, confirm=lambda question, yes: True)
        window.resize(*SIZE)
        window.show()
        window.start()
        settle(app, window)
        first = window.first_run
        first.name.setText("Ana Admin")
        first.password.setText(PASSWORD)
        first.again.setText("correct horse battery")
        first.create_button.click()
        save(window, out, "01-first-run-mismatch")
        first.again.setText(PASSWORD)
        first.create_button.click()
        settle(app, window)
        save(window, out, "02-recovery-key")
        first.written.setChecked(True)
        first.go_on.click()
        settle(app, window)
        save(window, out, "03-library")
        window.lock()
        settle(app, window)
        window.unlock.password.setText("wrong password here")
        window.unlock.button.click()
        settle(app, window)
        save(window, out, "04-unlock-wrong-password")
        window.unlock.forgot.click()
        save(window, out, "05-recovery")
        window.session.recording_active = False
        window.close()
        use_dark_theme(app)
        dark = MainWindow(
            AppServices(
                settings=Settings(data_dir=root / "data2"),
                vault_folder=root / "vault2",
                cameras=lambda: [SYNTHETIC],
                open_sources=open_sources,
            )
        )
        dark.resize(*SIZE)
        dark.show()
        dark.start()
        settle(app, dark)
        dark.first_run.password.setText("short")
        save(dark, out, "06-first-run-dark")
        dark.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dark.close()


def every_screen(out: Path) -> None:
    """Library, consent form, recording screen, review workspace, shared review, team sync,
    the welcome, demo and About in the light theme (the workspace also dark); then these screens,
    which end by switching to the dark theme; then the library and recorder again, dark."""
    from tests.ui import (
        screens_for_docs,
        shoot_first_run,
        shoot_recorder,
        shoot_sync,
        shoot_workspace,
    )

    screens_for_docs.main(out)
    shoot_recorder.SHOTS = out
    shoot_recorder.main()
    shoot_workspace.main(out)  # ends dark
    use_light_theme()
    shoot_sync.main(out)
    shoot_first_run.main(out)
    main(out)
    dark = out / "dark"
    dark.mkdir(exist_ok=True)
    screens_for_docs.main(dark)
    shoot_recorder.SHOTS = dark
    shoot_recorder.main()


if __name__ == "__main__":
    every_screen(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots"))
