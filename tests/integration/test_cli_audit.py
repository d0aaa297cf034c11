"""`vfapp audit verify|show` as an administrator uses them: exit codes, one-line verdicts, the
access report as text and CSV, new files only, and admin only (a refusal is audited)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.integration.test_cli import vfapp
from vfapp.domain.governance import Role
from vfapp.vault import slots, users
from vfapp.vault.lifecycle import unlock_vault

OTHER_PASSWORD = "a different long password"


@pytest.fixture
def vault_dir(vault_dir: Path) -> Path:
    """The shared vault (PIP-0042), with a second family."""
    assert vfapp("family", "add", "--vault", str(vault_dir), "PIP-0099").code == 0
    return vault_dir


def tamper(folder: Path, *statements: str) -> None:
    """Change the trail directly, as someone holding the vault's key could."""
    vault = unlock_vault(folder, PASSWORD)
    try:
        for verb in ("update", "delete"):
            vault.db.execute(f"DROP TRIGGER IF EXISTS audit_events_no_{verb}")
        for statement in statements:
            vault.db.execute(statement)
    finally:
        vault.lock()


def add_practitioner(folder: Path) -> None:
    vault = unlock_vault(folder, PASSWORD)
    try:
        slots.add_user(vault, "Sam Practitioner", OTHER_PASSWORD)
        with vault.write() as batch:
            users.insert_user(batch, "Sam Practitioner", Role.PRACTITIONER)
    finally:
        vault.lock()


def test_verify_a_clean_trail(vault_dir: Path) -> None:
    v = str(vault_dir)
    for _ in range(3):
        vfapp("family", "list", "--vault", v)
    run = vfapp("audit", "verify", "--vault", v)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("The audit trail is intact: ")
    assert "events from 1 device(s), checked up to " in lines[0] and lines[0].endswith(" UTC.")
    verdict = vfapp("audit", "verify", "--vault", v, "--json").json()
    assert isinstance(verdict, dict) and verdict["ok"] is True and verdict["problems"] == []


@pytest.mark.parametrize(
    ("statements", "named"),
    [
        (["UPDATE audit_events SET action = 'recording.export' WHERE seq = 2"], "event 2 of"),
        (["DELETE FROM audit_events WHERE seq = 2"], "event 3 of"),
        (["UPDATE audit_heads SET signature = zeroblob(64)"], "the head was altered or forged"),
        (["UPDATE audit_events SET outcome = 'perhaps' WHERE seq = 1"], "cannot be read"),
    ],
)
def test_verify_names_the_first_bad_event(
    vault_dir: Path, statements: list[str], named: str
) -> None:
    tamper(vault_dir, *statements)
    run = vfapp("audit", "verify", "--vault", str(vault_dir))
    assert run.code == 1, run.err
    assert run.out.startswith("The audit trail is NOT intact. The first bad event is ")
    assert named in run.out and len(run.out.splitlines()) == 1


def test_verify_still_sees_events_cut_from_the_end_after_more_were_written(
    vault_dir: Path,
) -> None:
    tamper(
        vault_dir, "DELETE FROM audit_events WHERE seq >= (SELECT max(seq) - 1 FROM audit_events)"
    )
    for _ in range(2):
        assert vfapp("family", "list", "--vault", str(vault_dir)).code == 0
    run = vfapp("audit", "verify", "--vault", str(vault_dir), "--json")
    assert run.code == 1
    assert run.json()["ok"] is False  # type: ignore[index]


def test_only_an_admin_may_verify_or_read_and_the_refusal_is_in_the_report(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    v = str(vault_dir)
    add_practitioner(vault_dir)
    monkeypatch.setenv("VFAPP_PASSWORD", OTHER_PASSWORD)
    for verb in ("verify", "show"):
        refused = vfapp("audit", verb, "--vault", v, "--user", "Sam Practitioner")
        assert refused.code == 3 and "cannot read the audit trail" in refused.err
        assert refused.out == ""
    monkeypatch.setenv("VFAPP_PASSWORD", PASSWORD)
    report = vfapp("audit", "show", "--vault", v).out
    refusals = [line for line in report.splitlines() if "refused: read the audit trail" in line]
    assert len(refusals) == 2 and all("Sam Practitioner (practitioner)" in r for r in refusals)
    assert vfapp("audit", "verify", "--vault", v).code == 0


def test_show_as_text_and_filtered(vault_dir: Path) -> None:
    v = str(vault_dir)
    text = vfapp("audit", "show", "--vault", v)
    assert text.code == 0, text.err
    lines = text.out.splitlines()
    assert lines[0].startswith("Access report: ") and lines[1].split()[:3] == [
        "time",
        "(UTC)",
        "who",
    ]
    assert any("owner (admin)" in line and "signed in" in line for line in lines)
    family = vfapp("audit", "show", "--vault", v, "--family", "PIP-0099")
    assert family.code == 0 and family.out.startswith("Access report for family PIP-0099")
    assert "PIP-0042" not in family.out
    future = vfapp("audit", "show", "--vault", v, "--since", "2999-01-01")
    assert future.out.splitlines()[0] == "Access report from 1 January 2999: 0 events."
    bad = vfapp("audit", "show", "--vault", v, "--since", "last week")
    assert bad.code == 1 and "not a date like 2027-03-01" in bad.err
    unknown = vfapp("audit", "show", "--vault", v, "--family", "PIP-7777")
    assert unknown.code == 1 and "PIP-7777" in unknown.err


def test_show_writes_csv_to_a_new_file_only(vault_dir: Path, tmp_path: Path) -> None:
    v, target = str(vault_dir), tmp_path / "access.csv"
    made = vfapp("audit", "show", "--vault", v, "--format", "csv", "--output", str(target))
    assert made.code == 0 and made.out == "" and "not encrypted" in made.err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert rows and set(rows[0]) == {"time (UTC)", "who", "what", "record", "family", "device"}
    assert rows[-1]["what"] == "read the access report"
    before = target.read_bytes()
    again = vfapp("audit", "show", "--vault", v, "--format", "csv", "--output", str(target))
    assert again.code == 1 and "already exists" in again.err and "--force" in again.err
    assert target.read_bytes() == before
    forced = vfapp(
        "audit", "show", "--vault", v, "--format", "csv", "--output", str(target), "--force"
    )
    assert forced.code == 0 and target.read_bytes() != before
