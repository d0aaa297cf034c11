"""BORIS: our events table and project shaped as BORIS's own, read back identically; BORIS's
real projects and exports read, and agreeing with each other."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.domain.interchange.sheets import (
    ROWS,
    corpus_file,
    event_keys,
    row,
    row_keys,
    sheet,
)
from vfapp.domain.errors import InvalidInput
from vfapp.domain.interchange.boris_events import UNPAIRED_START, UNPAIRED_STOP
from vfapp.domain.interchange.boris_project import read_boris_project
from vfapp.domain.interchange.boris_project_write import boris_project_json
from vfapp.domain.interchange.boris_table import COLUMNS, boris_tsv, read_boris_table
from vfapp.domain.interchange.models import ImportedEvent
from vfapp.domain.tagging import TagActor


def _lines(text: str) -> list[list[str]]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))


def test_our_table_is_laid_out_as_boris_writes_its_own() -> None:
    theirs = _lines(corpus_file("boris_test_export_events_tabular.tsv").read_bytes().decode())
    ours = _lines(boris_tsv(sheet()))
    assert {len(line) for line in ours} == {len(COLUMNS)} == {len(line) for line in theirs}
    header = ours.index(list(COLUMNS))
    labels = [line[0] for line in theirs[: theirs.index(list(COLUMNS))]]
    variables = {"a", "b", "c"}  # the corpus observation's independent variables; we have none
    assert [line[0] for line in ours[:header]] == [x for x in labels if x not in variables]
    assert ours[0][:2] == ["Observation id", "film-0123456789ab"]
    assert ours[4][:2] == ["Player #1", "film-0123456789ab.mp4"]
    table = ours[header + 1 :]
    # At 9.25 s one range stops before the next one starts.
    assert [line[-1] for line in table] == [
        "START", "POINT", "START", "STOP", "START", "STOP", "STOP", "START", "STOP",
    ]  # fmt: skip
    assert table[0] == [
        "1.000", "film-0123456789ab.mp4", "20.000", "30.0", "infant", "VIG-3.2", "VIG-3",
        'a "big" smile, then a look', "START",
    ]  # fmt: skip
    assert all(line[5] for line in table)  # the uncoded marker has no behaviour in BORIS


def test_our_table_reads_back_as_the_tags() -> None:
    read = read_boris_table(boris_tsv(sheet()).encode(), "codes.tsv")
    assert (read.kind, read.observation, read.dropped) == (
        "BORIS events table",
        "film-0123456789ab",
        {},
    )
    assert event_keys(read.events) == row_keys(ROWS)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 600_000),
            st.one_of(st.none(), st.integers(1, 50_000)),
            st.sampled_from(["VIG-1", "VIG-3", "VIG-3.2"]),
            st.sampled_from(list(TagActor)),
        ),
        max_size=20,
    )
)
@settings(max_examples=80, deadline=None)
def test_any_tags_round_trip_unless_one_range_nests_in_another_alike(tags: list[tuple]) -> None:  # type: ignore[type-arg]
    rows = tuple(
        row(i + 1, start, None if n is None else start + n, code, actor)
        for i, (start, n, code, actor) in enumerate(tags)
    )
    # BORIS pairs a STOP with the earliest open START: it cannot tell nested ranges apart.
    ranges = [(r.start_ms, r.end_ms, r.code, r.actor) for r in rows if r.end_ms is not None]
    nested = any(
        a[2:] == b[2:] and a[0] < b[0] and b[1] < a[1]
        for a in ranges
        for b in ranges  # type: ignore[operator]
    )
    read = read_boris_table(boris_tsv(sheet(rows)).encode(), "codes.tsv")
    if not nested:
        assert event_keys(read.events) == row_keys(rows)
    assert len(read.events) == len(rows)


def _events(
    read_events: tuple[ImportedEvent, ...],
) -> list[tuple[int, int | None, tuple[str, ...], tuple[str, ...]]]:
    return [(e.start_ms, e.end_ms, e.codes, e.actors) for e in read_events]


def test_borises_exports_agree_with_its_project() -> None:
    project = corpus_file("boris_test.boris").read_bytes()
    tabular = corpus_file("boris_test_export_events_tabular.tsv").read_bytes()
    aggregated = corpus_file("boris_test_export_aggregated_events_test_full_1.tsv").read_bytes()
    one = read_boris_table(tabular, "tabular.tsv")
    assert (one.kind, one.observation) == ("BORIS events table", "observation #1")
    assert _events(one.events) == _events(read_boris_project(project, "p", "observation #1").events)
    assert _events(one.events)[:2] == [(3_300, 7_750, ("s",), ("subject1",)),
                                       (9_900, 16_200, ("s",), ("subject1",))]  # fmt: skip
    two = read_boris_table(aggregated, "aggregated.tsv")
    assert (two.kind, two.observation) == ("BORIS aggregated events", "observation #2")
    from_project = read_boris_project(project, "p", "observation #2")
    assert _events(two.events) == _events(from_project.events)
    assert len(two.events) == 18 and sum(e.end_ms is None for e in two.events) == 8


def test_a_project_with_several_observations_needs_one_chosen() -> None:
    data = corpus_file("boris_test.boris").read_bytes()
    with pytest.raises(InvalidInput) as refused:
        read_boris_project(data, "boris_test.boris")
    assert str(refused.value) == (
        "The file 'boris_test.boris' holds 10 observations with events ('offset positif', "
        "'offset neg', 'observation #1', 'observation #2', 'live not paired' and 5 more), so "
        "nothing was imported (choose one of them)."
    )
    with pytest.raises(InvalidInput, match="has no observation 'nope'"):
        read_boris_project(data, "boris_test.boris", "nope")
    with pytest.raises(InvalidInput, match="has no coded events in the observation '2 video avi'"):
        read_boris_project(data, "boris_test.boris", "2 video avi")
    live = read_boris_project(data, "boris_test.boris", "live not paired")
    assert live.dropped == {UNPAIRED_START: 1}
    modifiers = read_boris_project(data, "boris_test.boris", "modifiers")
    assert modifiers.events[0].note == "modifiers: m1"


def test_stray_spaces_and_none_in_modifiers_are_tidied() -> None:
    path = corpus_file("boris_test_with_leading_trailing_spaces_in_modifiers.boris")
    read = read_boris_project(path.read_bytes(), path.name)
    assert [e.note for e in read.events] == [
        "modifiers: a|c", "modifiers: a", "modifiers: 111", "modifiers: c"
    ]  # fmt: skip


def test_times_count_from_the_film_less_the_observations_offset() -> None:
    project = {
        "behaviors_conf": {"0": {"type": "State event", "code": "VIG-3"}},
        "observations": {
            "o": {
                "time offset": 5.0,
                "events": [[6.5, "Mother", "VIG-3", "", "look"], [9, "Mother", "VIG-3", "", ""],
                           ["NA", "", "VIG-3", "", ""], [12.25, "", "VIG-1", "", ""]],
            }
        },
    }  # fmt: skip
    read = read_boris_project(json.dumps(project).encode(), "p.boris")
    assert _events(read.events) == [
        (1_500, 4_000, ("VIG-3",), ("Mother",)),
        (7_250, None, ("VIG-1",), ()),
    ]
    assert read.events[0].note == "look" and read.dropped == {"events without a time": 1}


def test_boris_8s_tabular_events_are_read_too() -> None:
    header = ["Observation id", "Observation date", "Description", "Observation duration",
              "Observation type", "Source", "Time offset (s)", "Media duration (s)", "FPS",
              "Subject", "Behavior", "Behavioral category", "Modifier #1", "Behavior type",
              "Time", "Media file name", "Image index", "Image file path", "Comment"]  # fmt: skip
    base = ["obs", "2024-01-01 10:00:00", "", "60", "Media file(s)", "player #1:a.mp4", "0.0",
            "60.000", "25.000"]  # fmt: skip
    lines = [
        header,
        [*base, "Baby", "VIG-1", "", "", "POINT", "1.5", "a.mp4", "37", "NA", "hello"],
        [*base, "Baby", "VIG-3", "", "m", "START", "2.0", "a.mp4", "50", "NA", ""],
        [*base, "Baby", "VIG-3", "", "m", "STOP", "4.0", "a.mp4", "100", "NA", ""],
        [*base, "Baby", "VIG-5", "", "", "STOP", "5.0", "a.mp4", "125", "NA", ""],
    ]
    read = read_boris_table("\n".join("\t".join(x) for x in lines).encode(), "b8.tsv")
    assert _events(read.events) == [(1_500, None, ("VIG-1",), ("Baby",)),
                                    (2_000, 4_000, ("VIG-3",), ("Baby",))]  # fmt: skip
    assert [e.note for e in read.events] == ["hello", "modifiers: m"]
    assert read.dropped == {UNPAIRED_STOP: 1}
    as_csv = "\n".join(",".join(x) for x in lines).encode()
    assert _events(read_boris_table(as_csv, "b8.csv").events) == _events(read.events)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("boris_otx_import_test.boris", "holds no observation with coded events"),
        ("boris_test_time_budget1.json", "is not a BORIS project"),
        ("boris_test_jwatcher_subject1.dat", "is not a BORIS events table"),
    ],
)
def test_boris_files_without_events_say_so(name: str, words: str) -> None:
    data = corpus_file(name).read_bytes()
    reader = read_boris_project if name.endswith((".boris", ".json")) else read_boris_table
    with pytest.raises(InvalidInput, match=f"^The file '{name}' {words}"):
        reader(data, name, None)


def test_our_project_has_the_shape_of_borises_own() -> None:
    theirs = json.loads(corpus_file("boris_test.boris").read_bytes())
    ours = json.loads(boris_project_json(sheet()))
    assert set(theirs) <= set(ours)
    (observation,) = ours["observations"].values()
    assert set(theirs["observations"]["observation #1"]) == set(observation)
    assert {frozenset(b) for b in ours["behaviors_conf"].values()} == {
        frozenset(theirs["behaviors_conf"]["0"])
    }
    kinds = {b["code"]: b["type"] for b in ours["behaviors_conf"].values()}
    assert kinds == {"VIG-1": "State event", "VIG-3": "State event", "VIG-3.2": "State event"}
    assert [s["name"] for s in ours["subjects_conf"].values()] == [
        "guider", "infant", "other_adult", "parent", "sibling",
    ]  # fmt: skip
    assert observation["file"] == {"1": ["film-0123456789ab.mp4"], "2": []}
    assert observation["media_info"]["length"] == {"film-0123456789ab.mp4": 20.0}


def test_our_project_reads_back_as_the_tags() -> None:
    only_points = (row(1, 1_000, None, "VIG-5"), row(2, 3_000, None, "VIG-5", TagActor.INFANT))
    for rows in (ROWS, only_points, (*only_points, row(3, 3_000, 5_000, "VIG-5"))):
        read = read_boris_project(boris_project_json(sheet(rows)).encode(), "codes.boris")
        assert read.observation == "film-0123456789ab" and read.dropped == {}
        assert event_keys(read.events) == row_keys(rows)
    kinds = json.loads(boris_project_json(sheet(only_points)))["behaviors_conf"]["0"]["type"]
    assert kinds == "Point event"
