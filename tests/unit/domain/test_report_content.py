"""Tags summed per principle for the session report, and how a found face is described."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from vfapp.domain.codebooks_logic import shipped_codebooks
from vfapp.domain.exports import FaceBox, FaceSighting, FaceTrack
from vfapp.domain.hlc import HlcStamp
from vfapp.domain.report_content import principle_of, summarise_tags
from vfapp.domain.tagging import Code, CodebookContent, Tag

VIG = next(book for book in shipped_codebooks() if book.name == "Video Interaction Guidance")
BOOK = UUID(int=1)


def tag(number: int, code: str | None, start: int = 0, end: int | None = None) -> Tag:
    return Tag(
        id=UUID(int=100 + number),
        created_at=datetime(2027, 3, 1, tzinfo=UTC),
        hlc=HlcStamp(wall_ms=1, counter=0, device="d1"),
        device_id="d1",
        recording_id=UUID(int=2),
        codebook_id=BOOK if code else None,
        codebook_version=1 if code else None,
        code=code,
        start_ms=start,
        end_ms=end,
    )


def test_sub_elements_count_for_their_principle() -> None:
    assert principle_of(VIG, "VIG-3.4") == "VIG-3"
    assert principle_of(VIG, "VIG-3") == "VIG-3"
    nested = CodebookContent(
        name="Nested",
        codes=(
            Code(id="A", name="A"),
            Code(id="A.1", name="A one", parent="A"),
            Code(id="A.1.a", name="A one a", parent="A.1"),
        ),
    )
    assert principle_of(nested, "A.1.a") == "A"


def test_every_principle_is_listed_in_order_with_counts_and_seconds() -> None:
    tags = [
        tag(1, "VIG-3.4"),
        tag(2, "VIG-3.1", 1_000, 3_500),
        tag(3, "VIG-1"),
        tag(4, None),
        tag(5, None, 2_000, 4_000),
    ]
    rows, uncoded = summarise_tags(tags, {BOOK: VIG})
    principles = [c for c in VIG.codes if c.parent is None and not c.hidden]
    assert [row.code for row in rows] == [c.id for c in principles]
    counts = {row.code: (row.tags, row.seconds) for row in rows}
    assert counts["VIG-3"] == (2, 2.5) and counts["VIG-1"] == (1, 0.0)
    assert sum(row.tags for row in rows) == 3 and uncoded == 2
    assert {row.colour for row in rows if row.code == "VIG-1"} == {
        next(c.colour for c in VIG.codes if c.id == "VIG-1")
    }


def test_no_coded_tags_no_rows() -> None:
    assert summarise_tags([tag(1, None)], {BOOK: VIG}) == ([], 1)
    assert summarise_tags([], {}) == ([], 0)


def test_a_face_is_described_by_where_and_how_often_it_was_seen() -> None:
    track = FaceTrack(
        id=2,
        moment=1,
        recording_id=UUID(int=3),
        frame_width=640,
        frame_height=480,
        sightings=(
            FaceSighting(at_ms=500, box=FaceBox(x=500, y=100, width=60, height=60)),
            FaceSighting(at_ms=63_000, box=FaceBox(x=510, y=90, width=80, height=80)),
        ),
    )
    assert track.best.at_ms == 63_000
    assert track.describe() == "moment 1, 1:03, right, 80x80 px, on 2 sample frames"
