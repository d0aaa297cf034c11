"""Review plan logic with no I/O: gentle notes on a plan, and moments suggested from tags."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import InvalidInput
from vfapp.domain.review import NoteKind, PlanMoment, PlanNote, SuggestedMoment
from vfapp.domain.tagging import CodebookContent, Tag

USUAL_MOMENTS = 3  # a shared review usually shows up to three micro-moments
LONG_MOMENT_MS = 12_000  # "about 10 s": a little over passes without a note
POINT_SPAN_MS = 2_000  # a point tag stands for the two seconds around it
MERGE_GAP_MS = 2_000  # tags this close together make one stretch
LONGEST_SUGGESTION_MS = 10_000
RECEIVING = "VIG-3"  # receiving initiatives, and its sub-elements
ATTUNED = "VIG-4"  # developing attuned interactions: a weaker sign of the same
ATTUNED_WEIGHT = 0.5


def tidy(text: str | None) -> str | None:
    """Words with their spacing made plain; None when there are none."""
    words = " ".join((text or "").split())
    return words or None


def checked_words(field: str, text: str | None, limit: int) -> str | None:
    """`text` tidied, refused in words when it is longer than `limit` characters."""
    words = tidy(text)
    if words is not None and len(words) > limit:
        raise InvalidInput(field, f"is {len(words)} characters long; keep it to {limit}")
    return words


def clock_text(ms: int) -> str:
    """A time in a film as people read it: 0:42, 12:05, 1:02:09."""
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def plan_notes(moments: Sequence[PlanMoment]) -> tuple[PlanNote, ...]:
    """Gentle notes on a plan whose moments are in the order shown."""
    notes: list[PlanNote] = []
    if len(moments) > USUAL_MOMENTS:
        notes.append(
            PlanNote(
                kind=NoteKind.MANY_MOMENTS,
                text=f"The plan has {len(moments)} moments; a shared review usually shows "
                "up to three.",
            )
        )
    for number, moment in enumerate(moments, start=1):
        if moment.duration_ms > LONG_MOMENT_MS:
            notes.append(
                PlanNote(
                    kind=NoteKind.LONG_MOMENT,
                    moment_id=moment.id,
                    text=f"Moment {number} lasts {_seconds(moment.duration_ms)} s. Micro-moments "
                    "of about 10 seconds or less are easier to take in together.",
                )
            )
        if moment.question is None:
            notes.append(
                PlanNote(
                    kind=NoteKind.NO_QUESTION,
                    moment_id=moment.id,
                    text=f"Moment {number} has no question yet to wonder about with the parent.",
                )
            )
    return tuple(notes)


def _seconds(ms: int) -> str:
    # Whole seconds, unless rounding would make a long moment look like 12 s or less.
    whole = round(ms / 1000)
    return str(whole) if whole * 1000 > LONG_MOMENT_MS else f"{ms / 1000:.1f}"


class _Span(BaseModel):
    """One tag as a stretch of film, with how strongly it signals a received initiative."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    weight: float
    tag_id: UUID


def suggest_moments(
    tags: Sequence[Tag],
    codebook_content: CodebookContent | None,
    film_ms: int,
    *,
    limit: int = USUAL_MOMENTS,
) -> list[SuggestedMoment]:
    """The stretches of a film richest in received initiatives, best first, each at most
    about 10 s, none overlapping. With a codebook that has no VIG-3 (or none at all), every
    coded tag counts alike."""
    weights = _weights(codebook_content)
    spans = sorted(_spans(tags, weights, film_ms), key=lambda s: (s.start, s.end))
    suggestions = [_suggestion(stretch, weights is not None) for stretch in _stretches(spans)]
    suggestions.sort(key=lambda s: (-s.covered_ms, -len(s.tag_ids), s.start_ms))
    return suggestions[: max(0, limit)]


