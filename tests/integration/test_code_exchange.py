"""Codes out and in through a real vault: each export under its consent tier and audited, no
partial file after a cancel, round trips through ELAN and BORIS onto another film, and every
real ELAN and BORIS file of the corpus imported (or refused in words)."""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from pathlib import Path
from uuid import UUID

import numpy as np
import pympi
import pytest

from tests.integration.recording_helpers import record, synthetic
from tests.unit.domain.interchange.sheets import corpus_files
from vfapp.domain.codebooks_logic import codebook_json
from vfapp.domain.errors import ConsentMissing, InvalidInput, NotPermitted
from vfapp.domain.exports import ExportCancelled
from vfapp.domain.governance import (
    AuditEvent,
    AuditOutcome,
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
    Role,
)
from vfapp.domain.interchange.csv_codes import COLUMNS
from vfapp.domain.interchange.formats import read_codes
from vfapp.domain.interchange.import_plan import ImportOptions
from vfapp.domain.interchange.models import CodeFormat, EafLayout, Purpose
from vfapp.domain.tagging import Code, CodebookContent, Tag, TagActor
from vfapp.governance import consent
from vfapp.governance.actor import Actor
from vfapp.governance.code_exchange_ops import export_codes
from vfapp.governance.code_import_ops import import_codes
from vfapp.governance.codebook_ops import import_codebook, install_default_codebooks
from vfapp.governance.tag_ops import add_tag, list_tags
from vfapp.playback.frame_index import FORMAT, FrameIndex
from vfapp.vault import audit_store, casework
from vfapp.vault.frame_indexes import save_frame_index
from vfapp.vault.markers import add_marker
from vfapp.vault.recordings import begin_recording

Film = Callable[..., UUID]


def _give(actor: Actor, family: UUID, *tiers: ConsentTier) -> None:
    consent.record_consent(
        actor,
        family,
        tiers,
        ConsentEventKind.GIVEN,
        given_by="Jo Parent",
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
    )


@pytest.fixture
def new_film(admin: Actor, family: UUID) -> Film:
    """A film of the family (filming consent given) whose frame index says how long it is."""
    _give(admin, family, ConsentTier.FILMING)
    visit = casework.add_visit(admin.vault, family, date(2027, 3, 1)).value

    def make(seconds: int = 30, fps: int = 30) -> UUID:
        film = begin_recording(admin.vault, visit.id).value.id
        frames = np.arange(seconds * fps, dtype=np.int64)
        index = FrameIndex(frames, frames, frames % fps == 0, Fraction(1, fps))
        save_frame_index(admin.vault, film, FORMAT, index.to_bytes())
        return film

    return make


@pytest.fixture
def vig(admin: Actor) -> UUID:
    return next(b.id for b in install_default_codebooks(admin) if b.name.startswith("Video"))


