"""`vfapp export csv|eaf|boris` and `vfapp import-codes` as scripts use them: a deliberate
purpose, plain refusals with exit codes, words or JSON, and real files of other tools."""

from __future__ import annotations

import csv
import io
import json
import signal
from datetime import date
from fractions import Fraction
from pathlib import Path
from uuid import UUID

import numpy as np
import pympi
import pytest

from tests.conftest import PASSWORD
from tests.governance_fixtures import give_consent
from tests.integration.test_cli import vfapp
from tests.unit.domain.interchange.sheets import corpus_file
from vfapp.app import commands_export_codes
from vfapp.domain.codebooks_logic import codebook_json
from vfapp.domain.exports import ExportCancelled
from vfapp.domain.governance import ConsentTier
from vfapp.domain.interchange.csv_codes import COLUMNS
from vfapp.domain.tagging import Code, CodebookContent, TagActor
from vfapp.governance.actor import sign_in
from vfapp.governance.codebook_ops import import_codebook, install_default_codebooks
from vfapp.governance.tag_ops import add_tag
from vfapp.playback.frame_index import FORMAT, FrameIndex
from vfapp.vault import casework
from vfapp.vault.frame_indexes import save_frame_index
from vfapp.vault.lifecycle import unlock_vault
from vfapp.vault.recordings import begin_recording

CANCELLED = str(ExportCancelled())


def _films(folder: Path, count: int = 2, seconds: int = 400) -> list[UUID]:
    """Films of PIP-0042 (the first with two VIG tags) and the shipped codebooks."""
    vault = unlock_vault(folder, PASSWORD)
    with sign_in(vault) as actor:
        family = casework.find_family(vault, "PIP-0042")
        visit = casework.add_visit(vault, family.id, date(2027, 3, 1)).value
        films = []
        for _ in range(count):
            film = begin_recording(vault, visit.id).value.id
            frames = np.arange(seconds, dtype=np.int64)
            index = FrameIndex(frames, frames, frames >= 0, Fraction(1, 1))
            save_frame_index(vault, film, FORMAT, index.to_bytes())
            films.append(film)
        vig = next(b.id for b in install_default_codebooks(actor) if b.name.startswith("Video"))
        behaviours = CodebookContent(name="BORIS test", codes=(Code(id="s", name="state"),))
        import_codebook(actor, codebook_json(behaviours))
        add_tag(actor, films[0], 1_000, 3_500, "VIG-3.2", vig, tag_actor=TagActor.INFANT,
                note="smiles, then reaches")  # fmt: skip
        add_tag(actor, films[0], 2_000, None, "VIG-1", vig)
    return films


@pytest.fixture
def films(vault_dir: Path) -> list[UUID]:
    give_consent(vault_dir, "PIP-0042")
    return _films(vault_dir)


def _base(vault_dir: Path, film: UUID) -> tuple[str, ...]:
    return ("--vault", str(vault_dir), "--recording", film.hex[-12:])


