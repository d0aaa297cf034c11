"""Pictures of the library and the consent form at 1366x768, for the docs and for looking at
before calling a screen done, and the example caseload they show.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screens_for_docs /tmp/shots
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

from PySide6.QtWidgets import QApplication

from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier, Relationship
from vfapp.domain.models import RecordingStatus, VisitActivity, VisitPlace
from vfapp.governance import casework_ops
from vfapp.governance.actor import Actor
from vfapp.governance.consent import record_consent
from vfapp.ui.main_window import MainWindow
from vfapp.vault.markers import add_marker
from vfapp.vault.recordings import begin_recording, close_recording

SIZE = (1366, 768)


def wait_until_idle(window: MainWindow, timeout_s: float = 20.0) -> None:
    """Let the worker finish (and the answers reach the screens) without sleeping."""
    deadline = time.monotonic() + timeout_s
    while window.background.busy:
        if time.monotonic() > deadline:
            raise TimeoutError("the background worker did not finish")
        QApplication.processEvents()
    QApplication.processEvents()


def add_film(actor: Actor, visit_id: UUID, seconds: float, markers: int = 0) -> UUID:
    """A film's record (no pictures: the library only lists it)."""
    made = begin_recording(actor.vault, visit_id).value
    ended = made.started_at + timedelta(seconds=seconds)
    status = RecordingStatus.RECOVERED if seconds < 60 else RecordingStatus.COMPLETE
    with actor.vault.write() as batch:
        close_recording(batch, made.model_copy(update={"ended_at": ended}), status)
    for n in range(markers):
        add_marker(actor.vault, made.id, 1000 * (n + 1) * 7)
    return made.id


def give(actor: Actor, family: UUID, *tiers: ConsentTier, by: str = "Sam Bee") -> None:
    record_consent(
        actor,
        family,
        tiers,
        ConsentEventKind.GIVEN,
        given_by=by,
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
    )


def example_caseload(actor: Actor) -> dict[str, UUID]:
    """Three open families and a closed one; visits, films and consent. Call it while the
    worker is idle."""
    today = date.today()
    bee = casework_ops.add_family(actor, "PIP-0042", "Bee family").id
    cole = casework_ops.add_family(actor, "PIP-0107", "Cole family").id
    dale = casework_ops.add_family(actor, "PIP-0213").id
    old = casework_ops.add_family(actor, "PIP-0009", "Ash family").id
    give(actor, bee, ConsentTier.FILMING, ConsentTier.SHARED_REVIEW, ConsentTier.SUPERVISION)
    give(actor, cole, ConsentTier.FILMING, by="Alex Cole")
    first = casework_ops.add_visit(actor, bee, today - timedelta(days=14), VisitPlace.HOME)
    second = casework_ops.add_visit(
        actor, bee, today - timedelta(days=2), VisitPlace.CENTRE, VisitActivity.FEEDING
    )
    casework_ops.add_visit(actor, bee, today, VisitPlace.HOME, VisitActivity.BATH)
    add_film(actor, first.id, 11 * 60 + 42, markers=4)
    add_film(actor, second.id, 7 * 60 + 5, markers=2)
    add_film(actor, second.id, 38)
    visit = casework_ops.add_visit(actor, cole, today - timedelta(days=5), VisitPlace.CLINIC)
    add_film(actor, visit.id, 15 * 60 + 3, markers=6)
    casework_ops.add_visit(actor, old, today - timedelta(days=90))
    casework_ops.close_family(actor, old, today - timedelta(days=30))
    return {"bee": bee, "cole": cole, "dale": dale, "ash": old}


def shoot_library_and_consent(window: MainWindow, folder: Path) -> list[Path]:
    """Save the library and the consent form as PNGs; the window must be signed in."""
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(*SIZE)
    wait_until_idle(window)
    families = {row.case_code: row.id for row in window.library.families_model.rows}
    if "PIP-0042" not in families:
        example_caseload(window.actor())
    window.go_library()
    wait_until_idle(window)
    bee = next(row.id for row in window.library.families_model.rows if row.case_code == "PIP-0042")
    window.go_library(bee)
    wait_until_idle(window)
    window.library.panel.visits.selectRow(1)
    saved = [folder / "library.png"]
    window.grab().save(str(saved[0]))
    window.go_consent(bee)
    wait_until_idle(window)
    saved.append(folder / "consent.png")
    window.grab().save(str(saved[-1]))
    window.consent.scroll_to_history()
    QApplication.processEvents()
    saved.append(folder / "consent-history.png")
    window.grab().save(str(saved[-1]))
    window.go_library(bee)
    wait_until_idle(window)
    return saved


def main(folder: Path) -> None:
    from vfapp.app.bootstrap import SYNTHETIC, open_sources
    from vfapp.governance.actor import sign_in
    from vfapp.settings import Settings
    from vfapp.ui.services import AppServices
    from vfapp.vault.lifecycle import create_vault

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as scratch:
        services = AppServices(
            settings=Settings(data_dir=Path(scratch) / "data"),
            vault_folder=Path(scratch) / "vault",
            cameras=lambda: [SYNTHETIC],
            open_sources=open_sources,
        )
        created = create_vault(services.vault_folder, "a long example passphrase", user="Ana")
        window = MainWindow(services, confirm=lambda _q, _y: False)
        window.resize(*SIZE)
        window.show()
        window.signed_in(sign_in(created.vault))
        for path in shoot_library_and_consent(window, folder):
            print(path)
        window.close()
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots"))
