"""`verify_audit`: a clean trail passes; each kind of tampering is caught and its first bad
event named. Tampering drops the append-only triggers first, as an attacker with the key would."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.conftest import PASSWORD
from vfapp.domain.errors import NotPermitted
from vfapp.domain.governance import AuditEvent, AuditOutcome, Role
from vfapp.governance import audit
from vfapp.governance.actor import Actor, sign_in
from vfapp.governance.audit_verify import AuditVerdict, check_trail, verify_audit
from vfapp.governance.policy import Action
from vfapp.vault import audit_store
from vfapp.vault.lifecycle import unlock_vault
from vfapp.vault.session import Vault

START = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)


def at(seq: int) -> datetime:
    """When event `seq` of the `trail` fixture happened (one minute apart from the login)."""
    return START + timedelta(minutes=seq - 1)


@pytest.fixture
def trail(admin: Actor, as_role: Callable[[Role], Actor], family: UUID) -> Vault:
    """Ten events from four users: the admin's login, then nine uses a minute apart."""
    actors = [as_role(r) for r in (Role.PRACTITIONER, Role.GUIDER, Role.SUPERVISOR, Role.ADMIN)]
    for n in range(9):
        actor = actors[n % len(actors)]
        actor.clock.advance(minutes=1)  # type: ignore[attr-defined]
        actor.audit(Action.PLAY, record_kind="recording", record_id=uuid4(), family_id=family)
    assert len(audit_store.chain_rows(admin.vault.db, admin.vault.device_id)) == 10
    unguard(admin.vault)
    return admin.vault


def unguard(vault: Vault) -> None:
    for verb in ("update", "delete"):
        vault.db.execute(f"DROP TRIGGER IF EXISTS audit_events_no_{verb}")


def first_bad(vault: Vault) -> tuple[int | None, datetime | None, str]:
    verdict = verify_audit(vault)
    assert not verdict.ok and verdict.first_problem is not None
    problem = verdict.first_problem
    assert problem.device_id == vault.device_id
    assert problem.sentence() in verdict.summary()
    return problem.seq, problem.at, problem.what


def test_a_clean_trail_from_several_users_is_intact(trail: Vault) -> None:
    verdict = verify_audit(trail)
    assert verdict.ok and verdict.problems == ()
    assert (verdict.events, verdict.devices, verdict.checked_up_to) == (10, 1, at(10))
    assert verdict.summary() == (
        "The audit trail is intact: 10 events from 1 device(s), checked up to "
        "1 March 2027 at 10:09:00 UTC."
    )
    users = {e.user_id for e in audit_store.chain_rows(trail.db, trail.device_id)}
    assert len(users) == 4


def test_many_events_stay_intact_across_a_reopen_and_a_vacuum(
    admin: Actor, as_role: Callable[[Role], Actor], family: UUID
) -> None:
    for n in range(120):
        as_role(list(Role)[n % 4]).audit(Action.VIEW_CASEWORK, family_id=family)
    folder = admin.vault.folder
    admin.vault.db.execute("VACUUM")
    admin.vault.lock()
    reopened = unlock_vault(folder, PASSWORD)
    try:
        sign_in(reopened)
        verdict = verify_audit(reopened)
        assert verdict.ok, verdict.summary()
        assert verdict.events == 122  # two logins and the 120 uses
    finally:
        reopened.lock()


def test_a_changed_field_is_named(trail: Vault) -> None:
    trail.db.execute("UPDATE audit_events SET action = 'recording.export' WHERE seq = 4")
    assert first_bad(trail) == (4, at(4), "its contents were changed after it was written")


def test_a_changed_time_is_named(trail: Vault) -> None:
    moved = at(7) + timedelta(days=1)
    trail.db.execute("UPDATE audit_events SET at = ? WHERE seq = 7", (moved.isoformat(),))
    assert first_bad(trail)[0] == 7


