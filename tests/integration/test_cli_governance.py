"""`vfapp user`, `vfapp retention` and the consent gate on `vfapp record`, as an admin and a
practitioner would use them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.governance_fixtures import give_consent
from tests.integration.test_cli import vfapp

OTHER = "a different long password"


@pytest.fixture
def vault_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VFAPP_PASSWORD", PASSWORD)
    folder = tmp_path / "vault"
    assert vfapp("vault", "init", str(folder), "--user", "Ana").code == 0
    assert vfapp("family", "add", "--vault", str(folder), "PIP-7").code == 0
    return folder


def test_an_admin_adds_a_practitioner_who_then_cannot_manage_users(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    v = str(vault_dir)
    monkeypatch.setenv("VFAPP_NEW_PASSWORD", OTHER)
    added = vfapp("user", "add", "--vault", v, "Ben Carter", "--role", "practitioner")
    assert added.code == 0, added.err
    assert "Added Ben Carter as practitioner" in added.out
    listed = vfapp("user", "list", "--vault", v, "--json")
    assert [(u["name"], u["role"]) for u in json.loads(listed.out)] == [
        ("Ana", "admin"),
        ("Ben Carter", "practitioner"),
    ]

    monkeypatch.setenv("VFAPP_PASSWORD", OTHER)
    refused = vfapp("user", "add", "--vault", v, "--user", "Ben Carter", "Eve", "--role", "admin")
    assert refused.code == 3
    assert refused.err.strip() == (
        "Ben Carter is signed in as a practitioner, and practitioners cannot manage the "
        "vault's users. Ask your team's admin if you need to."
    )
    monkeypatch.setenv("VFAPP_NEW_PASSWORD", "Ben's own new password")
    assert vfapp("user", "passwd", "--vault", v, "--user", "Ben Carter").code == 0

    monkeypatch.setenv("VFAPP_PASSWORD", PASSWORD)
    assert vfapp("user", "role", "--vault", v, "Ben Carter", "guider").code == 0
    gone = vfapp("user", "remove", "--vault", v, "Ben Carter")
    assert gone.code == 0 and "no longer opens this vault" in gone.out
    monkeypatch.setenv("VFAPP_PASSWORD", "Ben's own new password")
    assert vfapp("family", "list", "--vault", v, "--user", "Ben Carter").code != 0


def test_filming_needs_consent_and_says_which(vault_dir: Path) -> None:
    v = str(vault_dir)
    args = ("record", "--vault", v, "--family", "PIP-7", "--seconds", "1", "--fast")
    refused = vfapp(*args, "--size", "160x120")
    assert refused.code == 3
    assert refused.err.strip() == (
        "Cannot film for family PIP-7: the family has not given consent to filming."
    )
    give_consent(vault_dir, "PIP-7")
    assert vfapp(*args, "--size", "160x120").code == 0
    # An equipment check without a family needs no family's consent.
    check = ("record", "--vault", v, "--seconds", "1", "--fast", "--size", "160x120")
    assert vfapp(*check).code == 0


def test_retention_policy_and_run(vault_dir: Path) -> None:
    v = str(vault_dir)
    give_consent(vault_dir, "PIP-7")
    made = vfapp("record", "--vault", v, "--family", "PIP-7", "--seconds", "1", "--fast",
                 "--size", "160x120", "--json")  # fmt: skip
    assert made.code == 0, made.err
    shown = vfapp("retention", "policy", "--vault", v)
    assert "raw recordings           deleted 61 days after the family's involvement ends" in (
        shown.out
    )
    changed = vfapp("retention", "policy", "--vault", v, "--kind", "raw_recording",
                    "--keep-days", "0")  # fmt: skip
    assert changed.code == 0 and "deleted 0 days after" in changed.out

    assert "Nothing is due for deletion." in vfapp("retention", "run", "--vault", v).out
    yesterday = str(date.today() - timedelta(days=1))
    early = vfapp("family", "close", "--vault", v, "PIP-7", "--on", yesterday)
    assert early.code == 1 and f"is before PIP-7's last visit, on {date.today()}" in early.err
    closed = vfapp("family", "close", "--vault", v, "PIP-7")
    assert closed.code == 0 and f"involvement ended on {date.today()}" in closed.out
    dry = vfapp("retention", "run", "--vault", v, "--dry-run")
    assert "1 item(s) would be deleted:" in dry.out and "Nothing was deleted (dry run)" in dry.out
    assert len(vfapp("recording", "list", "--vault", v, "--json").json()) == 1  # type: ignore[arg-type]
    done = vfapp("retention", "run", "--vault", v)
    assert "1 item(s) deleted:" in done.out and "PIP-7" in done.out
    assert vfapp("recording", "list", "--vault", v, "--json").json() == []
    log = vfapp("retention", "log", "--vault", v)
    assert "raw_recording" in log.out and "retention: raw recordings: 0 days" in log.out
    assert "PIP-7" not in log.out  # the deletion record holds no case code


def test_the_recovery_key_cannot_make_a_new_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VFAPP_PASSWORD", PASSWORD)
    folder = str(tmp_path / "fresh")
    made = vfapp("vault", "init", folder, "--json")
    monkeypatch.setenv("VFAPP_RECOVERY_KEY", made.json()["recovery_key"])  # type: ignore[index]
    monkeypatch.setenv("VFAPP_NEW_PASSWORD", "mallory's own password")
    taken = vfapp("vault", "recover", folder, "--user", "mallory")
    assert taken.code == 1
    assert taken.err.strip() == "There is no user called 'mallory'; the vault's users are: owner."
    users = vfapp("user", "list", "--vault", folder, "--json").json()
    assert [(u["name"], u["role"]) for u in users] == [("owner", "admin")]  # type: ignore[index,union-attr]
