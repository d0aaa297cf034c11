"""Who is doing something: the signed-in user of an open vault, checked against the policy and
the family's consent, with every use and every refusal written to the audit trail."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from vfapp.domain.errors import (
    ConsentMissing,
    NotPermitted,
    NotSignedIn,
    VaultLocked,
    VfappError,
)
from vfapp.domain.governance import AuditEvent, AuditOutcome, Role, User
from vfapp.governance import audit, consent
from vfapp.governance.policy import Action, Permission, Rule, allows, rule_for
from vfapp.vault import audit_store
from vfapp.vault import users as user_rows
from vfapp.vault.database import Database
from vfapp.vault.session import Vault
from vfapp.vault.throttle import UnlockThrottle

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Actor:
    """The vault as one user may use it. Operations take an Actor instead of a bare Vault."""

    def __init__(self, vault: Vault, user: User, clock: Clock = utc_now) -> None:
        self.vault = vault
        self.user = user
        self.clock = clock
        self.screen_locked = False  # set by the SessionGuard while a recording runs behind it

    def __enter__(self) -> Actor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.vault.lock()

    @property
    def role(self) -> Role:
        return self.user.role

    def permits(self, permission: Permission) -> bool:
        return allows(self.user.role, permission)

    def authorize(
        self,
        action: Action,
        *,
        family_id: UUID | None = None,
        record_kind: str | None = None,
        record_id: UUID | None = None,
        log: bool = True,
        detail: str | None = None,
    ) -> Rule:
        """Check the role and the family's consent for `action`; a refusal is audited and
        raised. `log=False` when the operation audits its own success in its transaction."""
        if self.screen_locked or self.vault.is_locked:
            raise VaultLocked()
        rule = rule_for(self.user.role, action)

        def log_event(outcome: AuditOutcome, detail: str | None = None) -> None:
            self.audit(
                action,
                outcome,
                record_kind=record_kind,
                record_id=record_id,
                family_id=family_id,
                detail=detail,
            )

        if not self.permits(rule.permission):
            log_event(AuditOutcome.REFUSED, "role does not permit")
            raise NotPermitted(self.user.name, self.user.role.value, rule.words)
        if rule.tier is not None and family_id is not None:
            try:
                consent.require(self, family_id, rule.tier, rule.words)
            except ConsentMissing as missing:
                log_event(AuditOutcome.REFUSED, f"no {missing.tier} consent")
                raise
        if log:
            log_event(AuditOutcome.DONE, detail)
        return rule

    def audit(
        self,
        action: Action | str,
        outcome: AuditOutcome = AuditOutcome.DONE,
        *,
        record_kind: str | None = None,
        record_id: UUID | None = None,
        family_id: UUID | None = None,
        detail: str | None = None,
        db: Database | None = None,
    ) -> AuditEvent:
        """Append an event; pass `db` to write it inside the operation's own transaction."""
        fields = {
            "at": self.clock(),
            "user_id": self.user.id,
            "action": str(action),
            "outcome": outcome,
            "record_kind": record_kind,
            "record_id": record_id,
            "family_id": family_id,
            "detail": detail,
        }
        if db is not None:
            return audit.append_event(db, self.vault.device_id, **fields)  # type: ignore[arg-type]
        with self.vault.write() as batch:
            return audit.append_event(batch.db, self.vault.device_id, **fields)  # type: ignore[arg-type]


def sign_in(vault: Vault, clock: Clock = utc_now) -> Actor:
    """The user whose password opened the vault. The first to open a vault with no users yet
    becomes its admin. Wrong passwords tried before this unlock are audited now."""
    if vault.opened_by is None:
        raise NotSignedIn(
            "The vault was opened with the recovery key, which is only for setting a new "
            "password; open it with a password to work in it."
        )
    with vault.write() as batch:
        user = user_rows.user_by_name(batch.db, vault.opened_by)
        if user is None and not user_rows.live_users(batch.db):
            user = user_rows.insert_user(batch, vault.opened_by, Role.ADMIN)
            first = True
        else:
            first = False
        for failed in vault.failed_unlocks_at:
            audit.append_event(
                batch.db,
                vault.device_id,
                at=datetime.fromtimestamp(failed, UTC),
                user_id=None,
                action="login.failed",
                outcome=AuditOutcome.REFUSED,
                detail="wrong password or recovery key",
            )
        if user is None:
            audit.append_event(
                batch.db,
                vault.device_id,
                at=clock(),
                user_id=None,
                action="login",
                outcome=AuditOutcome.REFUSED,
                detail="password slot without a user",
            )
    # Now in the trail: the file beside the vault may forget them.
    UnlockThrottle(vault.folder).audited(vault.failed_unlocks_at)
    vault.failed_unlocks_at = ()
    if user is None:
        raise NotSignedIn(
            f"The password opened the vault, but {vault.opened_by!r} is not one of its users. "
            "Ask the vault's admin to add you."
        )
    actor = Actor(vault, user, clock)
    actor.audit("login", detail="first user, made admin" if first else None)
    _anchor_signing_key(vault)
    return actor


def _anchor_signing_key(vault: Vault) -> None:
    """Record this device's audit key in the sealed vault.json the first time it signs."""
    key = audit_store.load_signing_key(vault.db, vault.device_id)
    if key is None or vault.device_id in vault.header.audit_keys:
        return
    keys = {**vault.header.audit_keys, vault.device_id: key.public_key.hex()}
    # Best effort: a header changed outside Attune, or a full disk, must not stop a sign-in;
    # verification then reports the trail as not anchored.
    with contextlib.suppress(VfappError, OSError):
        vault.replace_header(vault.header.model_copy(update={"audit_keys": keys}))
