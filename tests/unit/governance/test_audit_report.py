"""The access report: plain words, who by name and role, filtered by family and day, CSV that
reads back, and never a parent's name, a note or anything of a film."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from vfapp.domain.errors import ConsentMissing, NotFound, NotPermitted
from vfapp.domain.governance import (
    AuditOutcome,
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
    Role,
)
from vfapp.governance import audit, consent
from vfapp.governance.actor import Actor
from vfapp.governance.audit_report import (
    COLUMNS,
    DONE_WORDS,
    AccessReport,
    access_report,
    render_text,
    write_csv,
)
from vfapp.governance.policy import Action
from vfapp.vault import audit_store, casework, users

PARENT = "Jessamine Oduya-Whitlock"
NOTE = "Mum tearful at the door; dad arrived late"


@pytest.fixture
def busy(admin: Actor, as_role: Callable[[Role], Actor], family: UUID) -> dict[str, UUID]:
    """Two families: consent given (by a named parent, with a note) and films watched, over
    three days; a refusal for missing consent; a failed login."""
    other = casework.add_family(admin.vault, "PIP-0099").value.id
    practitioner, supervisor = as_role(Role.PRACTITIONER), as_role(Role.SUPERVISOR)
    for fid in (family, other):
        consent.record_consent(
            practitioner,
            fid,
            [ConsentTier.FILMING],
            ConsentEventKind.GIVEN,
            given_by=PARENT,
            relationship=Relationship.PARENT,
            method=ConsentMethod.WRITTEN,
            note=NOTE,
        )
    admin.clock.advance(days=1)  # type: ignore[attr-defined]
    practitioner.authorize(
        Action.PLAY, family_id=family, record_kind="recording", record_id=uuid4()
    )
    with pytest.raises(ConsentMissing):
        supervisor.authorize(Action.SUPERVISE, family_id=family, record_kind="recording")
    admin.clock.advance(days=1)  # type: ignore[attr-defined]
    practitioner.authorize(Action.PLAY, family_id=other, record_kind="recording")
    admin.audit("login.failed", AuditOutcome.REFUSED, detail="wrong password or recovery key")
    return {"PIP-0042": family, "PIP-0099": other}


def text_of(report: AccessReport) -> str:
    buffer = io.StringIO(newline="")
    write_csv(report, buffer)
    return "\n".join(render_text(report)) + buffer.getvalue() + report.model_dump_json()


def test_the_report_says_who_did_what_in_plain_words(admin: Actor, busy: dict[str, UUID]) -> None:
    report = access_report(admin)
    whats = [(line.who, line.what, line.family) for line in report.lines]
    assert whats[0] == ("owner (admin)", "signed in (first user, made admin)", "")
    assert ("practitioner user (practitioner)", "recorded consent (given: filming, written)",
            "PIP-0042") in whats  # fmt: skip
    assert ("practitioner user (practitioner)", "watched a film", "PIP-0042") in whats
    assert (
        "supervisor user (supervisor)",
        "refused: watch a film in supervision (supervision consent missing)",
        "PIP-0042",
    ) in whats
    assert whats[-2][:2] == ("owner (admin)", "failed to sign in (wrong password or recovery key)")
    assert whats[-1] == ("owner (admin)", "read the access report", "")
    played = next(line for line in report.lines if line.what == "watched a film")
    assert played.record.startswith("recording ") and len(played.record) == len("recording ") + 8
    assert played.device == admin.vault.device_id
    assert [line.at for line in report.lines] == sorted(line.at for line in report.lines)


def test_a_failed_login_is_by_nobody(admin: Actor) -> None:
    with admin.vault.write() as batch:
        audit.append_event(
            batch.db,
            admin.vault.device_id,
            at=admin.clock(),
            user_id=None,
            action="login.failed",
            outcome=AuditOutcome.REFUSED,
            detail="wrong password or recovery key",
        )
    line = access_report(admin).lines[1]
    assert (line.who, line.what) == (
        "(nobody signed in)",
        "failed to sign in (wrong password or recovery key)",
    )


def test_the_report_filters_by_family_and_day(admin: Actor, busy: dict[str, UUID]) -> None:
    first_day = admin.clock().date() - timedelta(days=2)  # type: ignore[operator]
    only_42 = access_report(admin, family_code="PIP-0042")
    assert only_42.lines and {line.family for line in only_42.lines} == {"PIP-0042"}
    assert only_42.lines[-1].what == "read the access report"  # reading it is about that family
    later = access_report(admin, since=first_day + timedelta(days=1))
    assert later.lines and all(
        line.at.date() >= first_day + timedelta(days=1) for line in later.lines
    )
    assert not any(line.what.startswith("recorded consent") for line in later.lines)
    both = access_report(admin, family_code="PIP-0099", since=first_day + timedelta(days=2))
    assert [line.what for line in both.lines] == ["watched a film", "read the access report"]
    with pytest.raises(NotFound, match="PIP-7777"):
        access_report(admin, family_code="PIP-7777")


def test_the_csv_reads_back_with_a_header(admin: Actor, busy: dict[str, UUID]) -> None:
    report = access_report(admin, family_code="PIP-0099")
    buffer = io.StringIO(newline="")
    write_csv(report, buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue(), newline="")))
    assert tuple(rows[0]) == COLUMNS and len(rows) == len(report.lines)
    assert [r["what"] for r in rows] == [line.what for line in report.lines]
    assert rows[0]["time (UTC)"] == "2027-03-01 10:00:00" and rows[0]["family"] == "PIP-0099"


def test_no_parent_names_notes_or_display_names_in_any_form(
    admin: Actor, busy: dict[str, UUID]
) -> None:
    casework.add_family(admin.vault, "PIP-0100", display_name="Baby Tomasz")
    everything = text_of(access_report(admin)) + text_of(
        access_report(admin, family_code="PIP-0042")
    )
    for secret in (PARENT, "Jessamine", "Oduya", NOTE, "tearful", "Tomasz"):
        assert secret not in everything
    stored = admin.vault.db.query("SELECT * FROM audit_events")
    assert PARENT not in repr(stored) and "tearful" not in repr(stored)


def test_a_detail_that_is_not_known_to_be_safe_is_left_out(admin: Actor) -> None:
    admin.audit(Action.EDIT_CASEWORK, detail="visit with Jessamine moved")
    line = access_report(admin).lines[1]
    assert line.what == "changed families or visits"


def test_cells_a_spreadsheet_would_run_are_defused(admin: Actor) -> None:
    with admin.vault.write() as batch:
        odd = users.insert_user(batch, "=HYPERLINK(1)", Role.PRACTITIONER)
    Actor(admin.vault, odd, admin.clock).audit(Action.VIEW_CASEWORK)
    buffer = io.StringIO(newline="")
    write_csv(access_report(admin), buffer)
    cells = [c for row in csv.reader(io.StringIO(buffer.getvalue(), newline="")) for c in row]
    assert not any(c.startswith("=") for c in cells)
    assert "'=HYPERLINK(1) (practitioner)" in cells


def test_every_action_has_its_words() -> None:
    assert set(Action) <= set(DONE_WORDS)


def test_a_non_admin_is_refused_and_the_refusal_is_in_the_trail(
    admin: Actor, as_role: Callable[[Role], Actor], family: UUID
) -> None:
    guider = as_role(Role.GUIDER)
    with pytest.raises(NotPermitted):
        access_report(guider, family_code="PIP-0042")
    last = audit_store.last_event(admin.vault.db, admin.vault.device_id)
    assert last is not None
    assert (last.action, last.outcome, last.user_id, last.detail) == (
        Action.READ_AUDIT,
        AuditOutcome.REFUSED,
        guider.user.id,
        "role does not permit",
    )
    line = access_report(admin).lines[-2]
    assert (line.who, line.what) == (
        "guider user (guider)",
        "refused: read the audit trail (their role does not allow it)",
    )


def test_unreadable_rows_are_counted_not_fatal(admin: Actor, busy: dict[str, UUID]) -> None:
    admin.vault.db.execute("DROP TRIGGER audit_events_no_update")
    admin.vault.db.execute("UPDATE audit_events SET user_id = 'garbage' WHERE seq = 2")
    report = access_report(admin, since=date(2027, 3, 1))
    assert report.unreadable == 1 and report.lines
    assert "could not be read; `vfapp audit verify` names them." in render_text(report)[-1]