def test_an_event_removed_from_the_middle_is_named(trail: Vault) -> None:
    trail.db.execute("DELETE FROM audit_events WHERE seq = 5")
    assert first_bad(trail) == (6, at(6), "event 5 before it is missing (removed)")


def test_two_swapped_events_are_named(trail: Vault) -> None:
    rowid = dict(trail.db.query("SELECT seq, rowid FROM audit_events"))
    trail.db.execute("UPDATE audit_events SET rowid = -1 WHERE seq = 4")
    trail.db.execute("UPDATE audit_events SET rowid = ? WHERE seq = 5", (rowid[4],))
    trail.db.execute("UPDATE audit_events SET rowid = ? WHERE seq = 4", (rowid[5],))
    seq, when, what = first_bad(trail)
    assert (seq, when) == (5, at(5)) and "reordered" in what and "event 4" in what


def test_the_last_two_events_removed_are_named(trail: Vault) -> None:
    trail.db.execute("DELETE FROM audit_events WHERE seq > 8")
    problem = verify_audit(trail).first_problem
    assert problem is not None and (problem.seq, problem.missing, problem.after) == (9, True, at(8))
    assert "events 9 to 10 are missing from the end" in problem.what
    assert "signed head says there were 10 events, only 8 are left" in problem.what


def forge(vault: Vault, **fields: object) -> AuditEvent:
    """An event chained on correctly, with a hash that checks out, but no key to sign it."""
    last = audit_store.last_event(vault.db, vault.device_id)
    assert last is not None
    draft = AuditEvent(
        device_id=vault.device_id,
        seq=last.seq + 1,
        at=last.at + timedelta(minutes=1),
        user_id=last.user_id,
        action="recording.export",
        outcome=AuditOutcome.DONE,
        prev_hash=last.hash,
        hash="",
        **fields,  # type: ignore[arg-type]
    )
    event = draft.model_copy(update={"hash": audit.event_hash(draft)})
    audit_store.insert_event(vault.db, event)
    return event


def test_an_appended_forged_event_is_named(trail: Vault) -> None:
    forged = forge(trail)
    assert first_bad(trail) == (
        11,
        forged.at,
        "it was added after the last signed event, and no valid signature covers it",
    )


def test_a_forged_event_with_a_head_moved_onto_it_is_named(trail: Vault) -> None:
    forged = forge(trail)
    trail.db.execute(
        "UPDATE audit_heads SET seq = ?, hash = ? WHERE device_id = ?",
        (forged.seq, forged.hash, trail.device_id),
    )
    seq, _, what = first_bad(trail)
    assert seq == 11 and "signature on the trail's head does not match" in what


def test_a_replaced_head_signature_is_named(trail: Vault) -> None:
    trail.db.execute("UPDATE audit_heads SET signature = ?", (os.urandom(64),))
    seq, when, what = first_bad(trail)
    assert (seq, when) == (10, at(10)) and "head was altered or forged" in what


def test_a_head_signed_with_another_key_is_named(trail: Vault) -> None:
    head = audit_store.read_head(trail.db, trail.device_id)
    assert head is not None and head.head is not None
    other = Ed25519PrivateKey.generate()
    public = other.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    message = audit.head_message(trail.device_id, head.head.seq, head.head.hash)
    trail.db.execute(
        "UPDATE audit_heads SET signature = ?, public_key = ?", (other.sign(message), public)
    )
    assert "not the device's" in first_bad(trail)[2]


def test_a_removed_head_is_named(trail: Vault) -> None:
    trail.db.execute("DELETE FROM audit_heads")
    seq, _, what = first_bad(trail)
    assert seq == 10 and "signed head that vouches for the trail was removed" in what