@pytest.fixture
def coded(admin: Actor, new_film: Film, vig: UUID) -> UUID:
    """A film with three tags (two ranges overlapping on VIG-3, a point) and a marker."""
    film = new_film()
    add_tag(
        admin, film, 2_000, 6_500, "VIG-3.2", vig, tag_actor=TagActor.INFANT, note="a big smile"
    )
    add_tag(admin, film, 4_000, None, "VIG-1", vig, note="looks, at mum")
    add_tag(admin, film, 5_000, 9_000, "VIG-3", vig, tag_actor=TagActor.GUIDER)
    add_marker(admin.vault, film, 12_000, note="reached out")
    return film


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    """Where the user asks exports to go: a folder of its own, to see what is left in it."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _keys(tags: list[Tag]) -> list[tuple[int, int | None, str | None, TagActor, str | None]]:
    return sorted((t.start_ms, t.end_ms, t.code, t.actor, t.note) for t in tags if t.code)


def _trail(actor: Actor) -> list[AuditEvent]:
    return audit_store.chain_rows(actor.vault.db, actor.vault.device_id)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_csv_for_case_work_names_the_family_and_leaves_notes_out(
    admin: Actor, coded: UUID, outbox: Path
) -> None:
    out = outbox / "codes.csv"
    done = export_codes(admin, coded, CodeFormat.CSV, Purpose.CASE, out)
    assert (done.tags, done.notes, done.bytes) == (3, False, out.stat().st_size)
    assert _leftovers(outbox) == ["codes.csv"] and out.stat().st_mode & 0o777 == 0o600
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert list(rows[0]) == list(COLUMNS)
    assert [(r["start_s"], r["end_s"], r["code"], r["principle"], r["actor"]) for r in rows] == [
        ("2.000", "6.500", "VIG-3.2", "VIG-3", "infant"),
        ("4.000", "", "VIG-1", "VIG-1", "parent"),
        ("5.000", "9.000", "VIG-3", "VIG-3", "guider"),
    ]
    assert {(r["family"], r["note"], r["codebook"]) for r in rows} == {
        ("PIP-0042", "", "Video Interaction Guidance")
    }
    assert (
        rows[0]["film"] == coded.hex[-12:]
        and rows[0]["code_name"] == "receiving with body language"
    )
    event = _trail(admin)[-1]
    assert (event.action, event.outcome, event.record_id) == ("codes.export", "done", coded)
    assert event.detail == "codes as csv: 3 tags, notes left out"


def test_research_needs_the_research_tier_and_names_no_family(
    admin: Actor, family: UUID, coded: UUID, outbox: Path
) -> None:
    out = outbox / "research.eaf"
    with pytest.raises(ConsentMissing, match="Cannot export a film's codes for research"):
        export_codes(admin, coded, CodeFormat.EAF, Purpose.RESEARCH, out)
    refused = _trail(admin)[-1]
    assert (refused.action, refused.outcome, refused.detail) == (
        "codes.export_research",
        AuditOutcome.REFUSED,
        "no research consent",
    )
    assert _leftovers(outbox) == []
    _give(admin, family, ConsentTier.RESEARCH)
    export_codes(admin, coded, CodeFormat.EAF, Purpose.RESEARCH, out, with_notes=True)
    text = out.read_text(encoding="utf-8")
    assert "PIP-0042" not in text and "a big smile" in text
    assert _trail(admin)[-1].detail == "codes as eaf: 3 tags, notes included"
    with pytest.raises(InvalidInput, match="already exists"):
        export_codes(admin, coded, CodeFormat.EAF, Purpose.RESEARCH, out)
    with pytest.raises(InvalidInput, match=r"must end in \.csv"):
        export_codes(admin, coded, CodeFormat.CSV, Purpose.RESEARCH, outbox / "x.txt")


def test_a_supervisor_cannot_export_codes(
    admin: Actor, as_role: Callable[[Role], Actor], family: UUID, coded: UUID, outbox: Path
) -> None:
    _give(admin, family, *ConsentTier)
    supervisor = as_role(Role.SUPERVISOR)
    with pytest.raises(NotPermitted, match="supervisors cannot export a film's codes"):
        export_codes(supervisor, coded, CodeFormat.CSV, Purpose.CASE, outbox / "s.csv")
    assert _trail(admin)[-1].outcome is AuditOutcome.REFUSED
    assert _leftovers(outbox) == []


def test_case_work_needs_filming_consent_in_force(
    admin: Actor, family: UUID, coded: UUID, outbox: Path
) -> None:
    consent.withdraw_consent(
        admin, family, [ConsentTier.FILMING], "Jo Parent", Relationship.PARENT,
        ConsentMethod.VERBAL,
    )  # fmt: skip
    with pytest.raises(ConsentMissing, match="Cannot export a film's codes for family PIP-0042"):
        export_codes(admin, coded, CodeFormat.CSV, Purpose.CASE, outbox / "codes.csv")
    assert _trail(admin)[-1].detail == "no filming consent"
    assert _leftovers(outbox) == []


def test_training_needs_the_training_tier(
    admin: Actor, family: UUID, coded: UUID, outbox: Path
) -> None:
    with pytest.raises(ConsentMissing, match="training"):
        export_codes(admin, coded, CodeFormat.BORIS, Purpose.TRAINING, outbox / "t.tsv")
    _give(admin, family, ConsentTier.TRAINING)
    assert export_codes(admin, coded, CodeFormat.BORIS, Purpose.TRAINING, outbox / "t.tsv").tags


@pytest.mark.parametrize("stage", [0.3, 0.9])  # gathering tags; writing the partial file
def test_a_cancelled_export_leaves_no_file(
    admin: Actor, coded: UUID, outbox: Path, stage: float
) -> None:
    cancel = threading.Event()
    seen: list[tuple[float, str]] = []

    def progress(fraction: float, what: str) -> None:
        seen.append((fraction, what))
        if fraction >= stage:
            cancel.set()

    with pytest.raises(ExportCancelled, match="cancelled; nothing was written"):
        export_codes(admin, coded, CodeFormat.EAF, Purpose.CASE, outbox / "c.eaf",
                     progress=progress, cancel=cancel)  # fmt: skip
    assert _leftovers(outbox) == [] and seen
    event = _trail(admin)[-1]
    assert (event.outcome, event.detail) == (AuditOutcome.FAILED, "codes as eaf: cancelled")


@pytest.mark.parametrize("layout", list(EafLayout), ids=lambda layout: layout.value)
def test_elan_round_trip_onto_another_film(
    admin: Actor, coded: UUID, new_film: Film, outbox: Path, layout: EafLayout
) -> None:
    out = outbox / "codes.eaf"
    export_codes(admin, coded, CodeFormat.EAF, Purpose.CASE, out, layout=layout, with_notes=True,
                 with_uncoded=True)  # fmt: skip
    eaf = pympi.Elan.Eaf(str(out))
    if layout is EafLayout.PRINCIPLE:
        assert sorted(t for t in eaf.get_tier_names() if "@" not in t) == [
            "VIG-1", "VIG-3", "VIG-3 (2)", "uncoded",
        ]  # fmt: skip
        assert eaf.get_annotation_data_for_tier("VIG-1") == [(4_000, 4_040, "VIG-1")]
    annotations = sorted(
        a for t in eaf.get_tier_names() if "@" not in t for a in eaf.get_annotation_data_for_tier(t)
    )
    assert annotations == [
        (2_000, 6_500, "VIG-3.2"),
        (4_000, 4_040, "VIG-1"),
        (5_000, 9_000, "VIG-3"),
        (12_000, 12_040, ""),  # the marker, as a point with no code
    ]
    copy = new_film()
    done = import_codes(admin, copy, out)
    assert (done.kind, done.imported, done.cancelled) == ("ELAN", 3, False)
    assert done.skipped == {"events with no code": 1}  # the marker, not coded yet
    assert _keys(list_tags(admin, copy)) == _keys(list_tags(admin, coded))
    summary = _trail(admin)[-1]
    assert summary.detail == "codes imported from ELAN: 3 tags, 1 skipped"
    again = import_codes(admin, copy, out)
    assert again.imported == 0
    assert again.skipped == {"events with no code": 1, "events already tagged on the film": 3}


@pytest.mark.parametrize("suffix", [".tsv", ".boris"])
def test_boris_round_trip_onto_another_film(
    admin: Actor, coded: UUID, new_film: Film, outbox: Path, suffix: str
) -> None:
    out = outbox / f"codes{suffix}"
    export_codes(admin, coded, CodeFormat.BORIS, Purpose.CASE, out, with_notes=True)
    read = read_codes(out.name, out.read_bytes())
    assert read.observation == f"film-{coded.hex[-12:]}"
    assert read.kind == ("BORIS project" if suffix == ".boris" else "BORIS events table")
    copy = new_film()
    assert import_codes(admin, copy, out).imported == 3
    assert _keys(list_tags(admin, copy)) == _keys(list_tags(admin, coded))


def test_an_import_that_does_not_fit_imports_nothing(
    admin: Actor, coded: UUID, new_film: Film, vig: UUID, outbox: Path
) -> None:
    out = outbox / "codes.eaf"
    export_codes(admin, coded, CodeFormat.EAF, Purpose.CASE, out)
    edited = outbox / "edited.eaf"
    edited.write_text(out.read_text().replace("VIG-1", "VIG-9"), encoding="utf-8")
    short = new_film(seconds=7)
    with pytest.raises(InvalidInput, match="must be chosen: this vault has 3"):
        import_codes(admin, short, edited)  # no codebook has every code the file uses
    vig_name = "Video Interaction Guidance"
    with pytest.raises(InvalidInput) as unknown:
        import_codes(admin, short, edited, codebook=vig_name)
    assert str(unknown.value) == (
        "The file 'edited.eaf' uses 1 code that the codebook 'Video Interaction Guidance' does "
        "not have ('VIG-9'), so nothing was imported (add them to the codebook, or skip unknown "
        "codes)."
    )
    skip_unknown = ImportOptions(skip_unknown=True)
    with pytest.raises(InvalidInput, match=r"has 1 event beyond the end of the film \(7\.0 s\)"):
        import_codes(admin, short, edited, codebook=vig_name, options=skip_unknown)
    assert list_tags(admin, short) == []
    both = ImportOptions(skip_unknown=True, skip_outside=True)
    done = import_codes(admin, short, edited, codebook=vig_name, options=both)
    assert done.imported == 1
    assert done.skipped == {"codes not in the codebook": 1, "events outside the film": 1}
    codes = ("VIG-3", "VIG-3.2", "VIG-9")
    mine = CodebookContent(name="Mine", codes=tuple(Code(id=c, name=c) for c in codes))
    import_codebook(admin, codebook_json(mine))
    chosen = import_codes(admin, new_film(), edited)  # the one codebook with all its codes
    assert (chosen.codebook, chosen.imported) == ("Mine", 3)


def test_importing_is_coding(
    admin: Actor, as_role: Callable[[Role], Actor], coded: UUID, outbox: Path
) -> None:
    out = outbox / "codes.tsv"
    export_codes(admin, coded, CodeFormat.BORIS, Purpose.CASE, out)
    with pytest.raises(NotPermitted, match="supervisors cannot code a film"):
        import_codes(as_role(Role.SUPERVISOR), coded, out)


def test_a_real_film_gives_its_length_and_rate(
    admin: Actor, family: UUID, vig: UUID, outbox: Path
) -> None:
    _give(admin, family, ConsentTier.FILMING)
    film = record(admin.vault, *synthetic(), max_seconds=2).recording.id
    add_tag(admin, film, 500, 1_500, "VIG-2", vig)
    out = outbox / "film.tsv"
    export_codes(admin, film, CodeFormat.BORIS, Purpose.CASE, out)
    line = out.read_text().splitlines()[-2].split("\t")
    assert line[1] == f"film-{film.hex[-12:]}.mp4" and line[3] == "30.0"
    assert 1.9 <= float(line[2]) <= 2.1
    late = outbox / "late.tsv"
    late.write_text(out.read_text().replace("1.500\t", "9.500\t"))
    with pytest.raises(InvalidInput, match="beyond the end of the film"):
        import_codes(admin, film, late)


def _corpus_codebook(admin: Actor, name: str, codes: set[str]) -> str:
    usable = sorted(c for c in codes if len(c) <= 40)
    content = CodebookContent(name=name[:80], codes=tuple(Code(id=c, name=c) for c in usable))
    return str(import_codebook(admin, codebook_json(content)).id)


@pytest.mark.parametrize("path", corpus_files(".eaf", ".boris", ".tsv"), ids=lambda p: p.name)
def test_every_real_elan_and_boris_file_imports_or_says_why(
    admin: Actor, new_film: Film, path: Path
) -> None:
    observations: list[str | None] = [None]
    if path.suffix == ".boris":
        found = json.loads(path.read_bytes()).get("observations", {})
        observations = [k for k, o in found.items() if o.get("events")]
        if not observations:
            with pytest.raises(InvalidInput, match="holds no observation with coded events"):
                read_codes(path.name, path.read_bytes())
            return
    elif path.name.startswith("boris_test_export_aggregated"):
        observations = ["observation #2"]
    for observation in observations:
        read = read_codes(path.name, path.read_bytes(), observation)
        codes = {e.codes[0] for e in read.events if e.codes}
        book = _corpus_codebook(admin, f"{path.stem} {observation or ''}", codes)
        last = max((e.end_ms or e.start_ms) for e in read.events)
        # A film as long as the file's events; only 2 minutes for pympi's sample, whose 6,800
        # timed annotations would each be an audited transaction of their own.
        seconds = last // 1000 + 1 if len(read.events) < 1_000 else 120
        film = new_film(seconds=seconds, fps=1)
        options = ImportOptions(skip_unknown=True, skip_outside=True)
        done = import_codes(admin, film, path, codebook=book, observation=observation,
                            options=options)  # fmt: skip
        tags = list_tags(admin, film)
        with_code = sum(1 for e in read.events if e.codes)
        unknown = done.skipped.get("codes not in the codebook", 0)
        outside = done.skipped.get("events outside the film", 0)
        assert done.imported == len(tags) == with_code - unknown - outside > 0
        assert outside == 0 or seconds == 120
        # Only values longer than a code may be are unknown (ACLEW's transcribed sentences).
        assert unknown <= sum(1 for e in read.events if e.codes and len(e.codes[0]) > 40)
        assert {t.code for t in tags} <= codes
