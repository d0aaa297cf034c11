"""A team: created by an admin with a printed recovery key, joined by invite with a one-time
passphrase, each joined device approved (or later removed) by the admin."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from uuid import uuid4

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import InvalidInput, VfappError, WrongSecret
from vfapp.governance.actor import Actor
from vfapp.governance.audit import signing_key
from vfapp.governance.policy import Action
from vfapp.sync import crypto
from vfapp.sync.context import TEAM, SyncContext, open_store
from vfapp.sync.keyring import publish_roster, publish_wraps
from vfapp.sync.models import (
    DeviceEntry,
    InvitePayload,
    JoinRequest,
    Roster,
    StoreConfig,
    TeamDescriptor,
)
from vfapp.sync.names import join_request_name
from vfapp.sync.store import ObjectStore, put_one
from vfapp.vault import keys as vault_keys
from vfapp.vault import sync_state
from vfapp.vault.keys import derive_key, format_recovery_key, new_recovery_secret
from vfapp.vault.sync_state import ScopeKey, TeamRow

_PASS_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


class AlreadyInTeam(VfappError):
    def __init__(self) -> None:
        super().__init__("This laptop is already part of a team; nothing was changed.")


class WrongInvitePassphrase(WrongSecret):
    def __init__(self) -> None:
        super().__init__("That passphrase does not open this invite. Nothing was changed.")


class TeamCreated(BaseModel):
    model_config = ConfigDict(frozen=True)

    team_id: str
    recovery_key: str


class Invite(BaseModel):
    model_config = ConfigDict(frozen=True)

    invite_id: str
    file_bytes: bytes
    passphrase: str


def recovery_device_id(team_id: str) -> str:
    return hashlib.sha256(f"attune-recovery:{team_id}".encode()).hexdigest()[:16]


def device_entry(
    ctx_actor: Actor, box_private: bytes, sign_private: bytes, role: str
) -> DeviceEntry:
    return DeviceEntry(
        device_id=ctx_actor.vault.device_id,
        name=os.uname().nodename[:40] or "laptop",
        person=ctx_actor.user.name,
        role=role,
        user_id=str(ctx_actor.user.id),
        sign_public=crypto.sign_public(sign_private).hex(),
        box_public=crypto.box_public(box_private).hex(),
    )


def create_team(
    actor: Actor, name: str, store: StoreConfig, object_store: ObjectStore | None = None
) -> TeamCreated:
    """Make this admin's laptop the first device of a new team; return the recovery key."""
    actor.authorize(Action.MANAGE_USERS, log=False)
    vault = actor.vault
    if sync_state.load_team(vault.db) is not None:
        raise AlreadyInTeam()
    team_id = uuid4().hex
    box_private = crypto.new_box_private()
    secret = new_recovery_secret()
    recovery_box, recovery_sign = crypto.recovery_keys(secret)
    recovery_id = recovery_device_id(team_id)
    with vault.write() as batch:
        sign_private = signing_key(batch.db, vault.device_id).private_key
        descriptor = TeamDescriptor(
            team_id=team_id,
            team_name=name.strip() or "Team",
            store=store,
            admin_device=vault.device_id,
            admin_person=actor.user.name,
            signers={
                vault.device_id: crypto.sign_public(sign_private).hex(),
                recovery_id: crypto.sign_public(recovery_sign).hex(),
            },
        )
        sync_state.save_team(
            batch.db,
            TeamRow(
                team_id=team_id,
                state="active",
                role="admin",
                user_id=str(actor.user.id),
                box_private=box_private,
                descriptor=descriptor.model_dump_json(),
            ),
        )
        team_key = crypto.new_key()
        sync_state.save_key(batch.db, ScopeKey(scope=TEAM, epoch=1, key=team_key))
        actor.audit("team.create", db=batch.db)
    ctx = SyncContext(vault, object_store or open_store(store))
    recovery = DeviceEntry(
        device_id=recovery_id,
        name="Printed recovery key",
        person="Recovery key",
        role="admin",
        kind="recovery",
        sign_public=crypto.sign_public(recovery_sign).hex(),
        box_public=crypto.box_public(recovery_box).hex(),
    )
    me = device_entry(actor, box_private, sign_private, "admin")
    roster = Roster(
        team_id=team_id, version=1, team_epoch=1, devices=(me, recovery), signed_by=vault.device_id
    )
    publish_roster(ctx, roster)
    publish_wraps(ctx)
    _publish_recovery_pointer(ctx, secret, team_key)
    return TeamCreated(team_id=team_id, recovery_key=format_recovery_key(secret))


