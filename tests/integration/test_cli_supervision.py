"""`vfapp comment ...` and `vfapp supervision ...` as an administrator or a script uses them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.conftest import PASSWORD
from tests.governance_fixtures import give_consent
from tests.integration.test_cli import vfapp
from vfapp.domain.governance import ConsentTier, Role
from vfapp.governance.actor import sign_in
from vfapp.vault import casework, users
from vfapp.vault.lifecycle import unlock_vault
from vfapp.vault.recordings import begin_recording


def _visit_with_film(folder: Path) -> tuple[str, str]:
    with sign_in(unlock_vault(folder, PASSWORD)) as actor:
        family = casework.find_family(actor.vault, "PIP-0042")
        visit = casework.add_visit(actor.vault, family.id, date(2027, 3, 1)).value
        film = begin_recording(actor.vault, visit.id).value
        with actor.vault.write() as batch:
            users.insert_user(batch, "Gina Guider", Role.GUIDER)
        return str(visit.id), str(film.id)


def test_comments_threads_and_resolving(vault_dir: Path) -> None:
    give_consent(vault_dir, "PIP-0042", ConsentTier.FILMING, ConsentTier.SUPERVISION)
    visit, film = _visit_with_film(vault_dir)
    base = ("--vault", str(vault_dir), "--visit", visit[:13])
    first = vfapp("comment", "add", *base, "Wonderful waiting", "--recording", film, "--at", "4.2")
    assert first.code == 0, first.err
    comment_id = first.out.split(": ")[-1].strip()
    reply = vfapp("comment", "add", *base, "Agreed", "--reply-to", comment_id)
    assert reply.code == 0, reply.err
    assert vfapp("comment", "resolve", "--vault", str(vault_dir), comment_id).code == 0
    listed = vfapp("comment", "list", *base)
    assert listed.code == 0, listed.err
    lines = listed.out.splitlines()
    assert (
        lines[0].startswith("[resolved] ") and "on a time at 4.2 s: Wonderful waiting" in lines[0]
    )
    assert lines[1].strip().endswith(": Agreed")
    rows = vfapp("comment", "list", *base, "--json").json()
    assert isinstance(rows, list) and rows[0]["comment"]["resolved"] is True


def test_sign_off_hours_and_progress(vault_dir: Path) -> None:
    give_consent(vault_dir, "PIP-0042", ConsentTier.FILMING, ConsentTier.SUPERVISION)
    visit, _film = _visit_with_film(vault_dir)
    vault = ("--vault", str(vault_dir))
    signed = vfapp(
        "supervision", "sign-off", *vault, "--visit", visit[:13], "--guider", "Gina Guider"
    )
    assert signed.code == 0, signed.err
    again = vfapp(
        "supervision", "sign-off", *vault, "--visit", visit[:13], "--guider", "Gina Guider"
    )
    assert again.code != 0 and "already signed off" in again.err
    logged = vfapp("supervision", "log", *vault, "--guider", "Gina Guider", "--minutes", "90")
    assert logged.code == 0, logged.err
    shown = vfapp("supervision", "progress", *vault, "--guider", "Gina Guider")
    assert shown.code == 0, shown.err
    assert "Stage 1: 1/6 cycles, 1/2 new clients, 1.5/7 hours of supervision (open)" in shown.out
    nobody = vfapp("supervision", "progress", *vault, "--guider", "Nobody")
    assert nobody.code != 0 and "Nobody" in nobody.err
