"""What BORIS's project and table readers share: observations, subjects, and state events
paired into ranges.

BORIS codes a state event as a START and a STOP of the same behaviour by the same subject
(with the same modifiers), and a point event once. Each STOP closes the earliest START still
open for its behaviour and subject; a START never closed, or a STOP with nothing open, is
left out and counted. Times are the observation's times less its time offset, so they count
from the start of the film. The subject is the actor ("No focal subject", or none, leaves
the default), the behaviour code the code, and the comment (with any modifiers) the note.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from vfapp.domain.interchange.models import ImportedEvent, refused

NO_FOCAL_SUBJECT = "No focal subject"
UNPAIRED_START = "state events started but never stopped"
UNPAIRED_STOP = "state events stopped but never started"
NO_TIME = "events without a time"


@dataclass(frozen=True)
class BorisEvent:
    """One line of BORIS's events: a POINT, a START or a STOP (or a whole STATE)."""

    time_ms: int
    subject: str
    behavior: str
    status: str  # POINT, START, STOP, or STATE with stop_ms
    modifiers: str = ""
    comment: str = ""
    stop_ms: int | None = None


def milliseconds(value: object) -> int | None:
    """A BORIS time (a number, or its text) in milliseconds; None for "NA" or nothing."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        seconds = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return round(seconds * 1000) if seconds.is_finite() else None


def choose_observation(name: str, available: Sequence[str], wanted: str | None) -> str:
    """The observation to read: the one asked for, or the only one there is."""
    if wanted is not None:
        if wanted in available:
            return wanted
        raise refused(name, f"has no observation {wanted!r} (it has {_listed(available)})")
    if not available:
        raise refused(name, "holds no observation with coded events")
    if len(available) > 1:
        raise refused(
            name,
            f"holds {len(available)} observations with events ({_listed(available)})",
            "choose one of them",
        )
    return available[0]


def paired(
    raw: Iterable[BorisEvent], offset_ms: int = 0
) -> tuple[list[ImportedEvent], dict[str, int]]:
    """Events with ranges made of START/STOP pairs, and what was left out (reason -> count)."""
    events: list[ImportedEvent] = []
    dropped: dict[str, int] = defaultdict(int)
    open_starts: dict[tuple[str, str, str], deque[BorisEvent]] = defaultdict(deque)
    for event in sorted(raw, key=lambda e: (e.time_ms, e.status != "STOP")):
        key = (event.subject, event.behavior, event.modifiers)
        if event.status == "START":
            open_starts[key].append(event)
            continue
        if event.status == "STOP":
            if not open_starts[key]:
                dropped[UNPAIRED_STOP] += 1
                continue
            start = open_starts[key].popleft()
            events.append(_event(start, event.time_ms, offset_ms))
            continue
        events.append(_event(event, event.stop_ms, offset_ms))
    unpaired = sum(len(starts) for starts in open_starts.values())
    if unpaired:
        dropped[UNPAIRED_START] += unpaired
    events.sort(key=lambda e: (e.start_ms, e.end_ms or e.start_ms))
    return events, dict(dropped)


def _event(start: BorisEvent, stop_ms: int | None, offset_ms: int) -> ImportedEvent:
    subject = start.subject.strip()
    note = " ".join(start.comment.split())
    modifiers = "|".join(
        m.strip() for m in start.modifiers.split("|") if m.strip() and m.strip() != "None"
    )
    if modifiers:
        note = f"{note} (modifiers: {modifiers})" if note else f"modifiers: {modifiers}"
    end = None if stop_ms is None or stop_ms <= start.time_ms else stop_ms - offset_ms
    return ImportedEvent(
        start_ms=start.time_ms - offset_ms,
        end_ms=end,
        codes=(start.behavior.strip(),) if start.behavior.strip() else (),
        actors=(subject,) if subject and subject != NO_FOCAL_SUBJECT else (),
        note=note or None,
    )


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(repr(n) for n in names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "") if names else "none"
