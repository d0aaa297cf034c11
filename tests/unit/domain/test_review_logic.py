"""Review logic with no I/O: moments suggested from hand-built tags (golden cases and a property),
and gentle notes on a plan."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vfapp.domain.codebooks_logic import default_codebook
from vfapp.domain.errors import InvalidInput
from vfapp.domain.hlc import HlcStamp
from vfapp.domain.review import NoteKind, PlanMoment, SuggestedMoment
from vfapp.domain.review_logic import (
    checked_words,
    clock_text,
    plan_notes,
    suggest_moments,
)
from vfapp.domain.tagging import Code, CodebookContent, Tag

VIG = default_codebook()
OTHER = CodebookContent(
    name="Home play", codes=(Code(id="A", name="Joy"), Code(id="B", name="Calm"))
)
FILM = UUID(int=1)
MINUTE = 60_000
_RECORD = {
    "created_at": datetime(2027, 3, 1, tzinfo=UTC),
    "hlc": HlcStamp(wall_ms=1, counter=0, device="ab"),
    "device_id": "ab",
}


def tag(start_s: float, end_s: float | None = None, code: str | None = "VIG-3") -> Tag:
    return Tag(
        id=uuid4(),
        **_RECORD,
        recording_id=FILM,
        codebook_id=None if code is None else UUID(int=2),
        codebook_version=None if code is None else 1,
        code=code,
        start_ms=round(start_s * 1000),
        end_ms=None if end_s is None else round(end_s * 1000),
    )


def spans(suggestions: list[SuggestedMoment]) -> list[tuple[int, int]]:
    return [(s.start_ms, s.end_ms) for s in suggestions]


def test_nothing_to_suggest_without_coded_tags() -> None:
    assert suggest_moments([], VIG, MINUTE) == []
    assert suggest_moments([tag(5, code=None), tag(9, 12, code=None)], VIG, MINUTE) == []
    assert suggest_moments([tag(5, code="VIG-1"), tag(8, code="VIG-2.3")], VIG, MINUTE) == []
    assert suggest_moments([tag(5)], VIG, MINUTE, limit=0) == []


def test_points_close_together_merge_into_one_stretch() -> None:
    close = [tag(10), tag(12), tag(14, code="VIG-3.4")]  # each stands for the 2 s around it
    alone = tag(30)
    found = suggest_moments([alone, *close], VIG, MINUTE)
    assert spans(found) == [(9_000, 15_000), (29_000, 31_000)]
    assert found[0].reason == "3 received initiatives in 6 s, 0:09-0:15"
    assert found[0].covered_ms == 6_000
    assert found[0].tag_ids == tuple(t.id for t in close)
    assert found[1].reason == "1 received initiative in 2 s, 0:29-0:31"


def test_tags_merge_within_two_seconds_and_no_further() -> None:
    assert spans(suggest_moments([tag(10), tag(14)], VIG, MINUTE)) == [(9_000, 15_000)]
    apart = suggest_moments([tag(10), tag(14.5)], VIG, MINUTE)
    assert sorted(spans(apart)) == [(9_000, 11_000), (13_500, 15_500)]


def test_a_long_stretch_is_trimmed_to_its_richest_ten_seconds() -> None:
    (centred,) = suggest_moments([tag(20, 40)], VIG, MINUTE)
    assert (centred.start_ms, centred.end_ms) == (25_000, 35_000)
    assert centred.reason == "1 received initiative in 10 s, 0:25-0:35"
    # An attuned stretch (a weaker signal) ending in three received initiatives: the ten
    # seconds kept hold all three.
    weak_then_strong = [tag(0, 16, code="VIG-4.6"), tag(12), tag(13.5), tag(15)]
    (best,) = suggest_moments(weak_then_strong, VIG, MINUTE)
    assert (best.start_ms, best.end_ms) == (6_000, 16_000)
    assert best.covered_ms == 5_000 + 5_000 // 2
    assert best.reason == "3 received initiatives and 1 attuned interaction in 10 s, 0:06-0:16"


def test_ranked_by_received_initiative_time_then_limited() -> None:
    pair = [tag(10), tag(12)]  # 4 s covered
    long_range = tag(30, 36)  # 6 s covered
    attuned = tag(50, 60, code="VIG-4")  # 10 s at half weight: 5 s
    found = suggest_moments([*pair, long_range, attuned], VIG, MINUTE)
    assert spans(found) == [(30_000, 36_000), (50_000, 60_000), (9_000, 13_000)]
    assert [s.covered_ms for s in found] == [6_000, 5_000, 4_000]
    assert found[1].reason == "1 attuned interaction in 10 s, 0:50-1:00"
    assert spans(suggest_moments([*pair, long_range, attuned], VIG, MINUTE, limit=1)) == [
        (30_000, 36_000)
    ]


def test_a_codebook_without_vig3_counts_every_coded_tag() -> None:
    tags = [tag(10, code="A"), tag(11, code="B"), tag(40, code=None)]
    (found,) = suggest_moments(tags, OTHER, MINUTE)
    assert (found.start_ms, found.end_ms, found.reason) == (
        9_000,
        12_000,
        "2 coded moments in 3 s, 0:09-0:12",
    )
    assert spans(suggest_moments(tags, None, MINUTE)) == [(9_000, 12_000)]


def test_points_at_the_films_edges_stay_inside_it() -> None:
    found = suggest_moments([tag(0.5), tag(19.8)], VIG, 20_000)
    assert sorted(spans(found)) == [(0, 1_500), (18_800, 20_000)]
    assert suggest_moments([tag(25)], VIG, 20_000) == []


@given(
    st.lists(
        st.tuples(
            st.integers(0, 120_000),
            st.one_of(st.none(), st.integers(1, 30_000)),
            st.sampled_from(["VIG-3", "VIG-3.2", "VIG-4", "VIG-4.1", "VIG-1", None]),
        ),
        max_size=25,
    ),
    st.integers(1, 5),
)
def test_suggestions_never_overlap_nor_pass_ten_seconds(
    raw: list[tuple[int, int | None, str | None]], limit: int
) -> None:
    film_ms = 100_000
    tags = [tag(s / 1000, None if d is None else (s + d) / 1000, code) for s, d, code in raw]
    found = suggest_moments(tags, VIG, film_ms, limit=limit)
    assert len(found) <= limit
    for s in found:
        assert 0 <= s.start_ms < s.end_ms <= film_ms
        assert s.end_ms - s.start_ms <= 10_000 and s.covered_ms <= s.end_ms - s.start_ms
    ordered = sorted(spans(found))
    assert all(a[1] <= b[0] for a, b in pairwise(ordered))
    covered = [s.covered_ms for s in found]
    assert covered == sorted(covered, reverse=True)


def moment(seconds: float, question: str | None = "What was he telling you?") -> PlanMoment:
    return PlanMoment(
        id=uuid4(),
        **_RECORD,
        visit_id=UUID(int=3),
        position=0,
        recording_id=FILM,
        start_ms=1_000,
        end_ms=1_000 + round(seconds * 1000),
        title="Peekaboo",
        question=question,
    )


def test_notes_are_gentle_and_name_the_moment() -> None:
    assert plan_notes([moment(9), moment(12)]) == ()
    short, long, bare = moment(9), moment(14), moment(5, question=None)
    notes = plan_notes([short, long, bare])
    assert [(n.kind, n.moment_id, n.text) for n in notes] == [
        (
            NoteKind.LONG_MOMENT,
            long.id,
            "Moment 2 lasts 14 s. Micro-moments of about 10 seconds or less are easier to "
            "take in together.",
        ),
        (
            NoteKind.NO_QUESTION,
            bare.id,
            "Moment 3 has no question yet to wonder about with the parent.",
        ),
    ]
    assert "12.4 s" in plan_notes([moment(12.4)])[0].text
    many = plan_notes([moment(8) for _ in range(4)])
    assert [(n.kind, n.text) for n in many] == [
        (
            NoteKind.MANY_MOMENTS,
            "The plan has 4 moments; a shared review usually shows up to three.",
        )
    ]


def test_words_are_tidied_and_long_ones_refused_in_a_sentence() -> None:
    assert checked_words("caption", "  I  like\nthat! ", 300) == "I like that!"
    assert checked_words("caption", " \n ", 300) is None
    with pytest.raises(InvalidInput, match=r"^The title is 81 characters long; keep it to 80\.$"):
        checked_words("title", "x" * 81, 80)
    assert [clock_text(ms) for ms in (0, 42_400, 725_000, 3_729_000)] == [
        "0:00",
        "0:42",
        "12:05",
        "1:02:09",
    ]
