"""Governance fixtures for every test: users per role, a movable clock, a family."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from tests.conftest import PASSWORD
from vfapp.domain.governance import (
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
    Role,
)
from vfapp.governance.actor import Actor, sign_in
from vfapp.governance.consent import record_consent
from vfapp.vault import casework, users
from vfapp.vault.lifecycle import unlock_vault
from vfapp.vault.session import Vault


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def admin(vault: Vault, clock: FakeClock) -> Actor:
    """The vault's creator, signed in: the first user becomes its admin."""
    return sign_in(vault, clock)


@pytest.fixture
def as_role(admin: Actor, clock: FakeClock) -> Callable[[Role], Actor]:
    """The same open vault, acting as a user of the given role (made on first use)."""

    def make(role: Role) -> Actor:
        if role is Role.ADMIN:
            return admin
        name = f"{role.value} user"
        with admin.vault.write() as batch:
            user = users.user_by_name(batch.db, name) or users.insert_user(batch, name, role)
        return Actor(admin.vault, user, clock)

    return make


@pytest.fixture
def family(vault: Vault) -> UUID:
    return casework.add_family(vault, "PIP-0042").value.id


def give_consent(folder: Path, case_code: str, *tiers: ConsentTier) -> None:
    """Record a parent's written consent (filming unless tiers are named) in a vault folder,
    as a command-line test's set-up."""
    vault = unlock_vault(folder, PASSWORD)
    with sign_in(vault) as actor:
        family = casework.find_family(vault, case_code)
        record_consent(
            actor,
            family.id,
            tiers or (ConsentTier.FILMING,),
            ConsentEventKind.GIVEN,
            given_by="A. Parent",
            relationship=Relationship.PARENT,
            method=ConsentMethod.WRITTEN,
        )
