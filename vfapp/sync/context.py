"""Everything one sync needs, read from the vault: team, keys, roster, names and the store."""

from __future__ import annotations

import json
import struct

from vfapp.domain.errors import VfappError
from vfapp.governance.audit import signing_key
from vfapp.sync import crypto
from vfapp.sync.models import DeviceEntry, Roster, StoreConfig, TeamDescriptor
from vfapp.sync.names import Names
from vfapp.sync.store import ObjectStore
from vfapp.vault import sync_state
from vfapp.vault.session import Vault
from vfapp.vault.sync_state import ScopeKey, TeamRow

TEAM = "team"


class NotInTeam(VfappError):
    def __init__(self) -> None:
        super().__init__(
            "This laptop is not part of a team yet: an admin creates one with "
            "'vfapp team create', or joins this laptop with an invite ('vfapp team join')."
        )


class KeyMissing(VfappError):
    def __init__(self) -> None:
        super().__init__(
            "This laptop does not hold the team's current key: it may have been removed from "
            "the team, or is still waiting for an admin to approve it."
        )


def open_store(config: StoreConfig) -> ObjectStore:
    """The transport for a store configuration (imported lazily: boto3 is slow to load)."""
    if config.kind == "folder":
        from pathlib import Path

        from vfapp.sync.folder_store import FolderStore

        return FolderStore(Path(config.path or "."))
    if config.kind == "s3":
        from vfapp.sync.s3_store import S3Store

        return S3Store(
            endpoint_url=config.endpoint or "",
            bucket=config.bucket or "",
            access_key=config.access_key or "",
            secret_key=config.secret_key or "",
            prefix=config.prefix,
        )
    from pathlib import Path

    from vfapp.sync.rclone_store import RcloneStore

    return RcloneStore(
        config.remote or "", Path(config.rclone_config) if config.rclone_config else None
    )


class SyncContext:
    """One device's view of its team for the length of a sync."""

    def __init__(self, vault: Vault, store: ObjectStore | None = None) -> None:
        team = sync_state.load_team(vault.db)
        if team is None:
            raise NotInTeam()
        self.vault = vault
        self.team: TeamRow = team
        self.descriptor = TeamDescriptor.model_validate_json(team.descriptor)
        here = sync_state.get_mark(vault.db, "store_here")
        self.config = StoreConfig.model_validate_json(here) if here else self.descriptor.store
        self.store = store if store is not None else open_store(self.config)
        self.device_id = vault.device_id
        self.sign_private = _signing_private(vault)
        self.reload()

    def reload(self) -> None:
        self.keys: dict[tuple[str, int], ScopeKey] = {
            (k.scope, k.epoch): k for k in sync_state.all_keys(self.vault.db)
        }
        first = self.keys.get((TEAM, 1))
        self.names = Names(first.key) if first else None
        body = sync_state.load_roster(self.vault.db)
        self.roster = Roster.model_validate_json(body) if body else None
        self.by_tag = (
            {(self.names.scope_tag(s), e): k for (s, e), k in self.keys.items()}
            if self.names
            else {}
        )

    def require_names(self) -> Names:
        if self.names is None:
            raise KeyMissing()
        return self.names

    def latest(self, scope: str) -> ScopeKey | None:
        epochs = [k for (s, _e), k in self.keys.items() if s == scope]
        return max(epochs, key=lambda k: k.epoch) if epochs else None

    def seal_latest(self, scope: str, name: str, plaintext: bytes) -> bytes:
        """Sealed under the scope's newest key, its epoch in front so readers pick the key."""
        key = self.latest(scope)
        if key is None:
            raise KeyMissing()
        return struct.pack(">I", key.epoch) + crypto.seal(key.key, name, plaintext)

    def open_scoped(self, scope_tag: str, name: str, data: bytes, what: str) -> bytes | None:
        """The plaintext, or None when this device holds no key for it (not its family)."""
        if len(data) < 4:
            raise crypto.ObjectRefused(what)
        (epoch,) = struct.unpack(">I", data[:4])
        key = self.by_tag.get((scope_tag, epoch))
        if key is None:
            return None
        return crypto.open_sealed(key.key, name, data[4:], what)

    def holds_scope(self, scope_tag: str) -> bool:
        return any(tag == scope_tag for tag, _epoch in self.by_tag)

    def team_tag(self) -> str:
        return self.require_names().scope_tag(TEAM)

    def trusted_signers(self, roster: Roster) -> dict[str, bytes]:
        """Who may sign this roster: the team's first admin and the recovery key, and any
        admin laptop in it that one of those vouched for (a laptop made admin by recovery)."""
        roots = {d: bytes.fromhex(p) for d, p in self.descriptor.signers.items()}
        signers = dict(roots)
        for device in roster.active():
            root = roots.get(device.endorsed_by)
            if (
                device.role.value == "admin"
                and root is not None
                and crypto.signature_holds(
                    root,
                    endorsement_message(self.descriptor.team_id, device),
                    bytes.fromhex(device.endorsement),
                )
            ):
                signers[device.device_id] = bytes.fromhex(device.sign_public)
        return signers


def endorsement_message(team_id: str, device: DeviceEntry) -> bytes:
    return f"attune-admin-v1:{team_id}:{device.device_id}:{device.sign_public}".encode()


def _signing_private(vault: Vault) -> bytes:
    with vault.write() as batch:
        return signing_key(batch.db, vault.device_id).private_key


def signed(body: str, private: bytes) -> bytes:
    return json.dumps({"body": body, "sig": crypto.sign(private, body.encode()).hex()}).encode()


def verified_body(data: bytes, public: bytes, what: str) -> str:
    try:
        envelope = json.loads(data)
        body, signature = str(envelope["body"]), bytes.fromhex(envelope["sig"])
    except (ValueError, KeyError, TypeError):
        raise crypto.ObjectRefused(what) from None
    if not crypto.signature_holds(public, body.encode(), signature):
        raise crypto.ObjectRefused(what)
    return body


def signer_of(data: bytes) -> str | None:
    """Which device says it signed (checked against the trusted keys afterwards)."""
    try:
        body = json.loads(json.loads(data)["body"])
        return str(body.get("signed_by") or body.get("device_id"))
    except (ValueError, KeyError, TypeError):
        return None
