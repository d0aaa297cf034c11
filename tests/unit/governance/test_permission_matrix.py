"""Every governed action under every role, against the policy written out here by hand, and
the real operations behind the admin-only actions."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest

from vfapp.domain.errors import ConsentMissing, KeySlotRefused, NotPermitted
from vfapp.domain.governance import (
    ArtefactKind,
    AuditOutcome,
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
    Role,
)
from vfapp.governance import people, retention
from vfapp.governance.actor import Actor
from vfapp.governance.consent import record_consent
from vfapp.governance.policy import RULES, Action
from vfapp.vault import audit_store

P, G, S, A = Role.PRACTITIONER, Role.GUIDER, Role.SUPERVISOR, Role.ADMIN
# Who may do what, as the team's information-governance lead would read it.
EXPECTED: dict[Action, set[Role]] = {
    Action.RECORD: {P, G, A},
    Action.IMPORT: {P, G, A},
    Action.PLAY: {P, G, S, A},
    Action.SUPERVISE: {P, G, S, A},
    Action.SHOW_FAMILY: {G, A},
    Action.STILL: {G, A},
    Action.EXPORT_CASE: {G, A},
    Action.EXPORT_TRAINING: {G, A},
    Action.EXPORT_RESEARCH: {G, A},
    Action.EXPORT_CODES: {G, A},  # never a supervisor: codes out are an export
    Action.EXPORT_CODES_TRAINING: {G, A},
    Action.EXPORT_CODES_RESEARCH: {G, A},
    Action.DELETE_FILM: {G, A},  # never a supervisor
    Action.SYNC: {P, G, S, A},
    Action.EDIT_CASEWORK: {P, G, A},
    Action.VIEW_CASEWORK: {P, G, S, A},
    Action.RECORD_CONSENT: {P, G, A},
    Action.WITHDRAW_CONSENT: {P, G, A},
    Action.VIEW_CONSENT: {P, G, S, A},
    Action.MANAGE_USERS: {A},
    Action.SET_RETENTION: {A},
    Action.RUN_RETENTION: {A},
    Action.READ_AUDIT: {A},
    Action.TAG: {P, G, A},
    Action.EDIT_CODEBOOK: {P, G, A},
    Action.COMMENT: {P, G, S, A},
    Action.SUPERVISE_COMMENT: {P, G, S, A},
    Action.SIGN_OFF: {S, A},
    Action.LOG_SUPERVISION: {P, G, S, A},
    Action.PLAN_REVIEW: {G, A},
    Action.PASS_START: {P, G, A},
    Action.PASS_FINISH: {P, G, A},
    Action.COMPARE_CODINGS: {P, G, S, A},
    Action.SUPERVISE_COMPARE: {P, G, S, A},
}


def test_the_matrix_covers_every_action() -> None:
    assert set(EXPECTED) == set(RULES) == set(Action)


@pytest.fixture
def consented(admin: Actor, family: UUID) -> UUID:
    record_consent(
        admin,
        family,
        list(ConsentTier),
        ConsentEventKind.GIVEN,
        given_by="A. Parent",
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
    )
    return family


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_action_under_every_role(
    as_role: Callable[[Role], Actor], consented: UUID, role: Role
) -> None:
    actor = as_role(role)
    for action in Action:
        allowed = role in EXPECTED[action]
        before = audit_store.last_event(actor.vault.db, actor.vault.device_id)
        if allowed:
            actor.authorize(action, family_id=consented)
        else:
            with pytest.raises(NotPermitted) as refused:
                actor.authorize(action, family_id=consented)
            assert f"{role.value}s cannot {RULES[action].words}" in str(refused.value)
        event = audit_store.last_event(actor.vault.db, actor.vault.device_id)
        assert event is not None and before is not None and event.seq == before.seq + 1
        assert (event.action, event.user_id, event.family_id) == (
            action.value,
            actor.user.id,
            consented,
        )
        assert event.outcome is (AuditOutcome.DONE if allowed else AuditOutcome.REFUSED)


@pytest.mark.parametrize("role", [P, G, S], ids=lambda r: r.value)
def test_admin_only_operations_refuse_everyone_else(
    as_role: Callable[[Role], Actor], role: Role
) -> None:
    actor = as_role(role)
    attempts: list[Callable[[], object]] = [
        lambda: people.add_user(actor, "new person", Role.ADMIN, "a long enough password"),
        lambda: people.change_role(actor, actor.user.name, Role.ADMIN),
        lambda: people.remove_user(actor, "owner"),
        lambda: people.change_password(actor, "owner", "a long enough password"),
        lambda: retention.set_policy(actor, ArtefactKind.RAW_RECORDING, 0),
        lambda: retention.run_retention(actor),
        lambda: retention.deletion_log(actor),
    ]
    for attempt in attempts:
        with pytest.raises(NotPermitted):
            attempt()
    assert [u.role for u in people.list_users(actor) if u.name == "owner"] == [Role.ADMIN]


def test_the_last_admin_cannot_be_demoted_or_removed(admin: Actor) -> None:
    with pytest.raises(KeySlotRefused, match="only admin"):
        people.change_role(admin, "owner", Role.GUIDER)
    with pytest.raises(KeySlotRefused, match="cannot remove yourself"):
        people.remove_user(admin, "owner")
    helper = people.add_user(admin, "Sam Lee", Role.ADMIN, "a long enough password").value
    assert people.change_role(admin, "owner", Role.GUIDER).value.role is Role.GUIDER
    assert helper.role is Role.ADMIN


def test_a_supervisor_watching_needs_the_familys_consent_to_supervision(
    as_role: Callable[[Role], Actor], admin: Actor, family: UUID
) -> None:
    record_consent(
        admin,
        family,
        [ConsentTier.FILMING],
        ConsentEventKind.GIVEN,
        given_by="A. Parent",
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
    )
    as_role(Role.PRACTITIONER).authorize(Action.PLAY, family_id=family)
    with pytest.raises(ConsentMissing, match="consent to a supervisor watching the films"):
        as_role(Role.SUPERVISOR).authorize(Action.PLAY, family_id=family)
