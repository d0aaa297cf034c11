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
    events, dropped = paired(_started_and_stopped(raw), offset)
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


def _started_and_stopped(raw: list[BorisEvent]) -> list[BorisEvent]:
    """A state behaviour's events in time order are START, STOP, START... for each subject
    (and set of modifiers), as BORIS reads them."""
    open_keys: set[tuple[str, str, str]] = set()
    marked: list[BorisEvent] = []
    for event in sorted(raw, key=lambda e: e.time_ms):
        if event.status == "START":
            key = (event.subject, event.behavior, event.modifiers)
            if key in open_keys:
                open_keys.remove(key)
                event = replace(event, status="STOP")
            else:
                open_keys.add(key)
        marked.append(event)
    return marked


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
