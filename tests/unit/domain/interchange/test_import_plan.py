"""Events read from a file, checked against a codebook and a film: what becomes a tag, what is
skipped and why, and the one-sentence refusals; files of other tools named in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.domain.interchange.sheets import corpus_files
from vfapp.domain.errors import InvalidInput
from vfapp.domain.interchange.formats import read_codes
from vfapp.domain.interchange.import_plan import (
    ALREADY,
    NO_CODE,
    OUTSIDE,
    UNKNOWN,
    ImportOptions,
    PlannedTag,
    plan_import,
)
from vfapp.domain.interchange.models import ImportedCodes, ImportedEvent
from vfapp.domain.tagging import Code, CodebookContent, TagActor

BOOK = CodebookContent(
    name="VIG",
    codes=(
        Code(id="VIG-1", name="Being attentive"),
        Code(id="VIG-3", name="Receiving initiatives"),
        Code(id="VIG-3.2", name="Following", parent="VIG-3"),
        Code(id="OLD", name="Retired", hidden=True),
    ),
)


def _file(*events: ImportedEvent, dropped: dict[str, int] | None = None) -> ImportedCodes:
    return ImportedCodes(name="visit.eaf", kind="ELAN", events=events, dropped=dropped or {})


def _event(start: int, end: int | None, *codes: str, actors: tuple[str, ...] = ()) -> ImportedEvent:
    return ImportedEvent(start_ms=start, end_ms=end, codes=codes, actors=actors)


def test_codes_and_actors_are_the_first_candidates_that_name_one() -> None:
    read = _file(
        _event(0, 1_000, "hello", "vig-3.2", actors=("CHI",)),
        _event(500, None, "VIG-1", actors=("Jo", "Mother")),
        ImportedEvent(start_ms=700, codes=("VIG-3",), note="  two \n words  "),
        _event(900, None),
        dropped={"annotations without a time of their own": 2},
    )
    plan = plan_import(read, BOOK, 10_000)
    assert plan.tags == (
        PlannedTag(start_ms=0, end_ms=1_000, code="VIG-3.2", actor=TagActor.INFANT),
        PlannedTag(start_ms=500, code="VIG-1", actor=TagActor.PARENT),
        PlannedTag(start_ms=700, code="VIG-3", actor=TagActor.PARENT, note="two words"),
    )
    assert plan.skipped == {"annotations without a time of their own": 2, NO_CODE: 1}
    quiet = plan_import(
        read, BOOK, None, ImportOptions(with_notes=False, default_actor=TagActor.GUIDER)
    )
    assert quiet.tags[2].note is None and quiet.tags[2].actor is TagActor.GUIDER


def test_unknown_or_hidden_codes_refuse_the_import_unless_skipped() -> None:
    read = _file(
        _event(0, None, "VIG-1"),
        _event(1, None, "OLD"),
        *(_event(2, None, f"X{i}") for i in range(6)),
    )
    with pytest.raises(InvalidInput) as refused:
        plan_import(read, BOOK, None)
    assert str(refused.value) == (
        "The file 'visit.eaf' uses 7 codes that the codebook 'VIG' does not have ('OLD', 'X0', "
        "'X1', 'X2', 'X3' and 2 more), so nothing was imported (add them to the codebook, or "
        "skip unknown codes)."
    )
    plan = plan_import(read, BOOK, None, ImportOptions(skip_unknown=True))
    assert [t.code for t in plan.tags] == ["VIG-1"] and plan.skipped == {UNKNOWN: 7}


def test_events_outside_the_film_refuse_the_import_unless_shifted_or_skipped() -> None:
    read = _file(
        _event(1_000, 3_000, "VIG-1"), _event(9_000, 12_500, "VIG-3"), _event(11_000, None, "VIG-1")
    )
    with pytest.raises(InvalidInput) as refused:
        plan_import(read, BOOK, 10_000)
    assert str(refused.value) == (
        "The file 'visit.eaf' has 2 events beyond the end of the film (10.0 s), so nothing was "
        "imported (shift its times, or skip events outside the film)."
    )
    shifted = plan_import(read, BOOK, 10_000, ImportOptions(shift_ms=2_500, skip_outside=True))
    assert [(t.start_ms, t.end_ms) for t in shifted.tags] == [(6_500, 10_000), (8_500, None)]
    assert shifted.skipped == {OUTSIDE: 1}
    with pytest.raises(InvalidInput, match="has 1 event before the start of the film, so"):
        plan_import(read, BOOK, 10_000, ImportOptions(shift_ms=2_500))
    assert len(plan_import(read, BOOK, None).tags) == 3  # a film whose length is not known yet


def test_events_already_tagged_are_skipped_and_counted() -> None:
    read = _file(_event(0, 1_000, "VIG-1"), _event(0, 1_000, "VIG-1", actors=("infant",)))
    existing = frozenset({(0, 1_000, "VIG-1", TagActor.PARENT)})
    plan = plan_import(read, BOOK, None, existing=existing)
    assert [t.actor for t in plan.tags] == [TagActor.INFANT] and plan.skipped == {ALREADY: 1}


def test_a_file_with_no_events_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"^The file 'visit\.eaf' holds no events with a time"):
        plan_import(_file(), BOOK, None)


_OTHER_TOOLS = (".otx", ".otb", ".dat", ".faf", ".fmf", ".textgrid", ".cha", ".rttm", ".opf")


@pytest.mark.parametrize("path", corpus_files(*_OTHER_TOOLS), ids=lambda p: p.name)
def test_files_of_other_tools_are_named_in_the_refusal(path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_codes(path.name, path.read_bytes())
    message = str(refused.value)
    assert message.startswith(f"The file '{path.name}' is a")
    assert "so nothing was imported (Attune reads ELAN .eaf files, BORIS .boris projects" in message


def test_an_unknown_kind_of_file_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"'notes\.docx' is not a kind of file Attune reads"):
        read_codes("notes.docx", b"PK")
