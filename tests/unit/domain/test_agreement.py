"""Agreement statistics on hand-built cases: figures worked out by hand in golden JSON files,
the words in golden text files, one session checked against scikit-learn's Cohen's kappa on
the very label lists of our alignment, and properties over random codings."""

from __future__ import annotations

import json
import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from vfapp.domain.agreement import (
    NOTHING,
    Agreement,
    AgreementSettings,
    Event,
    PairKind,
    compare,
)
from vfapp.domain.agreement_words import band, moment_text, natural_key, percent_text

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(path.stem for path in GOLDEN.glob("*.json"))
NAMES = ("Ana", "Ben")
# VFAPP_UPDATE_GOLDEN=1 rewrites the words files; read the diff before committing it.
UPDATE = bool(os.environ.get("VFAPP_UPDATE_GOLDEN"))


def load(case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / f"{case}.json").read_text())
    return data


def events(rows: list[list[Any]]) -> list[Event]:
    return [Event(code=code, start_ms=start, end_ms=end) for code, start, end in rows]


def run(case: dict[str, Any]) -> Agreement:
    return compare(
        events(case["a"]), events(case["b"]), AgreementSettings(**case["settings"]), NAMES
    )


def exact(value: str | None) -> float | None:
    """A figure written by hand as a fraction ("10/38"), or None where it is undefined."""
    return None if value is None else float(Fraction(value))


def close(got: float | None, want: str | None) -> bool:
    expected = exact(want)
    return got is None if expected is None else got == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("name", CASES)
def test_the_figures_are_those_worked_out_by_hand(name: str) -> None:
    case = load(name)
    want = case["expected"]
    got = run(case)
    assert [[p.a_label, p.b_label, p.at_ms] for p in got.pairs] == want["pairs"]
    counts = ("moments", "agreements", "different_codes", "a_only", "b_only")
    assert {key: getattr(got, key) for key in counts} == {key: want[key] for key in counts}
    for figure in ("percent", "chance", "kappa"):
        assert close(getattr(got, figure), want[figure]), figure
    if "codes" not in want:
        return
    assert [c.code for c in got.codes] == sorted(want["codes"], key=natural_key)
    for code in got.codes:
        hand = want["codes"][code.code]
        for key in ("agreements", "a_only", "b_only", "a_only_other_code", "b_only_other_code"):
            assert getattr(code, key) == hand[key], (code.code, key)
        assert close(code.percent, hand["percent"]), code.code
        assert close(code.kappa, hand["kappa"]), code.code


@pytest.mark.parametrize("name", CASES)
def test_the_words_are_those_in_the_golden_text(name: str) -> None:
    got = run(load(name))
    text = "\n\n".join(
        [
            got.method,
            got.percent_explanation,
            got.kappa_explanation,
            *(code.explanation for code in got.codes),
            "\n".join(f"{moment_text(p.at_ms)}  {p.kind.value}: {p.words}" for p in got.pairs),
        ]
    )
    path = GOLDEN / f"{name}.txt"
    if UPDATE:
        path.write_text(text + "\n")
    assert text + "\n" == path.read_text()


def test_kappa_agrees_with_scikit_learn_on_the_same_alignment() -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    got = run(load("session_sklearn"))
    first, second = got.labels()
    assert len(first) == len(second) == got.moments == 24
    theirs = metrics.cohen_kappa_score(first, second)
    assert got.kappa == pytest.approx(theirs, abs=1e-12)
    assert got.kappa == pytest.approx(223 / 487, abs=1e-12)  # 0.4579, worked out by hand
    for code in got.codes:  # each code against every other label
        binary = metrics.cohen_kappa_score(
            [label == code.code for label in first], [label == code.code for label in second]
        )
        assert code.kappa == pytest.approx(binary, abs=1e-12), code.code