def test_a_whole_trail_removed_is_noticed_by_its_signing_key(trail: Vault) -> None:
    trail.db.execute("DELETE FROM audit_events")
    trail.db.execute("DELETE FROM audit_heads")
    assert "whole trail and its signed head were removed" in first_bad(trail)[2]


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("user_id", "not-a-uuid", "its user id ('not-a-uuid') is not valid"),
        ("outcome", "maybe", "its outcome ('maybe') is not valid"),
        ("family_id", 42, "its family id ('42') is not valid"),
        ("at", "last Tuesday", "its time ('last Tuesday') is not valid"),
        ("detail", "x" * 300, "its detail is not valid"),
    ],
)
def test_a_row_that_cannot_be_read_is_named(
    trail: Vault, column: str, value: object, words: str
) -> None:
    trail.db.execute(f"UPDATE audit_events SET {column} = ? WHERE seq = 3", (value,))
    seq, when, what = first_bad(trail)
    assert seq == 3 and what.startswith("it cannot be read: ") and words in what
    assert when == (None if column == "at" else at(3))


def test_a_row_whose_number_cannot_be_read_is_named(trail: Vault) -> None:
    trail.db.execute("UPDATE audit_events SET seq = 'three' WHERE seq = 3")
    seq, when, what = first_bad(trail)
    assert (seq, when) == (None, at(3)) and "its number ('three') is not valid" in what
    assert "The first bad event is an event of device" in verify_audit(trail).summary()


@pytest.mark.parametrize(
    "tamper",
    [
        "DELETE FROM audit_events WHERE seq > 8",
        "UPDATE audit_heads SET signature = zeroblob(64)",
        "DELETE FROM audit_heads",
        "DELETE FROM device_keys",
    ],
)
def test_later_events_do_not_paper_over_tampering_at_the_end(trail: Vault, tamper: str) -> None:
    """Appending must not re-sign a head that no longer vouches for the chain's end."""
    trail.db.execute(tamper)
    before = verify_audit(trail)
    owner = sign_in(trail)
    for _ in range(3):
        owner.audit(Action.VIEW_CASEWORK)
    after = verify_audit(trail)
    assert not before.ok and not after.ok, tamper


def test_later_events_keep_a_forged_event_named(trail: Vault) -> None:
    forge(trail)
    sign_in(trail).audit(Action.VIEW_CASEWORK)
    assert first_bad(trail)[0] == 11


def test_later_events_keep_a_changed_one_named(trail: Vault) -> None:
    trail.db.execute("UPDATE audit_events SET user_id = NULL WHERE seq = 2")
    sign_in(trail).audit(Action.VIEW_CASEWORK)
    assert first_bad(trail)[:2] == (2, at(2))


def test_only_an_admin_checks_the_trail_and_a_refusal_is_itself_audited(
    trail: Vault, as_role: Callable[[Role], Actor]
) -> None:
    supervisor = as_role(Role.SUPERVISOR)
    with pytest.raises(NotPermitted, match="cannot read the audit trail"):
        check_trail(supervisor)
    last = audit_store.last_event(trail.db, trail.device_id)
    assert last is not None
    assert (last.action, last.outcome, last.user_id) == (
        Action.READ_AUDIT,
        AuditOutcome.REFUSED,
        supervisor.user.id,
    )
    verdict: AuditVerdict = check_trail(as_role(Role.ADMIN))
    assert verdict.ok and verdict.events == 12  # the refusal and the check itself


def test_a_trail_wiped_with_its_key_and_started_again_is_caught(trail: Vault) -> None:
    anchored = trail.header.audit_keys[trail.device_id]
    for table in ("audit_events", "audit_heads", "device_keys"):
        trail.db.execute(f"DELETE FROM {table}")
    assert not verify_audit(trail).ok  # the header still names the device's key
    folder = trail.folder
    trail.lock()
    reopened = unlock_vault(folder, PASSWORD)
    sign_in(reopened)  # a fresh chain, signed with a fresh key
    new_key = audit_store.load_signing_key(reopened.db, reopened.device_id)
    assert new_key is not None and new_key.public_key.hex() != anchored
    seq, _, what = first_bad(reopened)
    assert seq == 1 and "the whole trail was replaced" in what
    reopened.lock()
