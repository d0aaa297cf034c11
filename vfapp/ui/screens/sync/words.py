"""Plain words for the sync screen: when the last sync was, what a sync did, a film's parts.

Translatable (context "SyncWords"); counts use Qt's plural forms (`%n`), whose English
forms come from resources/translations/attune_en_GB.ts."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from vfapp.sync.engine import SyncReport
from vfapp.sync.status import SyncStatus

CONTEXT = "SyncWords"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _count(n: int, said: str) -> str:
    """`said` is a `%n` text translated for the count `n` (Qt puts the number in). Without a
    translation loaded Qt gives the source back, so its English '(s)' is settled here."""
    return said.replace("(s)", "" if n == 1 else "s")


def role_name(role: str) -> str:
    """A team role ('practitioner', ...) in words; an unknown one as it is, capitalised."""
    names = {
        "practitioner": tr("Practitioner"),
        "guider": tr("Guider"),
        "supervisor": tr("Supervisor"),
        "admin": tr("Admin"),
    }
    return names.get(role, role.capitalize())


def when(iso: str | None, now: datetime) -> str:
    """'today at 14:05', 'yesterday at 09:30' or '3 Nov 2026 at 14:05', in local time."""
    if not iso:
        return tr("never")
    try:
        at = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    local_now = now.astimezone()
    days = (local_now.date() - at.date()).days
    clock = f"{at:%H:%M}"
    if days == 0:
        return tr("today at {clock}").format(clock=clock)
    if days == 1:
        return tr("yesterday at {clock}").format(clock=clock)
    return tr("{day} at {clock}").format(day=f"{at.day} {at:%b %Y}", clock=clock)


def last_synced(status: SyncStatus, now: datetime) -> str:
    if not status.last_sync:
        return tr("Never synced")
    return tr("Last synced: {when}").format(when=when(status.last_sync, now))


def film_line(label: str, direction: str, done: int, total: int) -> str:
    """'PIP-0100, 2026-11-20 — going up 120 of 400 parts'."""
    if total and done >= total:
        if direction == "up":
            return _count(
                total,
                QCoreApplication.translate(
                    "SyncWords", "{label} — all %n part(s) sent", None, total
                ),
            ).format(label=label)
        return _count(
            total,
            QCoreApplication.translate("SyncWords", "{label} — all %n part(s) here", None, total),
        ).format(label=label)
    if direction == "up":
        return _count(
            total,
            QCoreApplication.translate(
                "SyncWords", "{label} — going up {done} of %n part(s)", None, total
            ),
        ).format(label=label, done=done)
    return _count(
        total,
        QCoreApplication.translate(
            "SyncWords", "{label} — coming down {done} of %n part(s)", None, total
        ),
    ).format(label=label, done=done)


def _both(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return tr("{first} and {second}").format(first=parts[0], second=parts[1])


def waiting_up(status: SyncStatus) -> str:
    films_up = sum(1 for f in status.films if f.direction == "up")
    parts = []
    if status.batches_waiting_up:
        parts.append(
            _count(
                status.batches_waiting_up,
                QCoreApplication.translate(
                    "SyncWords", "%n set(s) of changes", None, status.batches_waiting_up
                ),
            )
        )
    if films_up:
        parts.append(
            _count(films_up, QCoreApplication.translate("SyncWords", "%n film(s)", None, films_up))
        )
    if not parts:
        return tr("Nothing is waiting to go up: the team store has everything from this laptop.")
    return tr("Waiting to go up: {what}.").format(what=_both(parts))


def waiting_down(status: SyncStatus) -> str:
    films_down = sum(1 for f in status.films if f.direction == "down")
    parts = []
    if films_down:
        parts.append(
            _count(
                films_down, QCoreApplication.translate("SyncWords", "%n film(s)", None, films_down)
            )
        )
    if status.ops_waiting:
        parts.append(
            _count(
                status.ops_waiting,
                QCoreApplication.translate(
                    "SyncWords",
                    "%n change(s) waiting for something they depend on",
                    None,
                    status.ops_waiting,
                ),
            )
        )
    if not parts:
        return tr("Nothing is waiting to come down.")
    return tr("Waiting to come down: {what}.").format(what=_both(parts))


def summary(report: SyncReport, films_down: int) -> str:
    """'Sync finished: 3 changes sent, 12 changes received, 1 film came down.'"""
    if report.state == "waiting for approval":
        return tr("The team's admin has not approved this laptop yet. Sync again later to check.")
    if report.state == "removed":
        return tr("An admin removed this laptop from the team, so nothing was sent or received.")
    parts = [
        _count(
            report.changes_sent,
            QCoreApplication.translate("SyncWords", "%n change(s) sent", None, report.changes_sent),
        ),
        _count(
            report.ops_applied,
            QCoreApplication.translate(
                "SyncWords", "%n change(s) received", None, report.ops_applied
            ),
        ),
    ]
    if films_down:
        parts.append(
            _count(
                films_down,
                QCoreApplication.translate("SyncWords", "%n film(s) came down", None, films_down),
            )
        )
    elif report.chunks_received:
        parts.append(
            _count(
                report.chunks_received,
                QCoreApplication.translate(
                    "SyncWords", "%n part(s) of films came down", None, report.chunks_received
                ),
            )
        )
    if report.chunks_sent:
        parts.append(
            _count(
                report.chunks_sent,
                QCoreApplication.translate(
                    "SyncWords", "%n part(s) of films went up", None, report.chunks_sent
                ),
            )
        )
    return tr("Sync finished: {what}.").format(what=", ".join(parts))


def state_line(status: SyncStatus) -> str:
    """What this laptop's place in the team is, when it is not simply active."""
    if status.state == "pending":
        who = status.admin_person or tr("the team's admin")
        return tr("Waiting for {who} to approve this laptop. Sync now to check.").format(who=who)
    if status.state == "removed":
        return tr(
            "An admin removed this laptop from the team. What is already on it stays here, "
            "but nothing new comes down or goes up. Ask your team's admin if this is a mistake."
        )
    return ""