def _publish_recovery_pointer(ctx: SyncContext, secret: bytes, team_key: bytes) -> None:
    """What a new laptop needs, with only the recovery key, to find the team again."""
    key = crypto.derive(secret, "attune-recovery-pointer-v1")
    name = f"r/{crypto.tag(key, 'pointer')}"
    body = json.dumps({"descriptor": ctx.descriptor.model_dump_json(), "team_key": team_key.hex()})
    put_one(ctx.store, name, crypto.seal(key, name, body.encode()))


def _passphrase() -> str:
    chars = [_PASS_ALPHABET[b % len(_PASS_ALPHABET)] for b in os.urandom(20)]
    return "-".join("".join(chars[i : i + 5]) for i in range(0, 20, 5))


def _invite_key(passphrase: str, salt: bytes, params: vault_keys.KdfParams) -> bytes:
    cleaned = "".join(c for c in passphrase.upper() if c.isalnum())
    return derive_key(cleaned.encode(), salt, params)


def make_invite(actor: Actor, role: str, person: str) -> Invite:
    """An invite file for one person's laptop, opened by a one-time passphrase told apart."""
    actor.authorize(Action.MANAGE_USERS, log=False)
    ctx = SyncContext(actor.vault)
    if not person.strip():
        raise InvalidInput("person", "needs the name of the person the invite is for")
    payload = InvitePayload(
        invite_id=uuid4().hex,
        join_key=crypto.new_key().hex(),
        role=role,
        person=person.strip(),
        descriptor=ctx.descriptor,
    )
    passphrase = _passphrase()
    salt = os.urandom(16)
    sealed = crypto.seal(
        _invite_key(passphrase, salt, vault_keys.KDF_FLOOR),
        "invite",
        payload.model_dump_json().encode(),
    )
    document = {
        "attune_invite": 1,
        "salt": salt.hex(),
        "kdf": vault_keys.KDF_FLOOR.model_dump(),
        "sealed": base64.b64encode(sealed).decode(),
    }
    with actor.vault.write() as batch:
        sync_state.save_invite(
            batch.db,
            payload.invite_id,
            bytes.fromhex(payload.join_key),
            payload.role.value,
            payload.person,
        )
        actor.audit("team.invite", detail=payload.role.value, db=batch.db)
    return Invite(
        invite_id=payload.invite_id, file_bytes=json.dumps(document).encode(), passphrase=passphrase
    )


def read_invite(file_bytes: bytes, passphrase: str) -> InvitePayload:
    try:
        document = json.loads(file_bytes)
        salt, sealed = bytes.fromhex(document["salt"]), base64.b64decode(document["sealed"])
        params = vault_keys.KdfParams.model_validate(document["kdf"])
    except (ValueError, KeyError, TypeError):
        raise InvalidInput("invite file", "is not an Attune invite (it may be damaged)") from None
    try:
        plain = crypto.open_sealed(
            _invite_key(passphrase, salt, params), "invite", sealed, "The invite"
        )
    except crypto.ObjectRefused:
        raise WrongInvitePassphrase() from None
    return InvitePayload.model_validate_json(plain)


def join_team(
    actor: Actor, file_bytes: bytes, passphrase: str, object_store: ObjectStore | None = None
) -> InvitePayload:
    """Ask to join: leave a request in the store for the admin to approve."""
    vault = actor.vault
    if sync_state.load_team(vault.db) is not None:
        raise AlreadyInTeam()
    payload = read_invite(file_bytes, passphrase)
    box_private = crypto.new_box_private()
    join_key = bytes.fromhex(payload.join_key)
    with vault.write() as batch:
        sign_private = signing_key(batch.db, vault.device_id).private_key
        sync_state.save_team(
            batch.db,
            TeamRow(
                team_id=payload.descriptor.team_id,
                state="pending",
                role=payload.role.value,
                user_id=str(actor.user.id),
                box_private=box_private,
                descriptor=payload.descriptor.model_dump_json(),
            ),
        )
        sync_state.set_mark(batch.db, "join_key", payload.join_key)
        actor.audit("team.join", detail=payload.role.value, db=batch.db)
    me = device_entry(actor, box_private, sign_private, payload.role.value)
    request = JoinRequest(
        invite_id=payload.invite_id,
        device_id=me.device_id,
        device_name=me.name,
        person=actor.user.name,
        user_id=me.user_id,
        sign_public=me.sign_public,
        box_public=me.box_public,
    )
    name = join_request_name(join_key)
    store = object_store or open_store(payload.descriptor.store)
    put_one(store, name, crypto.seal(join_key, name, request.model_dump_json().encode()))
    return payload
