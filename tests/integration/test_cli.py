"""The command line as scripts and administrators use it: exit codes, plain errors, JSON."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from vfapp.app import cli
from vfapp.vault.database import DB_NAME

ROOT = Path(__file__).resolve().parents[2]


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> object:
        return json.loads(self.out)


def vfapp(*argv: str, stdin: str = "") -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO(stdin))
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def vault_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VFAPP_PASSWORD", PASSWORD)
    folder = tmp_path / "team-vault"
    made = vfapp("vault", "init", str(folder))
    assert made.code == 0, made.err
    return folder


def test_init_shows_the_recovery_key_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VFAPP_PASSWORD", PASSWORD)
    made = vfapp("vault", "init", str(tmp_path / "v"), "--json")
    key = made.json()["recovery_key"]  # type: ignore[index]
    assert made.code == 0 and len(key.split("-")) == 9
    assert key not in (tmp_path / "v" / "vault.json").read_text()
    human = vfapp("vault", "init", str(tmp_path / "w"))
    assert "shown only this once" in human.out


def test_info_tells_the_facts_without_a_password_or_secrets(vault_dir: Path) -> None:
    info = vfapp("vault", "info", str(vault_dir), "--json").json()
    assert isinstance(info, dict)
    assert info["users"] == ["owner"] and info["has_recovery_key"] is True
    assert not {"salt", "wrapped_key", "nonce", "mac"} & set(json.dumps(info).split('"'))


def test_families_visits_and_recordings_round_trip(vault_dir: Path) -> None:
    v = str(vault_dir)
    assert vfapp("family", "add", "--vault", v, "PIP-0042", "--name", "Jo").code == 0
    assert (
        vfapp("visit", "add", "--vault", v, "--family", "PIP-0042", "--date", "2026-11-20").code
        == 0
    )
    families = vfapp("family", "list", "--vault", v, "--json").json()
    assert [(f["case_code"], f["display_name"]) for f in families] == [("PIP-0042", "Jo")]  # type: ignore[union-attr]
    visits = vfapp("visit", "list", "--vault", v, "--family", "PIP-0042", "--json").json()
    assert [x["visited_on"] for x in visits] == ["2026-11-20"]  # type: ignore[union-attr]
    assert vfapp("recording", "list", "--vault", v).out.strip() == "No recordings yet."


def test_commands_default_to_the_users_own_vault(
    monkeypatch: pytest.MonkeyPatch, isolated_data_dir: Path
) -> None:
    monkeypatch.setenv("VFAPP_PASSWORD", PASSWORD)
    missing = vfapp("family", "list")
    assert missing.code == 1 and str(isolated_data_dir / "vault") in missing.err
    assert vfapp("vault", "init", str(isolated_data_dir / "vault")).code == 0
    assert vfapp("family", "add", "A-1").code == 0
    assert vfapp("family", "list").out.split() == ["A-1"]


def test_a_wrong_password_is_one_plain_sentence_and_exit_code_2(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VFAPP_PASSWORD", "not the password")
    before = (vault_dir / DB_NAME).read_bytes()
    wrong = vfapp("family", "list", "--vault", str(vault_dir))
    assert wrong.code == 2
    assert wrong.err == "That password does not open this vault. Nothing was changed.\n"
    assert (vault_dir / DB_NAME).read_bytes() == before
    for _ in range(2):
        vfapp("family", "list", "--vault", str(vault_dir))
    throttled = vfapp("family", "list", "--vault", str(vault_dir))
    assert throttled.code == 2 and "Please wait 2 seconds" in throttled.err
    assert "Traceback" not in wrong.err + throttled.err


def test_no_password_anywhere_says_how_to_give_one(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VFAPP_PASSWORD")
    result = vfapp("family", "list", "--vault", str(vault_dir))
    assert result.code == 2 and "--password-stdin" in result.err and "VFAPP_PASSWORD" in result.err


def test_passwd_recover_and_users_from_stdin_and_env(
    vault_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VFAPP_PASSWORD")
    v = str(vault_dir)
    changed = vfapp(
        "vault", "passwd", v, "--password-stdin", stdin=f"{PASSWORD}\nsecond passphrase\n"
    )
    assert changed.code == 0, changed.err
    added = vfapp(
        "user",
        "add",
        "--vault",
        v,
        "Sam",
        "--role",
        "practitioner",
        "--password-stdin",
        stdin="second passphrase\nsam's passphrase\n",
    )
    assert added.code == 0, added.err
    assert (
        vfapp(
            "family",
            "list",
            "--vault",
            v,
            "--user",
            "Sam",
            "--password-stdin",
            stdin="sam's passphrase\n",
        ).code
        == 0
    )
    removed = vfapp(
        "user",
        "remove",
        "--vault",
        v,
        "Sam",
        "--user",
        "owner",
        "--password-stdin",
        stdin="second passphrase\n",
    )
    assert removed.code == 0, removed.err
    assert (
        vfapp("family", "list", "--vault", v, "--password-stdin", stdin="sam's passphrase\n").code
        == 2
    )

    key = vfapp(
        "vault",
        "init",
        str(tmp_path / "lost"),
        "--json",
        "--password-stdin",
        stdin="forgotten password\n",
    )
    recovery_key = key.json()["recovery_key"]  # type: ignore[index]
    monkeypatch.setenv("VFAPP_RECOVERY_KEY", recovery_key.lower())
    monkeypatch.setenv("VFAPP_NEW_PASSWORD", "remembered this time")
    recovered = vfapp("vault", "recover", str(tmp_path / "lost"))
    assert recovered.code == 0 and "new password" in recovered.out
    monkeypatch.setenv("VFAPP_PASSWORD", "remembered this time")
    assert vfapp("family", "list", "--vault", str(tmp_path / "lost")).code == 0


def test_verify_exit_code_follows_the_damage(vault_dir: Path) -> None:
    assert vfapp("vault", "verify", str(vault_dir)).out.startswith("The vault is intact")
    (vault_dir / "vault.json").write_text("{")
    damaged = vfapp("vault", "verify", str(vault_dir), "--json")
    assert damaged.code == 1
    report = damaged.json()
    assert isinstance(report, dict) and report["ok"] is False
    assert "vault.json is damaged" in report["problems"][0]["message"]


def test_bad_input_is_worded_plainly(vault_dir: Path) -> None:
    v = str(vault_dir)
    bad_date = vfapp("visit", "add", "--vault", v, "--family", "X", "--date", "26/11/2026")
    assert bad_date.code == 1 and "is not a date like 2026-11-26" in bad_date.err
    bad_code = vfapp("family", "add", "--vault", v, "Mrs Smith")
    assert bad_code.code == 1 and bad_code.err.startswith("The case code must be")
    unknown = vfapp("visit", "list", "--vault", v, "--family", "NOPE")
    assert unknown.code == 1 and "There is no family with case code 'NOPE'" in unknown.err


def test_an_unexpected_failure_hides_the_traceback(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vfapp.app import commands_records

    def broken(*args: object) -> object:
        raise ZeroDivisionError("internal detail")

    monkeypatch.setattr(commands_records.casework, "list_families", broken)
    crashed = vfapp("family", "list", "--vault", str(vault_dir))
    assert crashed.code == cli.EXIT_BUG
    assert "unexpected problem" in crashed.err and "internal detail" not in crashed.err


def test_python_m_vfapp_runs_the_demo_with_the_real_kdf(tmp_path: Path) -> None:
    env = os.environ | {"VFAPP_DATA_DIR": str(tmp_path / "data")}
    env.pop("VFAPP_PASSWORD", None)
    done = subprocess.run(
        [sys.executable, "-m", "vfapp", "demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "300 of 300 frames decode" in done.stdout and "intact" in done.stdout
    assert "The demo vault has been deleted." in done.stdout
