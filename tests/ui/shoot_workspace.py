"""Pictures of the review workspace and the parent's shared review at 1366x768, on a
20-minute 720p film with 60 tags: `python -m tests.ui.shoot_workspace [OUT_DIR]` (offscreen,
or under Xvfb). Not a test: nothing is asserted; PNGs are never committed."""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from bench.playback import P720, twenty_minute_film
from tests.conftest import PASSWORD
from tests.integration.recording_helpers import record, synthetic
from tests.ui.screenshots import use_dark_theme
from tests.ui.shoot_recorder import settle, until
from vfapp.app.bootstrap import SYNTHETIC, open_sources
from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier, Relationship, Role
from vfapp.domain.tagging import TagActor
from vfapp.governance import casework_ops, supervision_ops, tag_ops
from vfapp.governance.actor import Actor, sign_in
from vfapp.governance.consent import record_consent
from vfapp.settings import Settings
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.workspace import WorkspaceScreen
from vfapp.ui.services import AppServices
from vfapp.vault import casework, keys, users
from vfapp.vault.lifecycle import create_vault

CODES = ("VIG-1", "VIG-2", "VIG-3", "VIG-3.1", "VIG-3.4", "VIG-4", "VIG-5", "VIG-6")


def shoot(widget: QWidget, out: Path, name: str) -> None:
    settle(400)
    target = out / f"{name}.png"
    widget.grab().save(str(target))
    print(target)


def film_of_a_family(actor: Actor) -> UUID:
    """A family with consent to filming and shared review, its 20-minute film, and another
    family (which must never show on the parent's screen)."""
    family = casework_ops.add_family(actor, "PIP-7", "Baby Rose")
    casework_ops.add_family(actor, "PIP-9", "Baby Other")
    record_consent(
        actor, family.id, (ConsentTier.FILMING, ConsentTier.SHARED_REVIEW, ConsentTier.SUPERVISION),
        ConsentEventKind.GIVEN, given_by="A. Parent", relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
    )  # fmt: skip
    camera, microphone = synthetic(P720)
    clip = record(actor.vault, camera, microphone, max_seconds=10, scheduled_marks_s=(4.0,))
    visit = casework.list_visits(actor.vault, family.id)[0]
    return twenty_minute_film(actor.vault, clip.recording.id, visit.id)


def tag_the_film(actor: Actor, film: UUID, codebook: UUID | None) -> None:
    rng = random.Random(3)
    for number in range(60):
        start = rng.randrange(0, 1_190_000)
        end = start + rng.randrange(1_500, 9_000) if number % 3 else None
        tag_ops.add_tag(
            actor, film, start, end, rng.choice(CODES), codebook,
            tag_actor=rng.choice((TagActor.PARENT, TagActor.PARENT, TagActor.INFANT)),
            note="turns to her when she babbles" if number % 7 == 0 else None,
        )  # fmt: skip


def shoot_supervision(window: MainWindow, screen: WorkspaceScreen, out: Path) -> None:
    """Comments in the workspace and a guider's progress in the supervision dialog."""
    actor = window.actor()
    with actor.vault.write() as batch:
        guider = users.insert_user(batch, "Gina Guider", Role.GUIDER)
    visit = screen.load.heading.visit_id if screen.load else None
    assert visit is not None
    supervision_ops.sign_off(actor, visit, guider.id, note="Warm and attuned")
    supervision_ops.log_supervision(actor, guider.id, 90, actor.clock().date())
    screen.side.setCurrentWidget(screen.comments)
    screen.comments.text.setText("Lovely waiting here: she gives him time to answer")
    screen.comments.on_time.click()
    until(lambda: screen.comments.tree.topLevelItemCount() == 1)
    screen.comments.text.setText("Is this a received initiative, or her own?")
    screen.comments.on_visit.click()
    until(lambda: screen.comments.tree.topLevelItemCount() == 2)
    shoot(window, out, "workspace-8-comments")
    window.go_library()
    dialog = window.library.open_supervision()
    until(lambda: dialog.guider.count() > 0)
    dialog.guider.setCurrentIndex(dialog.guider.findData(str(guider.id)))
    until(lambda: dialog.table.item(0, 1) is not None)
    shoot(dialog, out, "supervision-progress")
    dialog.accept()
    window.go_workspace(screen.load.heading.recording_id if screen.load else visit)
    until(lambda: screen.deck.facts is not None)


