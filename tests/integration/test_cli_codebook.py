"""`vfapp codebook list|import|export|install-defaults` as a script uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.integration.test_cli import Run, vfapp


@pytest.fixture
def vault_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VFAPP_PASSWORD", PASSWORD)
    folder = tmp_path / "team-vault"
    assert vfapp("vault", "init", str(folder)).code == 0
    return folder


def codebook(vault_dir: Path, verb: str, *argv: str) -> Run:
    run = vfapp("codebook", verb, "--vault", str(vault_dir), *argv)
    assert "Traceback" not in run.err
    return run


def test_install_list_export_and_import_round_trip(vault_dir: Path, tmp_path: Path) -> None:
    empty = codebook(vault_dir, "list")
    assert empty.code == 0 and "No codebooks yet" in empty.out
    installed = codebook(vault_dir, "install-defaults")
    assert installed.code == 0, installed.err
    assert "Installed the codebook 'Video Interaction Guidance'." in installed.out
    assert "already installed" in codebook(vault_dir, "install-defaults").out

    listed = codebook(vault_dir, "list", "--json")
    assert listed.code == 0, listed.err
    books = json.loads(listed.out)
    assert sorted(b["name"] for b in books) == [
        "Circle of Security", "VIPP-SD themes", "Video Interaction Guidance",
    ]  # fmt: skip

    exported = tmp_path / "vig.json"
    run = codebook(vault_dir, "export", "video interaction guidance", "--output", str(exported))
    assert run.code == 0, run.err
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["codes"][0]["id"] == "VIG-1" and data["codes"][0]["hotkey"] == "1"
    to_stdout = codebook(vault_dir, "export", books[0]["id"])
    assert to_stdout.code == 0 and json.loads(to_stdout.out)["name"] == books[0]["name"]

    twice = codebook(vault_dir, "import", str(exported))
    assert twice.code != 0 and "already used by another codebook" in twice.err

    data["name"] = "Our VIG"
    ours = tmp_path / "ours.json"
    ours.write_text(json.dumps(data), encoding="utf-8")
    run = codebook(vault_dir, "import", str(ours))
    assert run.code == 0, run.err
    assert "Imported the codebook 'Our VIG'" in run.out
    back = json.loads(codebook(vault_dir, "export", "Our VIG").out)
    assert back["codes"] == data["codes"]


def test_a_malformed_file_is_refused_in_words(vault_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "X", "codes": [{"id": "A", "name": "a", "colour": "red"}]}')
    run = codebook(vault_dir, "import", str(bad))
    assert run.code != 0
    assert "The codebook's code number 1 (A) needs a colour written like #4f7ca8." in run.err
    missing = codebook(vault_dir, "import", str(tmp_path / "nowhere.json"))
    assert missing.code != 0 and "could not be read" in missing.err
    assert codebook(vault_dir, "export", "nothing").code != 0
