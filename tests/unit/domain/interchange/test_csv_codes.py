"""CSV of codes: the documented columns, one row per tag, parsed back by the csv module."""

from __future__ import annotations

import csv
import io

from tests.unit.domain.interchange.sheets import ROWS, sheet
from vfapp.domain.interchange.csv_codes import COLUMN_HELP, COLUMNS, csv_text


def _parsed(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_every_tag_is_one_row_under_the_documented_columns() -> None:
    text = csv_text(sheet())
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    assert [line.split()[0] for line in COLUMN_HELP.splitlines() if line[:1].strip()] == list(
        COLUMNS
    )
    rows = _parsed(text)
    assert len(rows) == len(ROWS)
    first, point, formula, accents, _, uncoded = rows
    assert first == {
        "film": "0123456789ab",
        "family": "",
        "tag_id": str(ROWS[0].tag_id),
        "kind": "range",
        "start_s": "1.000",
        "end_s": "4.000",
        "duration_s": "3.000",
        "code": "VIG-3.2",
        "code_name": "name of VIG-3.2",
        "principle": "VIG-3",
        "principle_name": "name of VIG-3",
        "actor": "infant",
        "note": 'a "big" smile, then a look',
        "codebook": "VIG",
        "codebook_version": "2",
    }
    assert (point["kind"], point["end_s"], point["duration_s"]) == ("point", "", "")
    assert formula["note"] == "'=SUM(A1) is not a formula"  # a spreadsheet will not run it
    assert accents["note"] == "naïve café — ünïcode"
    assert (uncoded["code"], uncoded["codebook"], uncoded["codebook_version"]) == ("", "", "")


def test_the_family_is_named_only_when_the_sheet_carries_it() -> None:
    assert {r["family"] for r in _parsed(csv_text(sheet(family="PIP-0042")))} == {"PIP-0042"}
    assert {r["family"] for r in _parsed(csv_text(sheet()))} == {""}


def test_a_note_with_line_breaks_and_quotes_stays_in_its_cell() -> None:
    awkward = ROWS[0].model_copy(update={"note": 'line one\nline "two",\r\nthree'})
    (parsed,) = _parsed(csv_text(sheet((awkward,))))
    assert parsed["note"] == 'line one\nline "two",\r\nthree'
    assert parsed["actor"] == "infant"


def test_an_empty_film_is_the_header_alone() -> None:
    assert csv_text(sheet(())) == ",".join(COLUMNS) + "\r\n"