def main(out: Path) -> None:
    keys.KDF_FLOOR = keys.KdfParams(memory_kib=8 * 1024, iterations=1, parallelism=1)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="attune-shots-"))
    services = AppServices(
        settings=Settings(data_dir=folder / "data"),
        vault_folder=folder / "vault",
        cameras=lambda: [SYNTHETIC],
        open_sources=open_sources,
    )
    actor = sign_in(create_vault(services.vault_folder, PASSWORD).vault)
    film = film_of_a_family(actor)
    window = MainWindow(services, confirm=lambda question, yes: True)
    window.resize(1366, 768)
    window.show()
    window.signed_in(actor)
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    screen = window.workspace
    window.go_workspace(film)
    until(lambda: screen.deck.facts is not None and screen.desk.codebook_id is not None)
    tag_the_film(actor, film, screen.desk.codebook_id)
    screen.leave()
    window.go_workspace(film)
    until(lambda: screen.deck.facts is not None and len(screen.editor.tags) > 60)
    screen.control.seek_ms(254_300)
    shoot(window, out, "workspace-1-whole-film")
    screen.timeline.zoom_in()
    for _ in range(5):
        screen.timeline.zoom_in()
    screen.control.select(252_000, 259_500)
    QTest.keyClick(screen, Qt.Key.Key_3)
    until(lambda: bool(screen.desk.open))
    for _ in range(45):
        QTest.keyClick(screen, Qt.Key.Key_Right)
    settle(300)
    shoot(window, out, "workspace-2-zoomed-coding-a-range")
    QTest.keyClick(screen, Qt.Key.Key_3)
    screen.timeline.zoom_to_frames()
    shoot(window, out, "workspace-3-single-frames")
    QTest.keyClick(screen, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    until(lambda: screen.stills.list.count() == 1)
    screen.stills.caption.setText("I love it when you sing to me, Mummy")
    screen.stills._save_caption()
    until(lambda: "sing" in screen.stills.list.item(0).text())
    shoot(window, out, "workspace-4-stills")
    for start, end in ((252_000, 259_500), (600_000, 608_000), (901_000, 916_000)):
        screen.plan.add_range(start, end)
        settle(200)
    until(lambda: screen.plan.moments.count() == 3)
    screen.side.setCurrentWidget(screen.plan)
    screen.timeline.zoom_to_fit()
    screen.plan.moments.setCurrentRow(0)
    screen.plan.title.setText("You see her reach for you")
    screen.plan.question.setText("What do you think she is telling you here?")
    screen.plan.still.setCurrentIndex(1)
    screen.plan._save()
    settle(300)
    screen.plan._suggest()
    until(lambda: screen.plan.suggestions.count() > 0)
    shoot(window, out, "workspace-5-review-plan")
    editor = screen.books.open_editor()
    settle(600)
    shoot(editor, out, "workspace-6-codebook-editor")
    editor.reject()
    screen.plan.start.click()
    shared = window.shared_review
    until(lambda: shared.review is not None and shared.view.picture is not None)
    shoot(window, out, "shared-review-1-moment")
    shared.hold.click()
    shoot(window, out, "shared-review-2-still")
    QTest.keyClick(shared, Qt.Key.Key_Escape)
    until(lambda: window.current_screen is screen and screen.deck.facts is not None)
    shoot_supervision(window, screen, out)
    exporting = screen.open_export()
    if exporting is not None:
        exporting.what.setCurrentIndex(1)  # the review reel, with its options
        exporting.destination.setText("/home/guider/Documents/review-reel.mp4")
        shoot(exporting, out, "workspace-9-export")
        exporting.reject()
    use_dark_theme(app)
    screen.side.setCurrentWidget(screen.tags)
    screen.control.seek_ms(600_000)
    shoot(window, out, "workspace-7-dark")
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots"))
