"""The access report for the information-governance lead: who did what to which record, when,
in plain words. It names users, case codes and short ids only: never notes, films or the
names of parents who gave consent."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import TextIO
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import NotFound
from vfapp.domain.governance import AuditEvent, AuditOutcome
from vfapp.governance.actor import Actor
from vfapp.governance.policy import RULES, Action
from vfapp.vault import audit_store, users
from vfapp.vault.database import Database

DONE_WORDS: dict[str, str] = {
    Action.RECORD: "filmed a visit",
    Action.IMPORT: "imported a film",
    Action.PLAY: "watched a film",
    Action.SUPERVISE: "watched a film in supervision",
    Action.SHOW_FAMILY: "showed a film in a shared review",
    Action.STILL: "made a still",
    Action.EXPORT_CASE: "exported a film",
    Action.EXPORT_TRAINING: "exported a film for training",
    Action.EXPORT_RESEARCH: "exported a film for research",
    Action.EXPORT_CODES: "exported a film's codes",
    Action.EXPORT_CODES_TRAINING: "exported a film's codes for training",
    Action.EXPORT_CODES_RESEARCH: "exported a film's codes for research",
    Action.DELETE_FILM: "deleted a film",
    Action.SYNC: "synced a family's films",
    Action.EDIT_CASEWORK: "changed families or visits",
    Action.VIEW_CASEWORK: "looked at families and visits",
    Action.RECORD_CONSENT: "recorded consent",
    Action.WITHDRAW_CONSENT: "recorded a withdrawal of consent",
    Action.VIEW_CONSENT: "looked at a family's consent",
    Action.MANAGE_USERS: "changed the vault's users",
    Action.SET_RETENTION: "changed the retention policy",
    Action.RUN_RETENTION: "ran the retention deletions",
    Action.READ_AUDIT: "read the audit trail",
    Action.TAG: "coded a film",
    Action.EDIT_CODEBOOK: "changed a codebook",
    Action.COMMENT: "commented on a film",
    Action.SUPERVISE_COMMENT: "commented on a film in supervision",
    Action.SIGN_OFF: "signed off a cycle",
    Action.LOG_SUPERVISION: "logged supervision",
    Action.PLAN_REVIEW: "planned a shared review",
    Action.PASS_START: "started a double coding of a film",
    Action.PASS_FINISH: "finished a double coding of a film",
    Action.COMPARE_CODINGS: "compared two codings of a film",
    Action.SUPERVISE_COMPARE: "compared two codings of a film in supervision",
    "login": "signed in",
    "login.failed": "tried to sign in",
    "user.password": "changed a password",
    "retention.delete": "deleted a film under the retention rules",
}
_READ_AUDIT_DETAILS = {
    "check": "checked the audit trail",
    "access report": "read the access report",
}
# Details shown as they are: only forms known to hold no names or content.
_SAFE_DETAIL = re.compile(
    "|".join(
        (
            r"(given|changed|withdrawn): [a-z_]+, (written|verbal)",
            r"first user, made admin|added as [a-z]+|role [a-z]+ -> [a-z]+|removed",
            r"[a-z_]+: \d+ days",
            r"(dry run, )?\d+ due, \d+ within \d+ days, \d+ deleted",
            r"(retention|withdrawal): [a-z0-9 :,()-]+",
            r"codes (as [a-z]+|imported from [A-Za-z ]+): \d+ tags.*",
        )
    )
)
_REFUSALS = {
    "role does not permit": "their role does not allow it",
    "wrong password or recovery key": "wrong password or recovery key",
    "password slot without a user": "the password belongs to no user",
}
_NO_CONSENT = re.compile(r"no ([a-z_]+) consent")
COLUMNS = ("time (UTC)", "who", "what", "record", "family", "device")


class AccessLine(BaseModel):
    """One event of the report, in words."""

    model_config = ConfigDict(frozen=True)

    at: datetime
    who: str
    what: str
    record: str
    family: str
    device: str

    def cells(self) -> tuple[str, ...]:
        return (
            f"{self.at.astimezone(UTC):%Y-%m-%d %H:%M:%S}",
            self.who,
            self.what,
            self.record,
            self.family,
            self.device,
        )


class AccessReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    family: str | None  # the case code asked for, if any
    since: date | None
    lines: tuple[AccessLine, ...]
    unreadable: int  # rows that could not be read (`audit verify` names them)


def access_report(
    actor: Actor, *, family_code: str | None = None, since: date | None = None
) -> AccessReport:
    """The report, for an admin; reading it is itself audited (a refusal too)."""
    actor.authorize(Action.READ_AUDIT, record_kind="audit_trail", log=False)
    codes = audit_store.family_codes(actor.vault.db)
    family_ids: set[UUID] | None = None
    if family_code is not None:
        family_code = family_code.strip()
        family_ids = {fid for fid, code in codes.items() if code == family_code}
        if not family_ids:
            raise NotFound("family with case code", family_code)
    about = min(family_ids) if family_ids and len(family_ids) == 1 else None
    actor.audit(
        Action.READ_AUDIT, record_kind="audit_trail", family_id=about, detail="access report"
    )
    lines, unreadable = build_lines(actor.vault.db, codes, family_ids=family_ids, since=since)
    return AccessReport(family=family_code, since=since, lines=lines, unreadable=unreadable)


def build_lines(
    db: Database,
    codes: dict[UUID, str],
    *,
    family_ids: set[UUID] | None = None,
    since: date | None = None,
) -> tuple[tuple[AccessLine, ...], int]:
    """The report's lines, oldest first, and how many rows could not be read."""
    start = None if since is None else datetime.combine(since, datetime.min.time(), UTC)
    rows = audit_store.select_rows(db, family_ids)
    events = [r.event for r in rows if r.event is not None]
    names = _Names(db)
    chosen = sorted(
        (e for e in events if start is None or _utc(e.at) >= start),
        key=lambda e: (_utc(e.at), e.device_id, e.seq),
    )
    lines = tuple(
        AccessLine(
            at=_utc(e.at),
            who=names.who(e.user_id),
            what=describe(e),
            record=_record(e, names, codes),
            family="" if e.family_id is None else codes.get(e.family_id, _short(e.family_id)),
            device=e.device_id,
        )
        for e in chosen
    )
    return lines, sum(1 for r in rows if r.event is None)


