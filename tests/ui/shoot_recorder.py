"""Pictures of the recording screen at 1366x768, before and during a recording, with a
consent refusal and a lost camera: `python -m tests.ui.shoot_recorder` (offscreen, or under
Xvfb) saves PNGs into /tmp/shots/ to look at. Not a test; PNGs are never committed."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from tests.conftest import PASSWORD
from vfapp.app.bootstrap import SYNTHETIC, open_sources
from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier, Relationship
from vfapp.governance import casework_ops
from vfapp.governance.actor import sign_in
from vfapp.governance.consent import record_consent
from vfapp.settings import Settings
from vfapp.ui.background import Background
from vfapp.ui.main_window import MainWindow
from vfapp.ui.services import AppServices
from vfapp.vault.lifecycle import create_vault

SHOTS = Path("/tmp/shots")


def settle(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def until(test: object, limit_ms: int = 20_000) -> None:
    waited = 0
    while not test() and waited < limit_ms:  # type: ignore[operator]
        settle(50)
        waited += 50


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Attune")
    SHOTS.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="attune-shots-"))
    services = AppServices(
        settings=Settings(data_dir=folder / "data"),
        vault_folder=folder / "vault",
        cameras=lambda: [SYNTHETIC],
        open_sources=open_sources,
    )
    created = create_vault(services.vault_folder, PASSWORD)
    actor = sign_in(created.vault)
    with_consent = casework_ops.add_family(actor, "PIP-7", "Baby Rose")
    without = casework_ops.add_family(actor, "PIP-8")
    record_consent(
        actor,
        with_consent.id,
        (ConsentTier.FILMING,),
        ConsentEventKind.GIVEN,
        given_by="A. Parent",
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
    )
    window = MainWindow(services, background=Background(), confirm=lambda q, y: True)
    window.resize(1366, 768)
    window.show()
    window.signed_in(actor)
    screen = window.recorder

    def shoot(name: str) -> None:
        settle(300)
        window.grab().save(str(SHOTS / f"recorder-{name}.png"))
        print(SHOTS / f"recorder-{name}.png")

    window.go_recorder(with_consent.id)
    until(lambda: screen.preview.frames_shown > 5)
    shoot("1-before")
    screen.toggle_recording()
    until(lambda: screen.run.recording_now)
    until(lambda: (s := screen.run.stats()) is not None and s.elapsed_s > 3)
    for code in (None, "VIG-1", "VIG-3"):
        screen.mark(code)
    screen.mark(lookback_s=10)
    until(lambda: len(screen.markers.markers) == 4)
    shoot("2-recording")
    window.lock()
    until(lambda: window.current_screen is window.lock_screen)
    shoot("3-locked")
    screen.grab().save(str(SHOTS / "recorder-3-behind-the-lock.png"))
    guard = window.session.guard
    assert guard is not None
    window.session.apply(guard.resume(PASSWORD))
    until(lambda: screen.preview.has_picture)
    screen.toggle_recording()
    until(lambda: not screen.run.recording_now and not screen.run.starting_or_stopping)
    screen.markers.list.setCurrentRow(1)
    screen.markers.note.setText("lovely shared smile")
    screen.markers.save_note()
    until(lambda: "lovely" in screen.markers.list.item(1).text())
    shoot("4-stopped-with-a-note")
    screen.leave()
    window.go_recorder(without.id)
    until(lambda: "PIP-8" in screen.heading.text())
    screen.toggle_recording()
    until(lambda: screen.warnings.consent.isVisible())
    screen.warnings.camera_problem(
        "The camera sent no picture for 3 seconds. The recording was saved up to the last "
        "good picture; you can start a new part when the camera is back.",
        continue_part=lambda: None,
    )
    shoot("5-refused-and-camera-lost")
    window.session.recording_active = False
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
