"""`vfapp tag add|list` as a script uses them: by a recording id prefix, in words or JSON."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from uuid import UUID

from tests.conftest import PASSWORD
from tests.governance_fixtures import give_consent
from tests.integration.test_cli import vfapp
from tests.unit.governance.test_tags import make_codebook
from vfapp.governance.actor import sign_in
from vfapp.vault import casework
from vfapp.vault.lifecycle import unlock_vault
from vfapp.vault.markers import add_marker
from vfapp.vault.recordings import begin_recording


def _film(folder: Path) -> tuple[UUID, UUID]:
    """A film with one marker, and a codebook: (recording id, codebook id)."""
    vault = unlock_vault(folder, PASSWORD)
    with sign_in(vault) as actor:
        family = casework.find_family(actor.vault, "PIP-0042")
        visit = casework.add_visit(actor.vault, family.id, date(2027, 3, 1)).value
        recording = begin_recording(actor.vault, visit.id).value
        add_marker(actor.vault, recording.id, 9_000, note="reached out")
        return recording.id, make_codebook(actor.vault)


def test_add_and_list_by_a_recording_id_prefix(vault_dir: Path) -> None:
    give_consent(vault_dir, "PIP-0042")
    recording, codebook = _film(vault_dir)
    prefix = str(recording)[-12:]
    base = ("--vault", str(vault_dir), "--recording", prefix)
    coded = ("--code", "VIG-3", "--codebook", str(codebook), "--actor", "infant")
    made = vfapp("tag", "add", *base, "--at", "2.5", "--to", "4", *coded, "--note", "big smile")
    assert made.code == 0, made.err
    assert made.out.startswith("Tagged 2.5 s to 4.0 s  VIG-3  (infant)  big smile")
    point = vfapp("tag", "add", *base, "--at", "1", "--json")
    assert point.code == 0, point.err
    made_json = point.json()
    assert isinstance(made_json, dict) and made_json["start_ms"] == 1_000

    listed = vfapp("tag", "list", *base)
    assert listed.code == 0, listed.err
    assert listed.out.splitlines() == [
        "1.0 s  uncoded  (parent)",
        "2.5 s to 4.0 s  VIG-3  (infant)  big smile",
        "9.0 s  marker, uncoded  (parent)  reached out",
    ]
    rows = vfapp("tag", "list", *base, "--json").json()
    assert isinstance(rows, list)
    assert [(r["start_ms"], r["code"]) for r in rows] == [(1_000, None), (2_500, "VIG-3"),
                                                          (9_000, None)]  # fmt: skip


def test_refusals_are_plain_sentences(vault_dir: Path) -> None:
    recording, codebook = _film(vault_dir)
    base = ("--vault", str(vault_dir), "--recording", str(recording)[:13])
    refused = vfapp("tag", "add", *base, "--at", "1")
    assert refused.code == 3
    assert "PIP-0042" in refused.err and "Traceback" not in refused.err
    give_consent(vault_dir, "PIP-0042")
    unknown = vfapp("tag", "add", *base, "--at", "1", "--code", "NOPE", "--codebook",
                    str(codebook))  # fmt: skip
    assert unknown.code != 0
    assert "'NOPE' is not in the codebook 'VIG'" in unknown.err
    short = vfapp("tag", "list", "--vault", str(vault_dir), "--recording", "abc")
    assert short.code != 0 and "at least 8" in short.err
