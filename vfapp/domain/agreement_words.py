"""How each agreement figure was computed, in plain words (for the screen, the CLI and JSON)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

NOTHING_WORDS = "nothing"
Span = tuple[str, int, int | None]  # code, start, end (None for a point)


def natural_key(label: str) -> tuple[object, ...]:
    """VIG-2 before VIG-10, VIG-3 before VIG-3.1."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", label))


def moment_text(ms: int) -> str:
    """A time in the film to a tenth of a second: 0:07.5, 12:05.0, 1:02:09.4."""
    tenths = (ms + 50) // 100  # half a tenth rounds up
    seconds, tenth = divmod(tenths, 10)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    if hours:
        return f"{hours}:{minute:02d}:{second:02d}.{tenth}"
    return f"{minute}:{second:02d}.{tenth}"


def seconds_text(ms: int) -> str:
    return f"{ms / 1000:g} s"


def percent_text(value: Fraction | float) -> str:
    """85%, 48.3%: a tenth shown only when it is not zero."""
    shown = f"{float(value) * 100:.1f}"
    return f"{shown.removesuffix('.0')}%"


def kappa_text(kappa: float) -> str:
    return f"{kappa:.2f}"


def band(kappa: float) -> str:
    """Landis and Koch's (1977) words for a kappa, applied to the value as shown."""
    shown = round(kappa, 2)
    if shown < 0:
        return "worse than chance"
    if shown == 0:
        return "no better than chance"
    for top, name in ((0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial")):
        if shown <= top:
            return name
    return "almost perfect"


def method(tolerance_ms: int, min_overlap: float) -> str:
    """How moments were paired before anything was counted."""
    near = "at the same time" if tolerance_ms == 0 else f"within {seconds_text(tolerance_ms)}"
    share = percent_text(min_overlap)
    return (
        "Each coder's coded moments were paired in three steps. First, moments with the same "
        f"code: two points when they were {near} of each other; two ranges when the time they "
        f"share was at least {share} of the time either covers (intersection over union); a "
        f"point and a range when the point fell inside the range or {near} of it. The closest "
        "pairs were made first, and each moment was used once. Then moments left over that "
        "were as close but coded differently were paired as disagreements on the code. Every "
        "moment still left was paired with 'nothing': one coder coded something where the "
        "other coded nothing to match it. Uncoded tags and markers were left out, and who a "
        "moment was about (parent, infant, ...) was not compared."
    )


def overall_percent(
    names: tuple[str, str], n: int, agree: int, different: int, a_only: int, b_only: int
) -> str:
    if n == 0:
        return "Neither coding has a coded moment yet, so there is nothing to compare."
    a, b = names
    if agree == n:
        return f"Agreement 100%: the coders gave the same code at all {_count(n, 'moment')}."
    return (
        f"Agreement {percent_text(Fraction(agree, n))}: of the {_count(n, 'moment')} "
        f"either coder coded, {agree} had the same code from both. Of the other "
        f"{n - agree}: {different} had different codes from the two coders, {a_only} "
        f"{_were(a_only)} coded by {a} only, and {b_only} by {b} only."
    )


def overall_kappa(
    names: tuple[str, str],
    n: int,
    agree: int,
    pe: Fraction | None,
    kappa: float | None,
    terms: Sequence[tuple[str, int, int]],
) -> str:
    if n == 0 or pe is None:
        return "Kappa cannot be computed: there are no coded moments to compare."
    a, b = names
    po = Fraction(agree, n)
    if kappa is None:
        return (
            f"Kappa cannot be computed: both coders gave all {_count(n, 'moment')} the same "
            f"code ({terms[0][0]}), so chance alone would agree on every one of them. They "
            f"agreed on all {n} ({percent_text(po)})."
        )
    products = ", ".join(f"{_label(k)}: {x} x {y}" for k, x, y in terms)
    total = sum(x * y for _, x, y in terms)
    return (
        f"Kappa {kappa_text(kappa)} ({band(kappa)} agreement on Landis and Koch's scale). "
        f"The coders agreed on {agree} of {n} moments ({percent_text(po)}). By chance alone "
        f"they would agree on {percent_text(pe)}: for each code, and for 'nothing', the "
        f"number of moments {a} gave it times the number {b} gave it, added up and divided "
        f"by {n} x {n} ({products or 'no label in common'}; {total} / {n * n}). Kappa is the "
        f"share of the agreement possible beyond chance that they reached: "
        f"({percent_text(po)} - {percent_text(pe)}) / (100% - {percent_text(pe)}) = "
        f"{kappa_text(kappa)}."
    )


def per_code(
    code: str,
    names: tuple[str, str],
    n: int,
    counts: tuple[int, int, int, int, int],
    po: Fraction,
    pe: Fraction,
    kappa: float | None,
) -> str:
    """One code's agreement, and its kappa as this code against every other label."""
    both, a_only, b_only, a_other, b_other = counts
    a, b = names
    either = both + a_only + b_only
    said = (
        f"{code}: one coder or both coded {code} at {_count(either, 'moment')}; both did at "
        f"{both} ({percent_text(Fraction(both, either))}). {a} alone coded it at {a_only}"
        f"{_other(a_other, b)}, {b} alone at {b_only}{_other(b_other, a)}. "
    )
    if kappa is None:
        return said + (
            f"Kappa cannot be computed for {code}: both coders gave it to every moment, so "
            "chance alone would agree on all of them."
        )
    neither = n - either
    return said + (
        f"Kappa {kappa_text(kappa)} ({band(kappa)}) counts each of the {n} moments as {code} "
        f"or not: the coders agreed at {both + neither} of {n} ({percent_text(po)}: {both} "
        f"where both coded {code}, {neither} where neither did), where chance would give "
        f"{percent_text(pe)}; "
        f"({percent_text(po)} - {percent_text(pe)}) / (100% - {percent_text(pe)}) = "
        f"{kappa_text(kappa)}."
    )


def disagreement(names: tuple[str, str], a: Span | None, b: Span | None, tolerance_ms: int) -> str:
    """One aligned moment in a sentence, as the list of disagreements shows it."""
    first, second = names
    if a is not None and b is not None:
        if a[0] == b[0]:
            return f"Both coded {a[0]}: {first} {_when(a)}, {second} {_when(b)}."
        return f"{first} coded {a[0]} {_when(a)}; {second} coded {b[0]} {_when(b)}."
    who, other, span = (first, second, a) if a is not None else (second, first, b)
    assert span is not None
    return f"{who} coded {span[0]} {_when(span)}; {other} coded nothing to match it."


def _when(span: Span) -> str:
    _, start, end = span
    if end is None:
        return f"at {moment_text(start)}"
    return f"from {moment_text(start)} to {moment_text(end)}"


def _other(count: int, other: str) -> str:
    if count == 0:
        return ""
    return f" ({other} gave {count} of them another code)"


def _label(label: str) -> str:
    return NOTHING_WORDS if label == "(none)" else label


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _were(n: int) -> str:
    return "was" if n == 1 else "were"
