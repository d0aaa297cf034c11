"""`vfapp still list|add` and `vfapp plan show|suggest` as a script uses them: by id prefixes,
in words or JSON, refusals in plain sentences."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest

from tests.conftest import PASSWORD
from tests.governance_fixtures import give_consent
from tests.integration.test_cli import vfapp
from tests.integration.test_stills import make_film
from vfapp.governance import codebook_ops, plan_ops, tag_ops
from vfapp.governance.actor import sign_in
from vfapp.vault.lifecycle import unlock_vault
from vfapp.vault.recordings import get_recording


def _film(folder: Path) -> tuple[UUID, UUID]:
    """A real 4 s film of PIP-0042: (recording id, visit id)."""
    with sign_in(unlock_vault(folder, PASSWORD)) as actor:
        film = make_film(actor.vault)
        return film, get_recording(actor.vault, film).visit_id


def test_stills_are_made_and_listed_by_a_recording_id_prefix(vault_dir: Path) -> None:
    give_consent(vault_dir, "PIP-0042")
    film, _visit = _film(vault_dir)
    base = ("--vault", str(vault_dir), "--recording", str(film)[-12:])
    assert vfapp("still", "list", *base).out == f"Recording {film} has no stills yet.\n"
    made = vfapp("still", "add", *base, "--frame", "30", "--caption", "Hello, Mummy!")
    assert made.code == 0, made.err
    first, second = made.out.splitlines()
    assert first == "Still made: frame 30 at 1.00 s, 320x240  Hello, Mummy!"
    still_id = second.removeprefix("Still id: ")
    made_json = vfapp("still", "add", *base, "--frame", "3", "--json")
    assert made_json.code == 0, made_json.err
    data = made_json.json()
    assert isinstance(data, dict) and (data["frame_number"], data["caption"]) == (3, None)
    assert "picture" not in data

    listed = vfapp("still", "list", *base)
    assert listed.code == 0, listed.err
    assert listed.out.splitlines() == [
        f"frame 3 at 0.10 s, 320x240  {data['id']}",
        f"frame 30 at 1.00 s, 320x240  Hello, Mummy!  {still_id}",
    ]
    rows = vfapp("still", "list", *base, "--json").json()
    assert isinstance(rows, list) and [r["frame_number"] for r in rows] == [3, 30]


def test_a_plan_is_shown_with_its_notes_in_words_and_json(vault_dir: Path) -> None:
    give_consent(vault_dir, "PIP-0042")
    film, visit = _film(vault_dir)
    base = ("--vault", str(vault_dir), "--visit", str(visit)[:13])
    assert vfapp("plan", "show", *base).out == f"Visit {visit} has no moments planned yet.\n"
    with sign_in(unlock_vault(vault_dir, PASSWORD)) as actor:
        plan_ops.add_moment(actor, visit, film, 500, 3_500, "Rolling the ball", "What next?")
        plan_ops.add_moment(actor, visit, film, 0, 2_000, "Peekaboo")
    shown = vfapp("plan", "show", *base)
    assert shown.code == 0, shown.err
    assert shown.out.splitlines() == [
        "1. 0.5 s to 3.5 s  Rolling the ball  (What next?)",
        "2. 0.0 s to 2.0 s  Peekaboo",
        "Note: Moment 2 has no question yet to wonder about with the parent.",
    ]
    plan = vfapp("plan", "show", *base, "--json").json()
    assert isinstance(plan, dict)
    assert [m["title"] for m in plan["moments"]] == ["Rolling the ball", "Peekaboo"]
    assert [n["kind"] for n in plan["notes"]] == ["no_question"]


def test_suggestions_in_words_and_json(vault_dir: Path) -> None:
    give_consent(vault_dir, "PIP-0042")
    film, _visit = _film(vault_dir)
    base = ("--vault", str(vault_dir), "--recording", str(film)[:13])
    none_yet = vfapp("plan", "suggest", *base)
    assert none_yet.out == f"Recording {film} has no coded tags to suggest moments from yet.\n"
    with sign_in(unlock_vault(vault_dir, PASSWORD)) as actor:
        (vig, *_) = codebook_ops.install_default_codebooks(actor)
        for ms in (1_000, 2_500):
            tag_ops.add_tag(actor, film, ms, code="VIG-3", codebook_id=vig.id)
    said = vfapp("plan", "suggest", *base)
    assert said.code == 0, said.err
    assert said.out.splitlines() == ["1. 2 received initiatives in 4 s, 0:00-0:04"]
    rows = vfapp("plan", "suggest", *base, "--json").json()
    assert isinstance(rows, list)
    assert [(r["start_ms"], r["end_ms"], r["covered_ms"]) for r in rows] == [(0, 3_500, 3_500)]


def test_refusals_are_plain_sentences(vault_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    film, visit = _film(vault_dir)
    base = ("--vault", str(vault_dir), "--recording", str(film)[:13])
    refused = vfapp("still", "add", *base, "--frame", "1")
    assert refused.code == 3
    assert "PIP-0042" in refused.err and "Traceback" not in refused.err
    give_consent(vault_dir, "PIP-0042")
    beyond = vfapp("still", "add", *base, "--frame", "100000")
    assert beyond.code == 1
    assert beyond.err.startswith("The frame number 100000 is not in the film")
    with pytest.raises(SystemExit):
        vfapp("still", "add", *base, "--frame", "-1")
    assert "'-1' is not a frame number (they start at 0)" in capsys.readouterr().err
    short = vfapp("plan", "show", "--vault", str(vault_dir), "--visit", "abc")
    assert short.code != 0 and "at least 8" in short.err
    unknown = vfapp("plan", "show", "--vault", str(vault_dir), "--visit", "ffffffffffff")
    assert unknown.code != 0 and "There is no visit 'ffffffffffff'" in unknown.err
    assert str(visit) not in unknown.err
