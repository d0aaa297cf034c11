"""Which reader a file of codes needs, by its name: ELAN .eaf, a BORIS project or table."""

from __future__ import annotations

from pathlib import PurePath

from vfapp.domain.interchange.boris_project import read_boris_project
from vfapp.domain.interchange.boris_table import read_boris_table
from vfapp.domain.interchange.eaf_read import read_eaf
from vfapp.domain.interchange.models import ImportedCodes, refused

READABLE = "ELAN .eaf files, BORIS .boris projects and BORIS events tables in .tsv or .csv"
# Files other tools write that turn up beside them; said by name, so the refusal helps.
_OTHER_TOOLS = {
    ".otx": "a Noldus Observer XT project",
    ".otb": "a Noldus Observer XT template",
    ".dat": "a JWatcher data file",
    ".faf": "a JWatcher focal analysis file",
    ".fmf": "a JWatcher focal master file",
    ".textgrid": "a Praat TextGrid",
    ".cha": "a CHAT transcript",
    ".rttm": "an RTTM speech segmentation",
    ".opf": "a Datavyu project",
}


def read_codes(name: str, data: bytes, observation: str | None = None) -> ImportedCodes:
    """The events a file holds; anything else is refused in one sentence naming the file."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".eaf":
        return read_eaf(data, name)
    if suffix in (".boris", ".json"):
        return read_boris_project(data, name, observation)
    if suffix in (".tsv", ".csv", ".txt"):
        return read_boris_table(data, name, observation)
    what = _OTHER_TOOLS.get(suffix, "not a kind of file Attune reads codes from")
    raise refused(name, f"is {what}", f"Attune reads {READABLE}")
