"""A film's codes as CSV: one row per tag, UTF-8, RFC 4180 quoting, CRLF line ends.

Columns, in this order (the first row names them):

    film             the last 12 characters of the film's id (`--recording` accepts them)
    family           the family's case code, only in an export for case work; else empty
    tag_id           the tag's own id
    kind             point or range
    start_s          seconds from the film's first picture, to the millisecond
    end_s            where a range ends; empty for a point
    duration_s       end_s - start_s; empty for a point
    code             the code, e.g. VIG-3.2; empty for a marker not yet coded
    code_name        the code's name in the codebook
    principle        the principle it belongs to: its parent code, or the code itself
    principle_name   the principle's name
    actor            whose moment: parent, infant, guider, other_adult or sibling
    note             the tag's note: empty unless notes were asked for (they may hold
                     personal words, so they are left out by default)
    codebook         the codebook's name
    codebook_version the codebook version the tag was coded with

Text cells that a spreadsheet would run as a formula (starting with = + - @) get a leading
apostrophe.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Iterator

from vfapp.domain.interchange.models import CodeRow, CodeSheet

COLUMNS = (
    "film",
    "family",
    "tag_id",
    "kind",
    "start_s",
    "end_s",
    "duration_s",
    "code",
    "code_name",
    "principle",
    "principle_name",
    "actor",
    "note",
    "codebook",
    "codebook_version",
)
# For `--help`: the columns and what each holds, in the module's words.
COLUMN_HELP = textwrap.dedent(__doc__.split("\n\n")[2]).strip("\n") if __doc__ else ""


def csv_lines(sheet: CodeSheet) -> Iterator[str]:
    """The header line, then one line per tag (each ends with CRLF)."""
    yield _line(COLUMNS)
    for row in sheet.rows:
        yield _line(_cells(sheet, row))


def csv_text(sheet: CodeSheet) -> str:
    return "".join(csv_lines(sheet))


def seconds(ms: int | None) -> str:
    return "" if ms is None else f"{ms / 1000:.3f}"


def _cells(sheet: CodeSheet, row: CodeRow) -> tuple[str, ...]:
    duration = None if row.end_ms is None else row.end_ms - row.start_ms
    return (
        sheet.film,
        sheet.family or "",
        str(row.tag_id),
        "point" if row.end_ms is None else "range",
        seconds(row.start_ms),
        seconds(row.end_ms),
        seconds(duration),
        _text(row.code),
        _text(row.code_name),
        _text(row.principle),
        _text(row.principle_name),
        row.actor.value,
        _text(row.note),
        _text(row.codebook),
        "" if row.codebook_version is None else str(row.codebook_version),
    )


def _text(value: str | None) -> str:
    if not value:
        return ""
    return f"'{value}" if value[0] in "=+-@" else value


def _line(cells: tuple[str, ...]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()