def _weights(content: CodebookContent | None) -> dict[str, float] | None:
    """How much each code counts; None when the codebook is not VIG (all codes count)."""
    if content is None or not any(code.id == RECEIVING for code in content.codes):
        return None
    parents = {code.id: code.parent for code in content.codes}

    def root(code: str) -> str:
        seen: set[str] = set()
        while parents.get(code) is not None and code not in seen:
            seen.add(code)
            code = parents[code] or code
        return code

    found = {RECEIVING: 1.0, ATTUNED: ATTUNED_WEIGHT}
    return {code: found[root(code)] for code in parents if root(code) in found}


def _spans(tags: Sequence[Tag], weights: dict[str, float] | None, film_ms: int) -> list[_Span]:
    spans = []
    for tag in tags:
        if tag.code is None or tag.deleted:
            continue
        weight = 1.0 if weights is None else weights.get(tag.code, 0.0)
        if weight <= 0:
            continue
        if tag.end_ms is None:
            start, end = tag.start_ms - POINT_SPAN_MS // 2, tag.start_ms + POINT_SPAN_MS // 2
        else:
            start, end = tag.start_ms, tag.end_ms
        start, end = max(0, start), min(film_ms, end)
        if end > start:
            spans.append(_Span(start=start, end=end, weight=weight, tag_id=tag.id))
    return spans


def _stretches(spans: list[_Span]) -> list[list[_Span]]:
    """Spans (sorted by start) gathered into stretches wherever they lie close together."""
    stretches: list[list[_Span]] = []
    reach = 0
    for span in spans:
        if stretches and span.start <= reach + MERGE_GAP_MS:
            stretches[-1].append(span)
            reach = max(reach, span.end)
        else:
            stretches.append([span])
            reach = span.end
    return stretches


def _suggestion(stretch: list[_Span], vig: bool) -> SuggestedMoment:
    start, end = _best_window(stretch)
    inside = [s for s in stretch if s.start < end and s.end > start]
    strong = sum(1 for s in inside if s.weight >= 1.0)
    if vig:
        parts = [_count(strong, "received initiative"), _count(len(inside) - strong,
                 "attuned interaction")]  # fmt: skip
        what = " and ".join(part for part in parts if part)
    else:
        what = _count(len(inside), "coded moment")
    return SuggestedMoment(
        start_ms=start,
        end_ms=end,
        covered_ms=round(_covered(stretch, start, end)),
        tag_ids=tuple(dict.fromkeys(s.tag_id for s in inside)),
        reason=f"{what} in {round((end - start) / 1000)} s, {clock_text(start)}-{clock_text(end)}",
    )


def _count(number: int, noun: str) -> str:
    return "" if number == 0 else f"{number} {noun}{'' if number == 1 else 's'}"


def _best_window(stretch: list[_Span]) -> tuple[int, int]:
    """The whole stretch if it is short enough; else the 10 s inside it that cover the most,
    the one nearest the stretch's middle among equals."""
    first, last = stretch[0].start, max(s.end for s in stretch)
    if last - first <= LONGEST_SUGGESTION_MS:
        return first, last
    latest = last - LONGEST_SUGGESTION_MS
    middle = (first + last - LONGEST_SUGGESTION_MS) // 2
    starts = {middle, first, latest}
    for span in stretch:
        starts.update((span.start, span.end - LONGEST_SUGGESTION_MS))
    candidates = sorted(min(max(s, first), latest) for s in starts)
    best = max(
        candidates,
        key=lambda s: (_covered(stretch, s, s + LONGEST_SUGGESTION_MS), -abs(s - middle)),
    )
    return best, best + LONGEST_SUGGESTION_MS


def _covered(stretch: list[_Span], start: int, end: int) -> float:
    """Milliseconds of [start, end) that tags cover, each instant counted by its strongest
    tag (so overlapping tags are not counted twice)."""
    edges = sorted({start, end, *(e for s in stretch for e in (s.start, s.end) if start < e < end)})
    total = 0.0
    for left, right in pairwise(edges):
        weight = max((s.weight for s in stretch if s.start <= left and s.end >= right), default=0)
        total += (right - left) * weight
    return total
