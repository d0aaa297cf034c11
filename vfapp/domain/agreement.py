"""Double coding: coding passes, and agreement between two codings of a film (events aligned
in time, percentage agreement and Cohen's kappa), every figure with its working in words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from fractions import Fraction
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vfapp.domain import agreement_words as words
from vfapp.domain.errors import VfappError
from vfapp.domain.models import Record

NOTHING = "(none)"  # the label of "no moment here" in the aligned label lists


class PassStatus(StrEnum):
    OPEN = "open"
    FINISHED = "finished"


class CodingPass(Record):
    """One person's own coding of a film, kept apart from its primary coding (the tags made
    outside any pass). While a blind pass is open its coder sees no other coding."""

    recording_id: UUID
    coder_id: UUID
    blind: bool = True
    status: PassStatus = PassStatus.OPEN
    finished_at: datetime | None = None


class CodingRefused(VfappError):
    """Something double coding does not allow (seeing or changing another coding while one's
    own is open, comparing an open one); its text is the one sentence that says why."""


class Event(BaseModel):
    """A coded moment of one coding: a point (end_ms None) or a range."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(min_length=1)
    start_ms: int = Field(ge=0)
    end_ms: int | None = None
    tag_id: UUID | None = None

    @model_validator(mode="after")
    def _range_runs_forwards(self) -> Event:
        if self.end_ms is not None and self.end_ms <= self.start_ms:
            raise ValueError("a range must end after it starts")
        return self

    @property
    def is_point(self) -> bool:
        return self.end_ms is None


class AgreementSettings(BaseModel):
    """When two moments count as the same moment."""

    model_config = ConfigDict(frozen=True)

    tolerance_ms: int = Field(default=1_000, ge=0, le=60_000)  # points: within ± this
    min_overlap: float = Field(default=0.5, gt=0, le=1)  # ranges: intersection over union


class PairKind(StrEnum):
    AGREE = "agree"  # the same code at the same moment
    DIFFERENT = "different"  # both coded the moment, with different codes
    A_ONLY = "a_only"  # the first coder coded it, the second coded nothing there
    B_ONLY = "b_only"


class AlignedPair(BaseModel):
    """One moment of the alignment: an event of each coding, or of one and nothing."""

    model_config = ConfigDict(frozen=True)

    a: Event | None
    b: Event | None
    kind: PairKind
    at_ms: int  # where the moment starts (the earlier of the two): where the player jumps
    words: str

    @property
    def a_label(self) -> str:
        return NOTHING if self.a is None else self.a.code

    @property
    def b_label(self) -> str:
        return NOTHING if self.b is None else self.b.code


class CodeFigures(BaseModel):
    """One code's figures: moments both gave it, and moments only one of them did."""

    model_config = ConfigDict(frozen=True)

    code: str
    agreements: int
    a_only: int  # the first coder gave this code, the second did not (nothing, or another)
    b_only: int
    a_only_other_code: int  # of a_only: the second coder gave the moment another code
    b_only_other_code: int
    percent: float  # agreements / (agreements + a_only + b_only)
    kappa: float | None  # this code against every other label; None when undefined
    explanation: str


class Agreement(BaseModel):
    """Two codings compared: the alignment, the overall and per-code figures, in words."""

    model_config = ConfigDict(frozen=True)

    settings: AgreementSettings
    a_name: str
    b_name: str
    moments: int  # aligned pairs
    agreements: int
    different_codes: int
    a_only: int  # moments only the first coder coded
    b_only: int
    percent: float | None  # observed agreement; None with no moments
    chance: float | None  # agreement expected by chance
    kappa: float | None  # None with no moments, or when chance agreement is certain
    codes: tuple[CodeFigures, ...]
    pairs: tuple[AlignedPair, ...]
    method: str  # how the moments were paired
    percent_explanation: str
    kappa_explanation: str

    @property
    def disagreements(self) -> tuple[AlignedPair, ...]:
        return tuple(pair for pair in self.pairs if pair.kind is not PairKind.AGREE)

    def labels(self) -> tuple[list[str], list[str]]:
        """The two label lists of the alignment (what Cohen's kappa is computed over)."""
        return [p.a_label for p in self.pairs], [p.b_label for p in self.pairs]


