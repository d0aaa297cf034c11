"""A crash mid-coding in the real window: kill -9 the app while a guider codes by keyboard
(code keys, ranges closed, steps between), then reopen: every tag the screen showed as made
is in the vault, and the vault verifies.

The child is this module run as a script: `python -m tests.ui.test_coding_crash FOLDER
RECORDING_ID`. It prints each tag's id once the screen has it back from the vault (after
its transaction committed).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from uuid import UUID

from tests.conftest import PASSWORD
from tests.integration.recording_helpers import record, synthetic
from tests.integration.reporting_child import ReportingChild
from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier, Relationship
from vfapp.governance.actor import sign_in
from vfapp.governance.consent import record_consent
from vfapp.governance.tag_ops import list_tags
from vfapp.vault.lifecycle import CreatedVault, unlock_vault
from vfapp.vault.verify import verify_vault


def _film(created: CreatedVault) -> UUID:
    with sign_in(created.vault) as actor:
        from vfapp.governance import casework_ops

        family = casework_ops.add_family(actor, "PIP-0042")
        record_consent(
            actor, family.id, (ConsentTier.FILMING,), ConsentEventKind.GIVEN,
            given_by="A. Parent", relationship=Relationship.PARENT,
            method=ConsentMethod.WRITTEN,
        )  # fmt: skip
        camera, microphone = synthetic()
        return record(actor.vault, camera, microphone, max_seconds=6).recording.id


def test_every_tag_the_screen_made_survives_kill_minus_nine(created: CreatedVault) -> None:
    folder = created.vault.folder
    recording = _film(created)  # signing out locks the vault
    reported: set[UUID] = set()
    for run, after in enumerate((6, 15)):
        child = ReportingChild("tests.ui.test_coding_crash", str(folder), str(recording))
        deadline = time.monotonic() + 90
        while len(child.lines) < after:
            assert child.alive, f"run {run}: the coding window died on its own"
            assert time.monotonic() < deadline, f"run {run}: too few tags were made"
            time.sleep(0.01)
        made = {UUID(line) for line in child.kill() if line}
        reported |= made
        assert verify_vault(folder, PASSWORD).ok, f"run {run}: the vault does not verify"
        with sign_in(unlock_vault(folder, PASSWORD)) as actor:
            kept = {tag.id for tag in list_tags(actor, recording)}
        assert not reported - kept, f"run {run}: {len(reported - kept)} tags were lost"


def _code_until_killed(folder: Path, recording: UUID) -> None:
    import tests.integration.child  # noqa: F401  (the fast KDF, as every child uses)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from vfapp.app.bootstrap import SYNTHETIC, open_sources
    from vfapp.settings import Settings
    from vfapp.ui.main_window import MainWindow
    from vfapp.ui.services import AppServices

    app = QApplication([])
    services = AppServices(
        settings=Settings(data_dir=folder.parent / "ui-data"),
        vault_folder=folder,
        cameras=lambda: [SYNTHETIC],
        open_sources=open_sources,
    )
    window = MainWindow(services, confirm=lambda question, yes: True)
    window.resize(1366, 768)
    window.show()
    window.signed_in(sign_in(unlock_vault(folder, PASSWORD)))
    window.go_workspace(recording)
    screen = window.workspace
    printed: set[UUID] = set()

    def report(tags: list[object]) -> None:
        for tag in tags:
            tag_id = tag.id  # type: ignore[attr-defined]
            if tag_id not in printed:
                printed.add(tag_id)
                print(tag_id, flush=True)

    screen.editor.tags_changed.connect(report)
    while screen.deck.facts is None or screen.load is None:
        app.processEvents()
        time.sleep(0.01)
    keys = (Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_6)
    for number in range(100_000):
        QTest.keyClick(screen, keys[number % len(keys)])  # open a range (saved at once)
        QTest.keyClick(screen, Qt.Key.Key_Right)
        QTest.keyClick(screen, keys[number % len(keys)])  # and close it a frame later
        for _ in range(5):
            app.processEvents()
            time.sleep(0.002)


if __name__ == "__main__":
    _code_until_killed(Path(sys.argv[1]), UUID(sys.argv[2]))