def test_csv_out_for_case_work(
    vault_dir: Path, films: list[UUID], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "codes.csv"
    done = vfapp("export", "csv", *_base(vault_dir, films[0]), "--purpose", "case", str(out))
    assert done.code == 0, done.err
    assert done.out == (f"Exported 2 tags of recording {films[0]} as CSV for case work to {out}.\n")
    assert "UNENCRYPTED copy of the film's codes (without notes)" in done.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert [(r["code"], r["actor"], r["family"], r["note"]) for r in rows] == [
        ("VIG-3.2", "infant", "PIP-0042", ""), ("VIG-1", "parent", "PIP-0042", ""),
    ]  # fmt: skip
    again = vfapp("export", "csv", *_base(vault_dir, films[0]), "--purpose", "case", str(out))
    assert again.code == 1 and "already exists" in again.err
    with pytest.raises(SystemExit):
        vfapp("export", "csv", "--help")
    helped = capsys.readouterr().out
    assert all(f"\n{column} " in helped for column in COLUMNS)


def test_an_export_says_what_it_is_for(vault_dir: Path, films: list[UUID], tmp_path: Path) -> None:
    out = tmp_path / "codes.eaf"
    base = _base(vault_dir, films[0])
    with pytest.raises(SystemExit) as usage:
        vfapp("export", "eaf", *base, str(out))  # the purpose is never assumed
    assert usage.value.code == 2
    refused = vfapp("export", "eaf", *base, "--purpose", "research", str(out))
    assert refused.code == 3 and not out.exists()
    assert refused.err.splitlines()[-1] == (
        "Cannot export a film's codes for research for family PIP-0042: the family has not "
        "given consent to using the films for research."
    )
    give_consent(vault_dir, "PIP-0042", ConsentTier.RESEARCH)
    made = vfapp("export", "eaf", *base, "--purpose", "research", "--tiers", "actor",
                 "--with-notes", "--json", str(out))  # fmt: skip
    assert made.code == 0, made.err
    summary = made.json()
    assert isinstance(summary, dict)
    assert (summary["tags"], summary["purpose"], summary["notes"]) == (2, "research", True)
    eaf = pympi.Elan.Eaf(str(out))
    assert eaf.get_annotation_data_for_tier("infant") == [(1_000, 3_500, "VIG-3.2")]
    assert eaf.get_annotation_data_for_tier("parent") == [(2_000, 2_040, "VIG-1")]
    assert "PIP-0042" not in out.read_text(encoding="utf-8")


def test_boris_out_and_back_onto_another_film(
    vault_dir: Path, films: list[UUID], tmp_path: Path
) -> None:
    out = tmp_path / "codes.tsv"
    base = _base(vault_dir, films[0])
    assert vfapp("export", "boris", *base, "--purpose", "case", "--with-notes", str(out)).code == 0
    copy = _base(vault_dir, films[1])
    done = vfapp("import-codes", str(out), *copy)
    assert done.code == 0, done.err
    assert done.out == (
        f"Imported 2 tags from BORIS events table file 'codes.tsv' (observation "
        f"'film-{films[0].hex[-12:]}') onto recording {films[1]}, with the codebook "
        "'Video Interaction Guidance'.\n"
    )
    listed = [vfapp("tag", "list", *b, "--json").json() for b in (base, copy)]
    keys = [
        sorted((t["start_ms"], t["end_ms"], t["code"], t["actor"], t["note"]) for t in tags)  # type: ignore[index]
        for tags in listed
        if isinstance(tags, list)
    ]
    assert keys[0] == keys[1] and len(keys[0]) == 2
    twice = vfapp("import-codes", str(out), *copy)
    assert twice.out.splitlines()[1] == "Skipped: events already tagged on the film (2)."


def test_import_refusals_are_plain_sentences(vault_dir: Path, films: list[UUID]) -> None:
    base = _base(vault_dir, films[1])
    grid = corpus_file("childproject_example.TextGrid")
    other = vfapp("import-codes", str(grid), *base)
    assert other.code == 1 and "Traceback" not in other.err
    assert other.err.splitlines()[-1].startswith(
        "The file 'childproject_example.TextGrid' is a Praat TextGrid, so nothing was imported"
    )
    boris = corpus_file("boris_test.boris")
    several = vfapp("import-codes", str(boris), *base)
    assert several.code == 1 and "holds 10 observations with events" in several.err
    chosen = vfapp("import-codes", str(boris), *base, "--observation", "observation #1",
                   "--actor", "infant", "--json")  # fmt: skip
    assert chosen.code == 0, chosen.err
    summary = chosen.json()
    assert isinstance(summary, dict)
    assert (summary["codebook"], summary["imported"], summary["skipped"]) == ("BORIS test", 4, {})
    unknown = vfapp("import-codes", str(boris), *base, "--observation", "modifiers",
                    "--codebook", "BORIS test")  # fmt: skip
    assert unknown.code == 1
    assert "uses 2 codes that the codebook 'BORIS test' does not have ('q', 'r')" in unknown.err
    missing = vfapp("import-codes", "/nowhere/codes.eaf", *base)
    assert missing.code == 1 and "could not use a file or folder" in missing.err


def test_an_import_may_skip_and_shift(vault_dir: Path, films: list[UUID], tmp_path: Path) -> None:
    aggregated = corpus_file("boris_test_export_aggregated_events_test_full_1.tsv")
    base = _base(vault_dir, films[1])
    refused = vfapp("import-codes", str(aggregated), *base, "--observation", "observation #2",
                    "--codebook", "BORIS test", "--skip-unknown", "--shift", "300")  # fmt: skip
    assert refused.code == 1 and "events before the start of the film" in refused.err
    done = vfapp("import-codes", str(aggregated), *base, "--observation", "observation #2",
                 "--codebook", "BORIS test", "--skip-unknown", "--shift", "300",
                 "--skip-outside", "--json")  # fmt: skip
    assert done.code == 0, done.err
    summary = json.loads(done.out)
    assert summary["imported"] == 2  # s from 303.79 s and 317.39 s
    assert summary["skipped"] == {"codes not in the codebook": 8, "events outside the film": 8}


def test_ctrl_c_cancels_cleanly(
    vault_dir: Path, films: list[UUID], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupting(ctx: object, doing: str) -> object:
        def progress(fraction: float, what: str) -> None:
            signal.raise_signal(signal.SIGINT)  # as if Ctrl-C were pressed now

        return progress

    out = tmp_path / "codes.eaf"
    base = _base(vault_dir, films[0])
    assert vfapp("export", "eaf", *base, "--purpose", "case", str(out)).code == 0
    monkeypatch.setattr(commands_export_codes, "_progress", interrupting)
    again = tmp_path / "again.csv"
    stopped = vfapp("export", "csv", *base, "--purpose", "case", str(again))
    assert stopped.code == 130 and stopped.err.splitlines()[-1] == CANCELLED
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != "") == ["codes.eaf"]
    imported = vfapp("import-codes", str(out), *_base(vault_dir, films[1]))
    assert imported.code == 130
    assert "Cancelled after 1 tag; those are kept" in imported.err
    assert imported.out.startswith("Imported 1 tag from ELAN file 'codes.eaf'")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