def compare(
    a: Sequence[Event],
    b: Sequence[Event],
    settings: AgreementSettings | None = None,
    names: tuple[str, str] = ("Coder A", "Coder B"),
) -> Agreement:
    """Align two codings' events and compute their agreement."""
    settings = settings or AgreementSettings()
    pairs = align(a, b, settings, names)
    la, lb = [p.a_label for p in pairs], [p.b_label for p in pairs]
    n = len(pairs)
    agree = sum(p.kind is PairKind.AGREE for p in pairs)
    counts = {kind: sum(p.kind is kind for p in pairs) for kind in PairKind}
    po, pe, kappa = _kappa(la, lb)
    codes = tuple(_code_figures(code, la, lb, names) for code in _codes(la, lb))
    return Agreement(
        settings=settings,
        a_name=names[0],
        b_name=names[1],
        moments=n,
        agreements=agree,
        different_codes=counts[PairKind.DIFFERENT],
        a_only=counts[PairKind.A_ONLY],
        b_only=counts[PairKind.B_ONLY],
        percent=None if po is None else float(po),
        chance=None if pe is None else float(pe),
        kappa=kappa,
        codes=codes,
        pairs=tuple(pairs),
        method=words.method(settings.tolerance_ms, settings.min_overlap),
        percent_explanation=words.overall_percent(
            names,
            n,
            agree,
            *(counts[k] for k in (PairKind.DIFFERENT, PairKind.A_ONLY, PairKind.B_ONLY)),
        ),
        kappa_explanation=words.overall_kappa(names, n, agree, pe, kappa, _chance_terms(la, lb)),
    )


def align(
    a: Sequence[Event],
    b: Sequence[Event],
    settings: AgreementSettings,
    names: tuple[str, str] = ("Coder A", "Coder B"),
) -> list[AlignedPair]:
    """Pair the two codings' events, one to one, in three steps:

    1. Same code, close in time: the closest candidate pair first (ties: the earlier
       moments, then the order given). Close: two points within ± tolerance; two ranges
       whose intersection over union is at least `min_overlap`; a point and a range when
       the point is inside the range or within the tolerance of it.
    2. Of the events left, those close in time but with different codes, the same way.
    3. Every event still left is paired with nothing.

    The pairs come back in time order."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    made: list[tuple[Event | None, Event | None]] = []
    for same_code in (True, False):
        candidates = sorted(
            (_distance(x, y), x.start_ms, y.start_ms, i, j)
            for i, x in enumerate(a)
            if i not in used_a
            for j, y in enumerate(b)
            if j not in used_b and (x.code == y.code) == same_code and _close(x, y, settings)
        )
        for *_, i, j in candidates:
            if i not in used_a and j not in used_b:
                used_a.add(i)
                used_b.add(j)
                made.append((a[i], b[j]))
    made += [(x, None) for i, x in enumerate(a) if i not in used_a]
    made += [(None, y) for j, y in enumerate(b) if j not in used_b]
    pairs = [_pair(x, y, settings, names) for x, y in made]
    return sorted(pairs, key=lambda p: (p.at_ms, p.a_label, p.b_label))


def _close(x: Event, y: Event, settings: AgreementSettings) -> bool:
    if x.end_ms is not None and y.end_ms is not None:
        shared = min(x.end_ms, y.end_ms) - max(x.start_ms, y.start_ms)
        if shared <= 0:
            return False
        union = (x.end_ms - x.start_ms) + (y.end_ms - y.start_ms) - shared
        return Fraction(shared, union) >= Fraction(str(settings.min_overlap))
    return _distance(x, y) <= settings.tolerance_ms


def _distance(x: Event, y: Event) -> int:
    """How far apart two moments are, in ms: between two points, the gap; between a point
    and a range, how far the point lies outside it; between two ranges, the time only one
    of them covers."""
    if x.end_ms is None and y.end_ms is None:
        return abs(x.start_ms - y.start_ms)
    if x.end_ms is not None and y.end_ms is not None:
        shared = max(0, min(x.end_ms, y.end_ms) - max(x.start_ms, y.start_ms))
        return (x.end_ms - x.start_ms) + (y.end_ms - y.start_ms) - 2 * shared
    point, span = (x, y) if x.end_ms is None else (y, x)
    assert span.end_ms is not None
    return max(0, span.start_ms - point.start_ms, point.start_ms - span.end_ms)


def _pair(
    x: Event | None, y: Event | None, settings: AgreementSettings, names: tuple[str, str]
) -> AlignedPair:
    if x is not None and y is not None:
        kind = PairKind.AGREE if x.code == y.code else PairKind.DIFFERENT
        at = min(x.start_ms, y.start_ms)
    else:
        kind = PairKind.A_ONLY if y is None else PairKind.B_ONLY
        only = x or y
        assert only is not None
        at = only.start_ms
    said = words.disagreement(names, _spans(x), _spans(y), settings.tolerance_ms)
    return AlignedPair(a=x, b=y, kind=kind, at_ms=at, words=said)


def _spans(event: Event | None) -> tuple[str, int, int | None] | None:
    return None if event is None else (event.code, event.start_ms, event.end_ms)


def _kappa(la: list[str], lb: list[str]) -> tuple[Fraction | None, Fraction | None, float | None]:
    """Observed agreement, chance agreement and Cohen's kappa over two label lists."""
    n = len(la)
    if n == 0:
        return None, None, None
    po = Fraction(sum(x == y for x, y in zip(la, lb, strict=True)), n)
    ca, cb = Counter(la), Counter(lb)
    pe = sum((Fraction(ca[k] * cb[k], n * n) for k in ca.keys() & cb.keys()), Fraction(0))
    kappa = None if pe == 1 else float((po - pe) / (1 - pe))
    return po, pe, kappa


