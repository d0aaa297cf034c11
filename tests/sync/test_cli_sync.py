"""`vfapp team create|invite|join|devices` and `vfapp sync`, as an admin and a practitioner
would type them, on a team folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.integration.test_cli import vfapp
from vfapp.governance.actor import sign_in
from vfapp.vault import casework
from vfapp.vault.lifecycle import unlock_vault


def test_a_team_made_joined_approved_and_synced_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VFAPP_PASSWORD", PASSWORD)
    store, office, home = tmp_path / "share", tmp_path / "office", tmp_path / "laptop"
    store.mkdir()
    for folder in (office, home):
        assert vfapp("vault", "init", str(folder)).code == 0
    made = vfapp(
        "team", "create", "--vault", str(office), "--name", "North PIP", "--folder", str(store)
    )
    assert made.code == 0, made.err
    assert len(made.out.strip().splitlines()[-1].split("-")) == 9  # the recovery key
    invite_file = tmp_path / "sam.attune-invite"
    invited = vfapp("team", "invite", "--vault", str(office), "--role", "practitioner",
                    "--person", "Sam", "--out", str(invite_file))  # fmt: skip
    assert invited.code == 0, invited.err
    passphrase = invited.out.strip().splitlines()[-1]
    assert passphrase not in invite_file.read_text()
    monkeypatch.setenv("VFAPP_INVITE_PASSPHRASE", "WRONG-WRONG-WRONG-WRONG")
    wrong = vfapp("team", "join", "--vault", str(home), str(invite_file), "--folder", str(store))
    assert wrong.code != 0 and "passphrase does not open this invite" in wrong.err
    monkeypatch.setenv("VFAPP_INVITE_PASSPHRASE", passphrase)
    joined = vfapp("team", "join", "--vault", str(home), str(invite_file), "--folder", str(store))
    assert joined.code == 0, joined.err
    waiting = vfapp("sync", "--vault", str(home))
    assert waiting.code == 0 and "waiting for an admin" in waiting.out
    listed = vfapp("team", "devices", "--vault", str(office))
    asking = [line for line in listed.out.splitlines() if line.startswith("Asking to join")]
    assert len(asking) == 1 and "Sam as practitioner" in asking[0]
    device = asking[0].split()[3]
    approved = vfapp("team", "devices", "--vault", str(office), "--approve", device)
    assert approved.code == 0 and "now in the team" in approved.out, approved.err
    assert vfapp("family", "add", "--vault", str(home), "PIP-0077").code == 0
    assert vfapp("sync", "--vault", str(home)).code == 0
    synced = vfapp("sync", "--vault", str(office), "--json")
    assert synced.code == 0, synced.err
    assert synced.json()["ops_applied"] >= 1  # type: ignore[index]
    with sign_in(unlock_vault(office, PASSWORD)) as actor:
        assert [f.case_code for f in casework.list_families(actor.vault)] == ["PIP-0077"]
    devices = vfapp("team", "devices", "--vault", str(home), "--json").json()
    assert {d["person"] for d in devices["devices"]} >= {"Sam", "Recovery key"}  # type: ignore[index]


def test_a_lost_admin_laptop_is_replaced_with_the_recovery_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VFAPP_PASSWORD", PASSWORD)
    store, office, spare = tmp_path / "share", tmp_path / "office", tmp_path / "spare"
    store.mkdir()
    for folder in (office, spare):
        assert vfapp("vault", "init", str(folder)).code == 0
    made = vfapp(
        "team", "create", "--vault", str(office), "--name", "North PIP", "--folder", str(store)
    )
    key = made.out.strip().splitlines()[-1]
    assert vfapp("family", "add", "--vault", str(office), "PIP-0078").code == 0
    assert vfapp("sync", "--vault", str(office)).code == 0
    monkeypatch.setenv("VFAPP_RECOVERY_KEY", key)
    recovered = vfapp("team", "recover", "--vault", str(spare), "--folder", str(store))
    assert recovered.code == 0 and "now the admin of North PIP" in recovered.out, recovered.err
    assert vfapp("sync", "--vault", str(spare)).code == 0
    with sign_in(unlock_vault(spare, PASSWORD)) as actor:
        assert [f.case_code for f in casework.list_families(actor.vault)] == ["PIP-0078"]
