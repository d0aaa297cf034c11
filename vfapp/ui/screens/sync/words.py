"""Plain words for the sync screen: when the last sync was, what a sync did, a film's parts."""

from __future__ import annotations

from datetime import datetime

from vfapp.sync.engine import SyncReport
from vfapp.sync.status import SyncStatus

ROLE_NAMES = {
    "practitioner": "Practitioner",
    "guider": "Guider",
    "supervisor": "Supervisor",
    "admin": "Admin",
}


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def when(iso: str | None, now: datetime) -> str:
    """'today at 14:05', 'yesterday at 09:30' or '3 Nov 2026 at 14:05', in local time."""
    if not iso:
        return "never"
    try:
        at = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    local_now = now.astimezone()
    days = (local_now.date() - at.date()).days
    clock = f"{at:%H:%M}"
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"yesterday at {clock}"
    return f"{at.day} {at:%b %Y} at {clock}"


def last_synced(status: SyncStatus, now: datetime) -> str:
    if not status.last_sync:
        return "Never synced"
    return f"Last synced: {when(status.last_sync, now)}"


def film_line(label: str, direction: str, done: int, total: int) -> str:
    """'PIP-0100, 2026-11-20 — going up 120 of 400 parts'."""
    going = "going up" if direction == "up" else "coming down"
    if total and done >= total:
        return f"{label} — all {total} parts {'sent' if direction == 'up' else 'here'}"
    return f"{label} — {going} {done} of {total} parts"


def waiting_up(status: SyncStatus) -> str:
    films_up = sum(1 for f in status.films if f.direction == "up")
    parts = []
    if status.batches_waiting_up:
        parts.append(_plural(status.batches_waiting_up, "set of changes", "sets of changes"))
    if films_up:
        parts.append(_plural(films_up, "film", "films"))
    if not parts:
        return "Nothing is waiting to go up: the team store has everything from this laptop."
    return f"Waiting to go up: {' and '.join(parts)}."


def waiting_down(status: SyncStatus) -> str:
    films_down = sum(1 for f in status.films if f.direction == "down")
    parts = []
    if films_down:
        parts.append(_plural(films_down, "film", "films"))
    if status.ops_waiting:
        parts.append(
            _plural(status.ops_waiting, "change that waits", "changes that wait")
            + " for something it depends on"
        )
    if not parts:
        return "Nothing is waiting to come down."
    return f"Waiting to come down: {' and '.join(parts)}."


def summary(report: SyncReport, films_down: int) -> str:
    """'Sync finished: 3 changes sent, 12 received, 1 film came down.'"""
    if report.state == "waiting for approval":
        return "The team's admin has not approved this laptop yet. Sync again later to check."
    if report.state == "removed":
        return "An admin removed this laptop from the team, so nothing was sent or received."
    parts = [
        f"{_plural(report.changes_sent, 'change', 'changes')} sent",
        f"{_plural(report.ops_applied, 'change', 'changes')} received",
    ]
    if films_down:
        parts.append(f"{_plural(films_down, 'film', 'films')} came down")
    elif report.chunks_received:
        parts.append(f"{report.chunks_received} parts of films came down")
    if report.chunks_sent:
        parts.append(f"{report.chunks_sent} parts of films went up")
    return "Sync finished: " + ", ".join(parts) + "."


def state_line(status: SyncStatus) -> str:
    """What this laptop's place in the team is, when it is not simply active."""
    if status.state == "pending":
        who = status.admin_person or "the team's admin"
        return f"Waiting for {who} to approve this laptop. Sync now to check."
    if status.state == "removed":
        return (
            "An admin removed this laptop from the team. What is already on it stays here, "
            "but nothing new comes down or goes up. Ask your team's admin if this is a mistake."
        )
    return ""
