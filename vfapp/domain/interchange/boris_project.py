"""Events of one observation of a BORIS project (.boris: JSON, any project format version).

An event is [time, subject, behaviour code, modifiers, comment, ...]. A behaviour the
ethogram calls a "State event" is a START and a STOP (see boris_events); any other is a
point. The observation read is the one chosen, or the only one with events.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from vfapp.domain.interchange.boris_events import (
    NO_TIME,
    UNPAIRED_START,
    BorisEvent,
    choose_observation,
    milliseconds,
    paired,
)
from vfapp.domain.interchange.models import ImportedCodes, refused


def read_boris_project(data: bytes, name: str, observation: str | None = None) -> ImportedCodes:
    project = _load(data, name)
    observations = project.get("observations")
    if not isinstance(observations, dict):
        raise refused(name, "is not a BORIS project (it has no observations)")
    with_events = [
        key for key, obs in observations.items() if isinstance(obs, dict) and obs.get("events")
    ]
    wanted = observation
    if wanted is not None and wanted in observations and wanted not in with_events:
        raise refused(name, f"has no coded events in the observation {wanted!r}")
    chosen = choose_observation(name, with_events, wanted)
    states = _state_behaviours(project)
    found = observations[chosen]
    offset = milliseconds(found.get("time offset", 0)) or 0
    raw = [event for item in found["events"] if (event := _event(item, states)) is not None]
    untimed = len(found["events"]) - len(raw)
    whole, unpaired = _in_pairs(raw)
    events, dropped = paired(whole, offset)
    if unpaired:
        dropped[UNPAIRED_START] = unpaired
    if untimed:
        dropped[NO_TIME] = untimed
    return ImportedCodes(
        name=name,
        kind="BORIS project",
        observation=chosen,
        events=tuple(events),
        dropped=dropped,
    )


def _load(data: bytes, name: str) -> dict[str, Any]:
    try:
        project = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise refused(name, "is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise refused(name, f"is not valid JSON (line {error.lineno}: {error.msg})") from None
    if not isinstance(project, dict):
        raise refused(name, "is not a BORIS project")
    return project


def _state_behaviours(project: dict[str, Any]) -> set[str]:
    ethogram = project.get("behaviors_conf")
    if not isinstance(ethogram, dict):
        return set()
    return {
        str(b.get("code", "")).strip()
        for b in ethogram.values()
        if isinstance(b, dict) and "state" in str(b.get("type", "")).lower()
    }


def _in_pairs(raw: list[BorisEvent]) -> tuple[list[BorisEvent], int]:
    """A state behaviour's events, in time order, start and stop in turn for each subject
    (and set of modifiers), as BORIS reads them: each pair becomes one STATE event. Also
    how many were started and never stopped."""
    open_starts: dict[tuple[str, str, str], BorisEvent] = {}
    done: list[BorisEvent] = []
    for event in sorted(raw, key=lambda e: e.time_ms):
        if event.status != "START":
            done.append(event)
            continue
        key = (event.subject, event.behavior, event.modifiers)
        start = open_starts.pop(key, None)
        if start is None:
            open_starts[key] = event
        else:
            done.append(replace(start, status="STATE", stop_ms=event.time_ms))
    return done, len(open_starts)


def _event(item: object, states: set[str]) -> BorisEvent | None:
    if not isinstance(item, list) or len(item) < 3:
        return None
    time = milliseconds(item[0])
    if time is None:
        return None
    cells = [("" if cell is None else str(cell)) for cell in item[1:5]] + ["", ""]
    subject, behavior, modifiers, comment = cells[:4]
    status = "START" if behavior.strip() in states else "POINT"
    return BorisEvent(time, subject, behavior.strip(), status, modifiers, comment)