def test_the_stated_tolerance_and_overlap_decide_what_matches() -> None:
    a = [Event(code="VIG-1", start_ms=1_000), Event(code="VIG-3", start_ms=10_000, end_ms=14_000)]
    b = [Event(code="VIG-1", start_ms=2_200), Event(code="VIG-3", start_ms=12_000, end_ms=16_000)]
    strict = compare(a, b)  # 1.2 s apart; ranges share 2 s of 6 s (33%)
    assert (strict.agreements, strict.moments) == (0, 4)
    loose = compare(a, b, AgreementSettings(tolerance_ms=1_500, min_overlap=0.3))
    assert (loose.agreements, loose.moments, loose.kappa) == (2, 2, 1.0)
    assert "within 1.5 s" in loose.method and "at least 30%" in loose.method
    exactly = compare(
        a[:1], [Event(code="VIG-1", start_ms=1_000)], AgreementSettings(tolerance_ms=0)
    )
    assert exactly.agreements == 1 and "at the same time" in exactly.method


def test_degenerate_cases_say_why_there_is_no_figure() -> None:
    empty = compare([], [])
    assert (empty.percent, empty.kappa, empty.codes, empty.pairs) == (None, None, (), ())
    assert "nothing to compare" in empty.percent_explanation
    assert empty.kappa_explanation.startswith("Kappa cannot be computed")
    same = compare([Event(code="VIG-3", start_ms=0)], [Event(code="VIG-3", start_ms=10)])
    assert same.kappa is None and same.percent == 1
    assert "chance alone would agree on every one of them" in same.kappa_explanation
    assert same.codes[0].kappa is None and "cannot be computed" in same.codes[0].explanation


def test_the_disagreements_are_the_moments_to_jump_to() -> None:
    got = run(load("codes_differ"))
    assert [(p.at_ms, p.kind) for p in got.disagreements] == [
        (10_000, PairKind.A_ONLY),
        (30_000, PairKind.DIFFERENT),
        (70_000, PairKind.A_ONLY),
        (71_001, PairKind.B_ONLY),
    ]
    assert got.disagreements[1].words == "Ana coded VIG-3 at 0:30.0; Ben coded VIG-4 at 0:30.4."


def test_events_and_settings_refuse_nonsense() -> None:
    with pytest.raises(ValidationError, match="must end after it starts"):
        Event(code="VIG-1", start_ms=5_000, end_ms=5_000)
    with pytest.raises(ValidationError):
        AgreementSettings(min_overlap=0)
    with pytest.raises(ValidationError):
        AgreementSettings(tolerance_ms=-1)


def test_words_for_numbers() -> None:
    assert [moment_text(ms) for ms in (0, 7_450, 725_000, 3_729_400)] == [
        "0:00.0",
        "0:07.5",
        "12:05.0",
        "1:02:09.4",
    ]
    assert [percent_text(x) for x in (0.85, Fraction(89, 576), 1)] == ["85%", "15.5%", "100%"]
    assert [band(k) for k in (-0.1, 0.0, 0.2, 0.41, 0.61, 0.81)] == [
        "worse than chance",
        "no better than chance",
        "slight",
        "moderate",
        "substantial",
        "almost perfect",
    ]
    assert sorted(["VIG-10", "VIG-3.1", "VIG-2", "VIG-3"], key=natural_key) == [
        "VIG-2",
        "VIG-3",
        "VIG-3.1",
        "VIG-10",
    ]


_event = st.builds(
    lambda code, start, length: Event(
        code=code, start_ms=start, end_ms=None if length == 0 else start + length
    ),
    st.sampled_from(["VIG-1", "VIG-3", "VIG-3.1", "VIG-4"]),
    st.integers(0, 30_000),
    st.sampled_from([0, 0, 500, 2_000, 6_000]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_event, max_size=12), st.lists(_event, max_size=12))
def test_every_event_is_aligned_once_and_kappa_matches_scikit_learn(
    a: list[Event], b: list[Event]
) -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    got = compare(a, b)
    assert sorted(map(repr, (p.a for p in got.pairs if p.a))) == sorted(map(repr, a))
    assert sorted(map(repr, (p.b for p in got.pairs if p.b))) == sorted(map(repr, b))
    assert got.agreements + got.different_codes + got.a_only + got.b_only == got.moments
    first, second = got.labels()
    assert (NOTHING, NOTHING) not in set(zip(first, second, strict=True))
    if got.kappa is not None:
        assert got.kappa == pytest.approx(metrics.cohen_kappa_score(first, second), abs=1e-9)
