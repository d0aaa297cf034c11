"""BORIS's tabular events: written as BORIS writes them, read in every layout BORIS writes.

Written: the layout of BORIS's own "export events, tabular" (.tsv, CRLF, every line padded
to the table's nine columns): a block describing the observation (id `film-<id>`, the film
as Player #1, the date of the export, no independent variables), then the columns Time,
Media file path, Total length, FPS, Subject, Behavior, Behavioral category, Comment,
Status. A range is a START and a STOP line, a point a POINT line; Subject is the actor,
Behavior the code, Behavioral category its principle, Comment the note (only when notes were
asked for). Uncoded markers have no behaviour in BORIS and are not written.

Read (.tsv or .csv): that layout, BORIS 8's tabular events (Observation id ... Behavior type,
Time) and BORIS's aggregated events (Behavior type STATE/POINT, Start (s), Stop (s)); a
table with several observations needs one chosen.
"""

from __future__ import annotations

import csv
import io

from vfapp.domain.interchange.boris_events import (
    NO_FOCAL_SUBJECT,
    NO_TIME,
    BorisEvent,
    choose_observation,
    milliseconds,
    paired,
)
from vfapp.domain.interchange.csv_codes import seconds
from vfapp.domain.interchange.models import CodeSheet, ImportedCodes, refused

COLUMNS = (
    "Time",
    "Media file path",
    "Total length",
    "FPS",
    "Subject",
    "Behavior",
    "Behavioral category",
    "Comment",
    "Status",
)


def observation_id(sheet: CodeSheet) -> str:
    return f"film-{sheet.film}"


def boris_tsv(sheet: CodeSheet) -> str:
    """The table, as text."""
    meta = [
        ("Observation id", observation_id(sheet)),
        (),
        ("Media file(s)",),
        (),
        ("Player #1", sheet.media_name),
        (),
        ("Observation date", f"{sheet.made_at:%Y-%m-%d %H:%M:%S}"),
        (),
        ("Description", "Codes exported by Attune"),
        (),
        ("Time offset (s)", "0.0"),
        (),
        ("independent variables",),
        ("variable", "value"),
        (),
    ]
    length = "NA" if sheet.length_s is None else f"{sheet.length_s:.3f}"
    fps = "NA" if sheet.fps is None else f"{sheet.fps:.1f}"
    lines: list[tuple[int, int, tuple[str, ...]]] = []
    for row in sheet.rows:
        if row.code is None:
            continue
        what = (sheet.media_name, length, fps, row.actor.value, row.code, row.principle or "")
        note = " ".join((row.note or "").split())
        if row.end_ms is None:
            lines.append((row.start_ms, 1, (seconds(row.start_ms), *what, note, "POINT")))
        else:
            lines.append((row.start_ms, 1, (seconds(row.start_ms), *what, note, "START")))
            lines.append((row.end_ms, 0, (seconds(row.end_ms), *what, "", "STOP")))
    lines.sort(key=lambda line: line[:2])  # a STOP before a START at the same time
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\r\n")
    for cells in [*meta, COLUMNS, *(line[2] for line in lines)]:
        writer.writerow([*cells, *[""] * (len(COLUMNS) - len(cells))])
    return out.getvalue()


def read_boris_table(data: bytes, name: str, observation: str | None = None) -> ImportedCodes:
    rows = _rows(data, name)
    at = next((i for i, row in enumerate(rows) if _is_header(row)), None)
    if at is None:
        raise refused(name, "is not a BORIS events table (it has no Behavior and Status or "
                      "Behavior type columns)")  # fmt: skip
    header = [cell.strip() for cell in rows[at]]
    table = [dict(zip(header, row, strict=False)) for row in rows[at + 1 :] if any(row)]
    meta = {row[0].strip(): row[1].strip() for row in rows[:at] if len(row) > 1 and row[0]}
    if "Observation id" in header:
        ids = list(dict.fromkeys(line.get("Observation id", "") for line in table))
        chosen = choose_observation(name, [i for i in ids if i], observation)
        table = [line for line in table if line.get("Observation id") == chosen]
    else:
        chosen = choose_observation(name, [meta.get("Observation id", name)], observation)
    offset = milliseconds(meta.get("Time offset (s)") or _first(table, "Time offset (s)")) or 0
    raw: list[BorisEvent] = []
    untimed = 0
    aggregated = "Start (s)" in header
    for line in table:
        event = _event(line, header, aggregated=aggregated)
        if event is None:
            untimed += 1
        else:
            raw.append(event)
    events, dropped = paired(raw, offset)
    if untimed:
        dropped[NO_TIME] = untimed
    kind = "BORIS aggregated events" if aggregated else "BORIS events table"
    return ImportedCodes(
        name=name, kind=kind, observation=chosen, events=tuple(events), dropped=dropped
    )


def _rows(data: bytes, name: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refused(name, "is not UTF-8 text") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first or "," not in first else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _is_header(row: list[str]) -> bool:
    cells = {cell.strip() for cell in row}
    return "Behavior" in cells and ("Status" in cells or "Behavior type" in cells)


def _first(table: list[dict[str, str]], column: str) -> str | None:
    return table[0].get(column) if table else None


def _event(line: dict[str, str], header: list[str], *, aggregated: bool) -> BorisEvent | None:
    modifiers = "|".join(
        line.get(c, "").strip() for c in header if c == "Modifiers" or c.startswith("Modifier #")
    ).strip("|")
    subject = line.get("Subject", "").strip()
    subject = "" if subject == NO_FOCAL_SUBJECT else subject
    behavior = line.get("Behavior", "").strip()
    if aggregated:
        start = milliseconds(line.get("Start (s)"))
        if start is None:
            return None
        kind = line.get("Behavior type", "").strip().upper()
        stop = milliseconds(line.get("Stop (s)")) if kind == "STATE" else None
        comment = line.get("Comment start", "")
        return BorisEvent(start, subject, behavior, "STATE", modifiers, comment, stop)
    time = milliseconds(line.get("Time"))
    if time is None:
        return None
    status = (line.get("Status") or line.get("Behavior type") or "POINT").strip().upper()
    return BorisEvent(time, subject, behavior, status, modifiers, line.get("Comment", ""))