def _chance_terms(la: list[str], lb: list[str]) -> list[tuple[str, int, int]]:
    """Each label both coders used, with how many moments each gave it (chance's sum)."""
    ca, cb = Counter(la), Counter(lb)
    return [(k, ca[k], cb[k]) for k in _order(ca.keys() & cb.keys())]


def _code_figures(code: str, la: list[str], lb: list[str], names: tuple[str, str]) -> CodeFigures:
    both = sum(x == code and y == code for x, y in zip(la, lb, strict=True))
    a_only = sum(x == code and y != code for x, y in zip(la, lb, strict=True))
    b_only = sum(y == code and x != code for x, y in zip(la, lb, strict=True))
    a_other = sum(x == code and y not in (code, NOTHING) for x, y in zip(la, lb, strict=True))
    b_other = sum(y == code and x not in (code, NOTHING) for x, y in zip(la, lb, strict=True))
    binary_a = [x == code for x in la]
    binary_b = [y == code for y in lb]
    po, pe, kappa = _kappa([str(v) for v in binary_a], [str(v) for v in binary_b])
    assert po is not None and pe is not None
    return CodeFigures(
        code=code,
        agreements=both,
        a_only=a_only,
        b_only=b_only,
        a_only_other_code=a_other,
        b_only_other_code=b_other,
        percent=both / (both + a_only + b_only),
        kappa=kappa,
        explanation=words.per_code(
            code, names, len(la), (both, a_only, b_only, a_other, b_other), po, pe, kappa
        ),
    )


def _codes(la: list[str], lb: list[str]) -> list[str]:
    return _order({*la, *lb} - {NOTHING})


def _order(labels: set[str] | frozenset[str]) -> list[str]:
    """Codes in the order people expect (VIG-2 before VIG-10), nothing last."""
    return sorted(labels, key=lambda label: (label == NOTHING, words.natural_key(label)))
