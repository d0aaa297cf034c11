"""Merging edits from several devices: last writer wins per field by HLC; a note keeps every
concurrent version, and shows the newest while more than one is current (a conflict)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class NoteVersion(BaseModel):
    """One edit of a note: its stamp, the versions its writer had seen, and the text."""

    model_config = ConfigDict(frozen=True)

    hlc: str
    bases: tuple[str, ...]
    value: str | None


def remote_wins(local_clock: str | None, remote_clock: str) -> bool:
    """Encoded HLC stamps order as text; the device id breaks a tie, so every reader agrees."""
    return local_clock is None or remote_clock > local_clock


def current_versions(versions: list[NoteVersion]) -> list[NoteVersion]:
    """The versions no other version supersedes, newest first."""
    superseded = {base for version in versions for base in version.bases}
    heads = [v for v in versions if v.hlc not in superseded]
    return sorted(heads, key=lambda v: v.hlc, reverse=True)


def shown_version(versions: list[NoteVersion]) -> NoteVersion | None:
    heads = current_versions(versions)
    return heads[0] if heads else None


def in_conflict(versions: list[NoteVersion]) -> bool:
    """More than one current version whose words differ: a person must choose."""
    return len({v.value for v in current_versions(versions)}) > 1
