"""Simulated team devices for sync tests: each its own vault, signed-in person and store view."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import PASSWORD
from vfapp.domain.governance import Role
from vfapp.governance.actor import Actor, sign_in
from vfapp.sync.context import SyncContext
from vfapp.sync.engine import SyncReport, sync_now
from vfapp.sync.models import StoreConfig
from vfapp.sync.store import ObjectStore
from vfapp.sync.team import create_team, join_team, make_invite
from vfapp.sync.team_admin import approve, join_requests
from vfapp.vault.lifecycle import unlock_vault
from vfapp.vault.session import Vault


class Device:
    """One laptop of the team."""

    def __init__(self, vault: Vault, store: ObjectStore) -> None:
        self.vault = vault
        self.store = store
        self.actor: Actor = sign_in(vault)
        self.recovery_key = ""  # the team creator's printed recovery key

    def reopen(self) -> None:
        """Open the vault again (after another process used it)."""
        self.vault = unlock_vault(self.vault.folder, PASSWORD)
        self.actor = sign_in(self.vault)

    def context(self) -> SyncContext:
        return SyncContext(self.vault, self.store)

    def sync(self, *, films: bool = True) -> SyncReport:
        return sync_now(self.context(), films=films)


def make_team(
    make_vault: Callable[..., object], store: ObjectStore, config: StoreConfig, roles: list[Role]
) -> list[Device]:
    """An admin's device that creates the team, then one joined and approved device per role."""
    admin = Device(make_vault(user="admin").vault, store)  # type: ignore[attr-defined]
    admin.recovery_key = create_team(admin.actor, "Test team", config, store).recovery_key
    devices = [admin]
    for n, role in enumerate(roles):
        invite = make_invite(admin.actor, role.value, f"Person {n}")
        device = Device(make_vault(user=f"person{n}").vault, store)  # type: ignore[attr-defined]
        join_team(device.actor, invite.file_bytes, invite.passphrase, store)
        [ask] = [
            a
            for a in join_requests(admin.context())
            if a.request.device_id == device.vault.device_id
        ]
        approve(admin.actor, admin.context(), ask.request.device_id)
        devices.append(device)
    for device in devices:
        device.sync()
    return devices
