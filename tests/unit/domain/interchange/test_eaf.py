"""ELAN .eaf: our documents read back identically by pympi-ling (an independent parser) and
by our reader, in both layouts; ELAN's own files read as pympi reads them; bad files refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pympi
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.domain.interchange.sheets import (
    ROWS,
    corpus_file,
    corpus_files,
    event_keys,
    row,
    row_keys,
    sheet,
)
from vfapp.domain.errors import InvalidInput
from vfapp.domain.interchange.eaf_read import NO_TIME, read_eaf
from vfapp.domain.interchange.eaf_write import POINTS_PROPERTY, eaf_text, lanes
from vfapp.domain.interchange.models import POINT_MS, CodeRow, EafLayout
from vfapp.domain.tagging import TagActor

_PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))


def _pympi(text: str, tmp_path: Path) -> pympi.Elan.Eaf:
    path = tmp_path / "codes.eaf"
    path.write_text(text, encoding="utf-8")
    return pympi.Elan.Eaf(str(path))


def _end(r: CodeRow) -> int:
    return r.end_ms if r.end_ms is not None else r.start_ms + POINT_MS


@pytest.mark.parametrize("layout", list(EafLayout), ids=lambda layout: layout.value)
def test_pympi_reads_the_same_tiers_times_and_values(layout: EafLayout, tmp_path: Path) -> None:
    text = eaf_text(sheet(), layout)
    eaf = _pympi(text, tmp_path)
    tiers = lanes(sheet(), layout)
    main = {name for name in eaf.get_tier_names() if "@" not in name}
    assert main == set(tiers)
    for name, rows in tiers.items():
        got = eaf.get_annotation_data_for_tier(name)
        assert got == [(r.start_ms, _end(r), r.code or "") for r in rows]
        if layout is EafLayout.PRINCIPLE:
            actors = eaf.get_ref_annotation_data_for_tier(f"actor@{name}")
            assert [a[2] for a in actors] == [r.actor.value for r in rows]
        else:
            assert eaf.tiers[name][2]["PARTICIPANT"] == name.split(" (")[0]
        notes = [(r.start_ms, r.note) for r in rows if r.note]
        if notes:
            ref = eaf.get_ref_annotation_data_for_tier(f"note@{name}")
            assert [(start, value) for start, _, value, _ in ref] == notes
    assert eaf.media_descriptors == [
        {
            "MEDIA_URL": "file:///film-0123456789ab.mp4",
            "MIME_TYPE": "video/mp4",
            "RELATIVE_MEDIA_URL": "./film-0123456789ab.mp4",
        }
    ]
    assert "PIP" not in text and "/home" not in text


@pytest.mark.parametrize("layout", list(EafLayout), ids=lambda layout: layout.value)
def test_our_reader_gives_back_every_coded_tag(layout: EafLayout) -> None:
    read = read_eaf(eaf_text(sheet(), layout).encode(), "codes.eaf")
    assert read.kind == "ELAN" and read.dropped == {}
    uncoded = [e for e in read.events if not e.codes]
    assert [(e.start_ms, e.note) for e in uncoded] == [(12_000, "marker, uncoded")]
    assert event_keys(tuple(e for e in read.events if e not in uncoded)) == row_keys(ROWS)


def test_overlapping_tags_go_to_numbered_tiers_and_points_are_listed() -> None:
    tiers = lanes(sheet(), EafLayout.PRINCIPLE)
    assert list(tiers) == ["VIG-1", "VIG-3", "VIG-3 (2)", "uncoded"]
    assert [r.tag_id.int for r in tiers["VIG-3"]] == [1, 5]
    assert [r.tag_id.int for r in tiers["VIG-3 (2)"]] == [2, 4]  # inside or across the first
    root = ET.fromstring(eaf_text(sheet()))
    prop = next(p for p in root.iter("PROPERTY") if p.get("NAME") == POINTS_PROPERTY)
    assert len((prop.text or "").split()) == 2  # the VIG-3 point and the uncoded marker
    assert [child.tag for child in root][:2] == ["HEADER", "TIME_ORDER"]
    times = [int(s.get("TIME_VALUE", "")) for s in root.iter("TIME_SLOT")]
    assert times == sorted(times)


def test_characters_xml_cannot_hold_are_dropped_from_notes() -> None:
    text = eaf_text(sheet((row(1, 0, 500, "VIG-1", note="bell\x07 and tab\tend"),)))
    (event,) = read_eaf(text.encode(), "codes.eaf").events
    assert event.note == "bell and tab end"


def test_an_eaf_from_elsewhere_maps_tier_names_participants_and_empty_values() -> None:
    text = eaf_text(sheet((row(1, 0, 500, "VIG-1"), row(2, 600, 900, "VIG-2"))))
    renamed = text.replace(">VIG-1<", "><").replace('TIER_ID="VIG-2"', 'TIER_ID="Mother"')
    read = read_eaf(renamed.encode(), "other.eaf")
    first, second = read.events
    assert first.codes == ("VIG-1",)  # an empty value: the tier's name is the code
    assert second.codes == ("VIG-2",)  # "Mother" names an actor, not a code
    assert second.actors == ("parent", "Mother")  # its actor@ annotation, then the tier


@given(
    st.lists(
        st.tuples(
            st.integers(0, 60_000),
            st.one_of(st.none(), st.integers(1, 5_000)),
            st.sampled_from(["VIG-1", "VIG-2.1", "VIG-3", "VIG-3.2", "VIG-5"]),
            st.sampled_from(list(TagActor)),
            st.one_of(st.none(), st.text(_PRINTABLE, min_size=1, max_size=40)),
        ),
        max_size=25,
    ),
    st.sampled_from(list(EafLayout)),
)
@settings(max_examples=60, deadline=None)
def test_any_tags_round_trip(tags: list[tuple], layout: EafLayout) -> None:  # type: ignore[type-arg]
    rows = tuple(
        row(i + 1, start, None if length is None else start + length, code, actor,
            " ".join(note.split()) or None if note else None)
        for i, (start, length, code, actor, note) in enumerate(tags)
    )  # fmt: skip
    read = read_eaf(eaf_text(sheet(rows), layout).encode(), "codes.eaf")
    assert event_keys(read.events) == row_keys(rows)


@pytest.mark.parametrize("path", corpus_files(".eaf"), ids=lambda p: p.name)
def test_elans_own_files_read_as_pympi_reads_them(path: Path) -> None:
    read = read_eaf(path.read_bytes(), path.name)
    eaf = pympi.Elan.Eaf(str(path))
    untimed = 0
    for tier in eaf.get_tier_names():
        if eaf.tiers[tier][1]:  # reference annotations take their parent's times
            continue
        theirs = eaf.get_annotation_data_for_tier(tier)
        timed = sorted((s, e, v.strip()) for s, e, v, *_ in theirs if None not in (s, e))
        untimed += len(theirs) - len(timed)
        ours = sorted(
            (e.start_ms, e.end_ms or e.start_ms, "" if e.codes[:1] in ((), (tier,)) else e.codes[0])
            for e in read.events
            if e.source == tier
        )
        assert ours == [(s, e, v if v else "") for s, e, v in timed], tier
    assert read.dropped == ({NO_TIME: untimed} if untimed else {})


def test_the_aclew_file_maps_speaker_codes_to_actors() -> None:
    path = corpus_file("childproject_aclew_vandam_example.eaf")
    read = read_eaf(path.read_bytes(), path.name)
    chi = [e for e in read.events if e.source == "CHI"]
    assert chi and all(e.actors[0] == "CHI" for e in chi)  # CHI: the key child, an infant
    refs = [e for e in read.events if e.source.startswith("xds@")]
    assert refs and all(e.end_ms is not None for e in refs)  # times of the annotation referred


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"not xml at all", "is not well-formed XML (line 1)"),
        (b"<TEI><text/></TEI>", "is not an ELAN annotation document"),
        (
            b'<!DOCTYPE x [<!ENTITY a "aaaa">]><ANNOTATION_DOCUMENT/>',
            "declares a document type",
        ),
        (
            b'<ANNOTATION_DOCUMENT><HEADER TIME_UNITS="NTSC-frames"/></ANNOTATION_DOCUMENT>',
            "counts time in NTSC-frames",
        ),
        (
            b"<ANNOTATION_DOCUMENT><TIME_ORDER><TIME_SLOT TIME_SLOT_ID='t' TIME_VALUE='soon'/>"
            b"</TIME_ORDER></ANNOTATION_DOCUMENT>",
            "has a time slot whose time is not a number ('soon')",
        ),
    ],
)
def test_a_bad_file_is_refused_in_a_sentence_naming_it(data: bytes, words: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_eaf(data, "session 3.eaf")
    message = str(refused.value)
    assert message.startswith(f"The file 'session 3.eaf' {words}")
    assert message.endswith("so nothing was imported.")
