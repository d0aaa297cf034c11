"""Which events read from a file become tags on a film, and why the others do not.

An event's code is the first of its candidates that names a visible code of the codebook
(exactly, else ignoring case); its actor the first candidate that names an actor, else the
default. Times move earlier by the shift (the file's time that is the film's start). Codes
the codebook does not have, and events before the film's start or beyond its end, refuse the
whole import in one sentence unless the user chose to skip them; events with no code, and
events that are already tags on the film, are skipped and counted.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict, Field

from vfapp.domain.interchange.models import ImportedCodes, ImportedEvent, actor_named, refused
from vfapp.domain.tagging import CodebookContent, TagActor

UNKNOWN = "codes not in the codebook"
OUTSIDE = "events outside the film"
NO_CODE = "events with no code"
ALREADY = "events already tagged on the film"
NOTE_MAX = 1000

TagKey = tuple[int, int | None, str, TagActor]


class ImportOptions(BaseModel):
    model_config = ConfigDict(frozen=True)

    skip_unknown: bool = False  # import the rest when some codes are not in the codebook
    skip_outside: bool = False  # import the rest when some events fall outside the film
    shift_ms: int = 0  # taken from every time: the file's time where the film starts
    default_actor: TagActor = TagActor.PARENT
    with_notes: bool = True  # comments and note tiers become the tags' notes


class PlannedTag(BaseModel):
    model_config = ConfigDict(frozen=True)

    start_ms: int = Field(ge=0)
    end_ms: int | None = None
    code: str
    actor: TagActor
    note: str | None = None

    @property
    def key(self) -> TagKey:
        return (self.start_ms, self.end_ms, self.code, self.actor)


class ImportPlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    tags: tuple[PlannedTag, ...]
    skipped: dict[str, int]  # reason -> how many events


def plan_import(
    read: ImportedCodes,
    codebook: CodebookContent,
    length_ms: int | None,
    options: ImportOptions | None = None,
    existing: frozenset[TagKey] = frozenset(),
) -> ImportPlan:
    """The tags to add; refused in one sentence when something does not fit (see above)."""
    options = options or ImportOptions()
    if not read.events:
        raise refused(read.name, "holds no events with a time")
    codes = _Codes(codebook)
    skipped: Counter[str] = Counter(read.dropped)
    unknown: Counter[str] = Counter()
    early = late = 0
    tags: list[PlannedTag] = []
    for event in read.events:
        if not event.codes:
            skipped[NO_CODE] += 1
            continue
        code = codes.find(event.codes)
        if code is None:
            unknown[event.codes[0]] += 1
            continue
        start = event.start_ms - options.shift_ms
        end = None if event.end_ms is None else event.end_ms - options.shift_ms
        if start < 0:
            early += 1
            continue
        if length_ms is not None and (start if end is None else end) > length_ms:
            late += 1
            continue
        tag = PlannedTag(
            start_ms=start, end_ms=end, code=code, actor=_actor(event, options), note=None
        )
        if tag.key in existing:
            skipped[ALREADY] += 1
            continue
        tags.append(tag.model_copy(update={"note": _note(event, options)}))
    if unknown and not options.skip_unknown:
        listed = ", ".join(repr(c) for c, _ in unknown.most_common(5))
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        count = f"{len(unknown)} code{'s' if len(unknown) > 1 else ''}"
        raise refused(
            read.name,
            f"uses {count} that the codebook {codebook.name!r} does not have ({listed}{more})",
            "add them to the codebook, or skip unknown codes",
        )
    if early + late and not options.skip_outside:
        raise refused(read.name, _outside(early, late, length_ms), "shift its times, or skip "
                      "events outside the film")  # fmt: skip
    if unknown:
        skipped[UNKNOWN] += sum(unknown.values())
    if early + late:
        skipped[OUTSIDE] += early + late
    return ImportPlan(tags=tuple(tags), skipped=dict(skipped))


def has_every_code(read: ImportedCodes, codebook: CodebookContent) -> bool:
    """Whether every event with a code names a visible code of the codebook."""
    codes = _Codes(codebook)
    return all(codes.find(event.codes) is not None for event in read.events if event.codes)


class _Codes:
    def __init__(self, codebook: CodebookContent) -> None:
        visible = [code.id for code in codebook.codes if not code.hidden]
        self._exact = set(visible)
        self._folded = {code.casefold(): code for code in visible}

    def find(self, candidates: tuple[str, ...]) -> str | None:
        for candidate in candidates:
            if candidate in self._exact:
                return candidate
        for candidate in candidates:
            if candidate.casefold() in self._folded:
                return self._folded[candidate.casefold()]
        return None


def _actor(event: ImportedEvent, options: ImportOptions) -> TagActor:
    named = (actor_named(word) for word in event.actors)
    return next((actor for actor in named if actor is not None), options.default_actor)


def _note(event: ImportedEvent, options: ImportOptions) -> str | None:
    words = " ".join((event.note or "").split()) if options.with_notes else ""
    if len(words) > NOTE_MAX:
        words = words[: NOTE_MAX - 1] + "…"
    return words or None


def _outside(early: int, late: int, length_ms: int | None) -> str:
    parts = []
    if early:
        parts.append(f"{early} event{'s' if early > 1 else ''} before the start of the film")
    if late and length_ms is not None:
        length = f"{length_ms / 1000:.1f} s"
        parts.append(f"{late} event{'s' if late > 1 else ''} beyond the end of the film ({length})")
    return "has " + " and ".join(parts)
