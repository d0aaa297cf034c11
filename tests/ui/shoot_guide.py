"""Extra pictures for the user guide (docs/user-guide/) that the other shoot_* modules do not
make: the comparison of two codings of one film after double coding, at 1366x768 in the light
theme. `xvfb-run -a .venv/bin/python -m tests.ui.shoot_guide [OUT_DIR]`. Not a test: nothing is
asserted; PNGs are never committed by it."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from uuid import UUID

from PySide6.QtWidgets import QApplication

from tests.conftest import PASSWORD
from tests.ui.shoot_recorder import until
from tests.ui.shoot_workspace import film_of_a_family, shoot
from vfapp.app.bootstrap import SYNTHETIC, open_sources
from vfapp.domain.governance import Role
from vfapp.governance import agreement_ops, tag_ops
from vfapp.governance.actor import Actor, sign_in
from vfapp.settings import Settings
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.agreement import AgreementView
from vfapp.ui.services import AppServices
from vfapp.vault import keys, users
from vfapp.vault.lifecycle import create_vault

# (code, start s, end s or None): the first coding, then the blind second coding of the film
FIRST = [
    ("VIG-1", 12.0, None), ("VIG-3", 31.0, 38.0), ("VIG-2", 55.0, None), ("VIG-3", 72.0, None),
    ("VIG-4", 90.0, 97.0), ("VIG-3", 121.0, None), ("VIG-1", 140.0, None),
    ("VIG-5", 166.0, None), ("VIG-3", 190.0, 198.0), ("VIG-2", 215.0, None),
]  # fmt: skip
SECOND = [
    ("VIG-1", 12.4, None), ("VIG-3", 31.5, 38.5), ("VIG-2", 55.3, None), ("VIG-2", 72.2, None),
    ("VIG-4", 91.0, 97.0), ("VIG-3", 121.2, None), ("VIG-5", 166.4, None),
    ("VIG-3", 190.5, 197.0), ("VIG-6", 230.0, None),
]  # fmt: skip


def code(actor: Actor, film: UUID, book: UUID | None, moments: list) -> None:  # type: ignore[type-arg]
    for which, start, end in moments:
        end_ms = None if end is None else round(end * 1000)
        tag_ops.add_tag(actor, film, round(start * 1000), end_ms, which, book)


def main(out: Path) -> None:
    keys.KDF_FLOOR = keys.KdfParams(memory_kib=8 * 1024, iterations=1, parallelism=1)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="attune-guide-shots-"))
    services = AppServices(
        settings=Settings(data_dir=folder / "data"),
        vault_folder=folder / "vault",
        cameras=lambda: [SYNTHETIC],
        open_sources=open_sources,
    )
    gina = sign_in(create_vault(services.vault_folder, PASSWORD, user="Gina Guider").vault)
    film = film_of_a_family(gina)
    window = MainWindow(services, confirm=lambda question, yes: True)
    window.resize(1366, 768)
    window.show()
    window.signed_in(gina)
    screen = window.workspace
    window.go_workspace(film)
    until(lambda: screen.deck.facts is not None and screen.desk.codebook_id is not None)
    book = screen.desk.codebook_id
    code(gina, film, book, FIRST)
    with gina.vault.write() as batch:
        ben = Actor(gina.vault, users.insert_user(batch, "Ben Carter", Role.GUIDER))
    agreement_ops.start_pass(ben, film)
    code(ben, film, book, SECOND)
    agreement_ops.finish_pass(ben, film)
    view = AgreementView(window, window, film)
    view.resize(1366, 768)
    view.open()
    until(lambda: view.comparison is not None or view.banner.isVisible())
    shoot(view, out, "agreement-comparison")
    view.reject()
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots"))
