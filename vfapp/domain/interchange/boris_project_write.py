"""A film's codes as a BORIS project (.boris), which BORIS opens, or imports observations
from, as it stands (BORIS reads events back only from projects, not from its tables).

One observation, `film-<id>`, of the film as player 1 (a relative placeholder name). The
ethogram holds the codes used: a code used only for points is a "Point event", any other a
"State event" whose ranges are a START and a STOP (its points, if any, a START and a STOP at
the same time). Subjects are the actors; the behavioural category is the code's principle;
the comment is the note (only when notes were asked for). Uncoded markers are left out.
BORIS pairs a state's events in turn, so two ranges of one code by one actor that overlap
read back paired differently.
"""

from __future__ import annotations

import json
from typing import Any

from vfapp.domain.interchange.boris_table import observation_id
from vfapp.domain.interchange.models import CodeRow, CodeSheet

FORMAT_VERSION = "7.0"


def boris_project_json(sheet: CodeSheet) -> str:
    rows = [row for row in sheet.rows if row.code is not None]
    states = {row.code for row in rows if row.end_ms is not None}
    events: list[tuple[int, int, list[Any]]] = []
    for row in rows:
        start = _event(row.start_ms, row, row.note)
        if row.code not in states:
            events.append((row.start_ms, 1, start))
        elif row.end_ms is None:  # a point of a state: a start and a stop at once
            events += [(row.start_ms, 0, start), (row.start_ms, 0, _event(row.start_ms, row))]
        else:
            events += [(row.start_ms, 1, start), (row.end_ms, 0, _event(row.end_ms, row))]
    events.sort(key=lambda e: (e[0], e[1]))  # stops at a time before starts at that time
    media = sheet.media_name
    observation = {
        "file": {"1": [media], "2": []},
        "type": "MEDIA",
        "date": sheet.made_at.replace(tzinfo=None).isoformat(timespec="seconds"),
        "description": "Codes exported by Attune",
        "time offset": 0.0,
        "events": [event for _, _, event in events],
        "independent_variables": {},
        "visualize_spectrogram": False,
        "close_behaviors_between_videos": False,
        "media_info": {
            "length": {media: sheet.length_s} if sheet.length_s is not None else {},
            "fps": {media: sheet.fps} if sheet.fps is not None else {},
            "hasVideo": {media: True},
            "hasAudio": {media: True},
            "offset": {"1": 0.0},
        },
    }
    project = {
        "project_name": f"Attune codes {observation_id(sheet)}",
        "project_date": observation["date"],
        "project_description": "",
        "project_format_version": FORMAT_VERSION,
        "time_format": "s",
        "subjects_conf": _numbered(
            {"key": "", "name": actor, "description": ""}
            for actor in sorted({row.actor.value for row in rows})
        ),
        "behaviors_conf": _numbered(_behaviours(rows, states)),
        "behavioral_categories": sorted({row.principle or row.code or "" for row in rows}),
        "independent_variables": {},
        "coding_map": {},
        "behaviors_coding_map": [],
        "converters": {},
        "observations": {observation_id(sheet): observation},
    }
    return json.dumps(project, indent=1, ensure_ascii=False) + "\n"


def _event(at_ms: int, row: CodeRow, note: str | None = None) -> list[Any]:
    return [at_ms / 1000, row.actor.value, row.code, "", " ".join((note or "").split())]


def _behaviours(rows: list[CodeRow], states: set[str | None]) -> list[dict[str, Any]]:
    first: dict[str, CodeRow] = {}
    for row in rows:
        if row.code is not None:
            first.setdefault(row.code, row)
    return [
        {
            "type": "State event" if code in states else "Point event",
            "key": "",
            "code": code,
            "description": row.code_name or "",
            "category": row.principle or "",
            "modifiers": {},
            "excluded": "",
            "coding map": "",
        }
        for code, row in sorted(first.items())
    ]


def _numbered(items: Any) -> dict[str, Any]:
    return {str(number): item for number, item in enumerate(items)}
