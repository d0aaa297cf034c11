"""`vfapp agreement start|finish|list|compare` as a team uses it: a second guider codes blind
under their own name, then the two codings are compared, in words and as JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.governance_fixtures import give_consent
from tests.integration.test_cli import Run, vfapp
from tests.integration.test_cli_tag import _film

BEN = "Ben's long passphrase"


def as_ben(monkeypatch: pytest.MonkeyPatch, *argv: str) -> Run:
    monkeypatch.setenv("VFAPP_PASSWORD", BEN)
    try:
        return vfapp(*argv, "--user", "Ben Carter")
    finally:
        monkeypatch.setenv("VFAPP_PASSWORD", PASSWORD)


def test_a_blind_second_coding_then_the_comparison(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    give_consent(vault_dir, "PIP-0042")
    recording, codebook = _film(vault_dir)
    v = str(vault_dir)
    film = ("--vault", v, "--recording", str(recording)[-12:])
    book = ("--codebook", str(codebook))
    monkeypatch.setenv("VFAPP_NEW_PASSWORD", BEN)
    assert vfapp("user", "add", "--vault", v, "Ben Carter", "--role", "guider").code == 0
    for at, code in (("2", "VIG-1"), ("9", "VIG-3"), ("20", "VIG-3")):
        assert vfapp("tag", "add", *film, "--at", at, "--code", code, *book).code == 0

    started = as_ben(monkeypatch, "agreement", "start", *film)
    assert started.code == 0, started.err
    assert started.out.startswith("Your coding of this film is open (blind).")
    hidden = as_ben(monkeypatch, "tag", "list", *film)
    assert "has no tags or markers yet" in hidden.out  # not even the marker made while filming
    for at, code in (("2.6", "VIG-1"), ("9.2", "VIG-1")):
        assert as_ben(monkeypatch, "tag", "add", *film, "--at", at, "--code", code, *book).code == 0
    early = vfapp("agreement", "compare", *film)
    assert early.code == 1 and early.err.strip() == (
        "Ben Carter is still coding this film; the codings can be compared once they finish."
    )
    assert as_ben(monkeypatch, "agreement", "finish", *film).code == 0

    listed = vfapp("agreement", "list", *film).out.splitlines()
    assert listed[0] == "owner: first coding, 3 coded tags"
    assert listed[1].startswith("Ben Carter: pass ") and listed[1].endswith(
        ", blind, finished, 2 coded tags"
    )
    words = vfapp("agreement", "compare", *film)
    assert words.code == 0, words.err
    out = words.out.splitlines()
    assert out[2] == (
        "Points match within ± 1 s; ranges when their intersection over union is at least 50%."
    )
    assert out[4] == "Kappa 0.14; agreement 33.3% (1 of 3 moments)."
    assert "Disagreements:" in out
    assert "  0:09.0  owner coded VIG-3 at 0:09.0; Ben Carter coded VIG-1 at 0:09.2." in out
    assert "  0:20.0  owner coded VIG-3 at 0:20.0; Ben Carter coded nothing to match it." in out
    assert "VIG-1              1         0         1       50%      0.40" in out

    data = vfapp("agreement", "compare", *film, "--tolerance-ms", "300", "--json").json()
    assert isinstance(data, dict)
    got = data["agreement"]
    assert (got["moments"], got["agreements"], got["settings"]["tolerance_ms"]) == (4, 0, 300)
    assert [p["kind"] for p in got["pairs"]] == ["a_only", "b_only", "different", "a_only"]
    assert data["first"]["pass_id"] is None and data["second"]["coder"] == "Ben Carter"
    ben_pass = data["second"]["pass_id"]
    chosen = vfapp("agreement", "compare", *film, "--first", "first", "--second", ben_pass[-10:])
    assert chosen.code == 0 and chosen.out == words.out


def test_refusals_are_plain_sentences(vault_dir: Path) -> None:
    recording, _ = _film(vault_dir)
    film = ("--vault", str(vault_dir), "--recording", str(recording)[:13])
    refused = vfapp("agreement", "start", *film)
    assert refused.code == 3 and "PIP-0042" in refused.err and "Traceback" not in refused.err
    give_consent(vault_dir, "PIP-0042")
    nothing = vfapp("agreement", "finish", *film)
    assert nothing.code == 1
    assert nothing.err.strip() == "You have no coding of this film of your own to finish."
    overlap = vfapp("agreement", "compare", *film, "--overlap", "0")
    assert overlap.code != 0 and "--overlap 1 to 100" in overlap.err
    none = vfapp("agreement", "compare", *film)
    assert none.err.strip() == "Nobody has coded this film a second time yet: nothing to compare."
    unknown = vfapp("agreement", "compare", *film, "--second", "deadbeefdead")
    assert "names no single coding of this film" in unknown.err