def describe(event: AuditEvent) -> str:
    """What happened, in plain words: "watched a film", "refused: watch a film (...)"."""
    action, detail = event.action, event.detail or ""
    if event.outcome is AuditOutcome.DONE:
        if action == Action.READ_AUDIT and detail in _READ_AUDIT_DETAILS:
            return _READ_AUDIT_DETAILS[detail]
        words = DONE_WORDS.get(action, action)
        return f"{words} ({detail})" if _SAFE_DETAIL.fullmatch(detail) else words
    if action == "login.failed":
        return f"failed to sign in ({_refusal(detail)})" if detail else "failed to sign in"
    words = "sign in" if action == "login" else _infinitive(action)
    reason = _refusal(detail)
    verb = "refused" if event.outcome is AuditOutcome.REFUSED else "failed"
    return f"{verb}: {words} ({reason})" if reason else f"{verb}: {words}"


def render_text(report: AccessReport) -> list[str]:
    """The report as aligned plain-text lines, with a heading."""
    about = f" for family {report.family}" if report.family else ""
    start = f" from {report.since.day} {report.since:%B %Y}" if report.since else ""
    count = len(report.lines)
    heading = f"Access report{about}{start}: {count} event{'' if count == 1 else 's'}."
    out = [heading]
    if report.lines:
        table = [COLUMNS, *(line.cells() for line in report.lines)]
        widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
        out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                for row in table]  # fmt: skip
    if report.unreadable:
        out.append(
            f"{report.unreadable} entr{'y' if report.unreadable == 1 else 'ies'} of the trail "
            "could not be read; `vfapp audit verify` names them."
        )
    return out


def write_csv(report: AccessReport, stream: TextIO) -> None:
    """The report as CSV with a header row (open `stream` with newline="")."""
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    writer.writerows(_safe_cells(line.cells()) for line in report.lines)


def _safe_cells(cells: Iterable[str]) -> list[str]:
    """Cells a spreadsheet will not run as formulas."""
    return [f"'{c}" if c[:1] in ("=", "+", "-", "@", "\t", "\r") else c for c in cells]


def _infinitive(action: str) -> str:
    try:
        return RULES[Action(action)].words
    except ValueError:
        return action


def _refusal(detail: str) -> str:
    if detail in _REFUSALS:
        return _REFUSALS[detail]
    missing = _NO_CONSENT.fullmatch(detail)
    return f"{missing.group(1).replace('_', ' ')} consent missing" if missing else ""


def _record(event: AuditEvent, names: _Names, codes: dict[UUID, str]) -> str:
    if event.record_id is None:
        return ""
    kind = (event.record_kind or "record").replace("_", " ")
    if event.record_kind == "user":
        return f"user {names.who(event.record_id)}"
    if event.record_kind == "family" and event.record_id in codes:
        return f"family {codes[event.record_id]}"
    return f"{kind} {_short(event.record_id)}"


class _Names:
    """Users' names and roles by id, looked up once each."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._known: dict[UUID, str] = {}

    def who(self, user_id: UUID | None) -> str:
        if user_id is None:
            return "(nobody signed in)"
        if user_id not in self._known:
            user = users.user_by_id(self._db, user_id)
            self._known[user_id] = (
                f"unknown user {_short(user_id)}" if user is None
                else f"{user.name} ({user.role.value})"
            )  # fmt: skip
        return self._known[user_id]


def _short(value: UUID) -> str:
    return value.hex[:8]


def _utc(at: datetime) -> datetime:
    return at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
