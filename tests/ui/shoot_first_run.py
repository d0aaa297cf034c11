"""Pictures of the first run at 1366x768: the welcome, the demo's recording screen, and About:
`python -m tests.ui.shoot_first_run [OUT_DIR]`. Not a test: nothing is asserted."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.shoot_recorder import settle, until
from vfapp.app.bootstrap import SYNTHETIC, open_sources
from vfapp.settings import Settings
from vfapp.ui.main_window import MainWindow
from vfapp.ui.services import AppServices
from vfapp.vault import keys


def shoot(widget: QWidget, out: Path, name: str) -> None:
    settle(300)
    target = out / f"{name}.png"
    widget.grab().save(str(target))
    print(target)


def main(out: Path) -> None:
    keys.KDF_FLOOR = keys.KdfParams(memory_kib=8 * 1024, iterations=1, parallelism=1)
    keys.calibrate = lambda *a, **k: keys.KDF_FLOOR
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="attune-first-run-shots-"))
    services = AppServices(
        settings=Settings(data_dir=root / "data"),
        vault_folder=root / "vault",
        cameras=lambda: [SYNTHETIC],
        open_sources=open_sources,
    )
    window = MainWindow(services, confirm=lambda question, yes: True, welcome=True)
    window.resize(1366, 768)
    window.show()
    window.start()
    shoot(window, out, "welcome")
    window.show_about()
    about = window.about
    assert about is not None
    shoot(about, out, "about")
    about.reject()
    welcome = window.first_run.welcome
    assert welcome is not None
    welcome.demo_button.click()
    demo = window.demo
    assert demo is not None
    until(lambda: demo.current_screen is demo.recorder)
    until(lambda: demo.recorder.preview.frames_shown > 10)
    shoot(demo, out, "demo")
    demo.close()
    until(lambda: window.demo is None)
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("screenshots"))
