"""Pictures of the sync screen at 1366x768: before a team (and creating one), then in a team
with a film coming down, a note changed in two places, the team's laptops and someone asking
to join: `python -m tests.ui.shoot_sync [OUT_DIR]`. Not a test: nothing is asserted."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from tests.conftest import PASSWORD
from tests.sync.devices import Device
from tests.ui.shoot_recorder import settle, until
from tests.ui.sync_flows import add_laptop, film_with_a_note
from vfapp.app.bootstrap import SYNTHETIC, open_sources
from vfapp.governance.actor import sign_in
from vfapp.governance.tag_ops import update_tag
from vfapp.settings import Settings
from vfapp.sync.folder_store import FolderStore
from vfapp.sync.media import FilmProgress
from vfapp.sync.team import join_team, make_invite
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.sync import choosers
from vfapp.ui.screens.sync.team_dialogs import CreateTeamDialog
from vfapp.ui.services import AppServices
from vfapp.vault import keys
from vfapp.vault.lifecycle import create_vault


def shoot(widget: QWidget, out: Path, name: str) -> None:
    settle(300)
    target = out / f"{name}.png"
    widget.grab().save(str(target))
    print(target)


def main(out: Path) -> None:
    keys.KDF_FLOOR = keys.KdfParams(memory_kib=8 * 1024, iterations=1, parallelism=1)
    keys.calibrate = lambda *a, **k: keys.KDF_FLOOR  # type: ignore[assignment]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="attune-sync-shots-"))
    folder = root / "Team folder on the shared drive"
    folder.mkdir()
    services = AppServices(
        settings=Settings(data_dir=root / "data"),
        vault_folder=root / "vault",
        cameras=lambda: [SYNTHETIC],
        open_sources=open_sources,
    )
    ana = sign_in(create_vault(services.vault_folder, PASSWORD, user="Ana Admin").vault)
    window = MainWindow(services, confirm=lambda question, yes: True)
    window.resize(1366, 768)
    window.show()
    window.signed_in(ana)
    window.go_sync()
    screen = window.sync
    until(lambda: not window.background.busy)
    shoot(window, out, "sync-1-not-in-a-team")
    screen.act.create_team()
    dialog = screen.act.dialog
    assert isinstance(dialog, CreateTeamDialog)
    dialog.name.setText("Riverside Parent-Infant Team")
    choosers.choose_folder = lambda *_a: str(folder)  # type: ignore[assignment]
    dialog.folder.choose.click()
    dialog.make.click()
    until(lambda: dialog.key.text() != "")
    shoot(dialog, out, "sync-2-recovery-key")
    dialog.written.setChecked(True)
    dialog.finish.click()
    store = FolderStore(folder)
    pat = add_laptop(
        ana, _vault(root, "Pat Practitioner"), store, "practitioner", "Pat Practitioner"
    )
    tag = film_with_a_note(pat, "PIP-0100", "Mum waits for his reply")
    pat.sync()
    Device(ana.vault, store).sync(films=False)  # the film is announced, not yet fetched
    update_tag(pat.actor, tag, note="Mum waits, then names what he feels")
    pat.sync()
    update_tag(ana, tag, note="Mum waits for his reply and smiles")
    Device(ana.vault, store).sync(films=False)
    sam = Device(_vault(root, "Sam Supervisor"), store)
    invite = make_invite(ana, "supervisor", "Sam Supervisor")
    join_team(sam.actor, invite.file_bytes, invite.passphrase, store)
    window.go_sync()
    until(lambda: not window.background.busy and screen.team.devices.asking.count() > 0)
    shoot(window, out, "sync-3-in-a-team")
    screen.overall.show()
    screen.sync.setEnabled(False)
    screen.doing.setText("Syncing with the team store…")
    for film in screen.status.films if screen.status else ():
        screen.team.films.moved(FilmProgress(recording_id=film.recording_id,
                                             direction="down", done=film.total // 3 or 1,
                                             total=film.total))  # fmt: skip
    shoot(window, out, "sync-4-syncing")
    window.go_library()
    until(lambda: not window.background.busy)
    window.close()


def _vault(root: Path, name: str):  # type: ignore[no-untyped-def]
    return create_vault(root / name.replace(" ", "-"), PASSWORD, user=name).vault


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots"))
