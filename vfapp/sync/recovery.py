"""The printed recovery key in use: a new laptop, given only the key and the store, finds the
team, takes every key that was wrapped for the recovery key, and becomes the team's admin."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from vfapp.governance.actor import Actor
from vfapp.governance.audit import signing_key
from vfapp.governance.policy import Action
from vfapp.sync import crypto
from vfapp.sync.context import TEAM, SyncContext, endorsement_message
from vfapp.sync.keyring import fetch_roster, publish_roster, publish_wraps
from vfapp.sync.models import KeyWrap, Roster, TeamDescriptor
from vfapp.sync.names import Names
from vfapp.sync.store import ObjectMissing, ObjectStore, get_one
from vfapp.sync.team import AlreadyInTeam, device_entry, recovery_device_id
from vfapp.vault import sync_state
from vfapp.vault.keys import parse_recovery_key
from vfapp.vault.sync_state import ScopeKey, TeamRow


class NoTeamForKey(crypto.ObjectRefused):
    def __init__(self) -> None:
        super().__init__(
            "The team this recovery key belongs to",
            "there is no team for this recovery key in this store (check the key, and that the "
            "store is the team's)",
        )


def recover_team(actor: Actor, recovery_key: str, store: ObjectStore) -> TeamDescriptor:
    """Make this laptop the team's admin with the recovery key; return the team found."""
    actor.authorize(Action.MANAGE_USERS, log=False)
    vault = actor.vault
    if sync_state.load_team(vault.db) is not None:
        raise AlreadyInTeam()
    secret = parse_recovery_key(recovery_key)
    pointer_key = crypto.derive(secret, "attune-recovery-pointer-v1")
    name = f"r/{crypto.tag(pointer_key, 'pointer')}"
    try:
        data = get_one(store, name)
    except ObjectMissing:
        raise NoTeamForKey() from None
    pointer = json.loads(crypto.open_sealed(pointer_key, name, data, "The recovery record"))
    found = TeamDescriptor.model_validate_json(pointer["descriptor"])
    recovery_id = recovery_device_id(found.team_id)
    recovery_box, recovery_sign = crypto.recovery_keys(secret)
    names = Names(bytes.fromhex(pointer["team_key"]))
    # From now on this laptop speaks for the recovery key: the roster is written in its place.
    descriptor = found.model_copy(update={"admin_device": recovery_id,
                                          "admin_person": actor.user.name})  # fmt: skip
    box_private = crypto.new_box_private()
    with vault.write() as batch:
        sign_private = signing_key(batch.db, vault.device_id).private_key
        sync_state.save_team(batch.db, TeamRow(
            team_id=found.team_id, state="active", role="admin", user_id=str(actor.user.id),
            box_private=box_private, descriptor=descriptor.model_dump_json()))  # fmt: skip
        sync_state.save_key(batch.db, ScopeKey(scope=TEAM, epoch=1,
                                               key=bytes.fromhex(pointer["team_key"])))  # fmt: skip
        for wrap in _wraps_for_recovery(store, names, recovery_id, recovery_box):
            sync_state.save_key(batch.db, ScopeKey(scope=wrap.scope, epoch=wrap.epoch,
                                                   key=bytes.fromhex(wrap.key),
                                                   owner_user=wrap.owner_user))  # fmt: skip
        actor.audit("team.recover", db=batch.db)
    ctx = SyncContext(vault, store)
    current = fetch_roster(ctx)
    assert current is not None
    me = device_entry(actor, box_private, sign_private, "admin")
    vouched = crypto.sign(recovery_sign, endorsement_message(found.team_id, me))
    me = me.model_copy(update={"endorsed_by": recovery_id, "endorsement": vouched.hex()})
    devices = tuple(d for d in current.devices if d.device_id != me.device_id)
    newest = ctx.latest(TEAM)
    assert newest is not None
    roster = Roster(team_id=found.team_id, version=current.version + 1, team_epoch=newest.epoch,
                    devices=(*devices, me.model_copy(update={
                        "changed_at": datetime.now(UTC).isoformat()})),
                    signed_by=recovery_id)  # fmt: skip
    publish_roster(ctx, roster, signing_private=recovery_sign)
    publish_wraps(ctx)
    return descriptor


def _wraps_for_recovery(
    store: ObjectStore, names: Names, recovery_id: str, box_private: bytes
) -> list[KeyWrap]:
    """Every key any laptop wrapped for the recovery key (found by listing the store)."""
    marker = names.wraps_to("", recovery_id).split("/k/", 1)[1]
    wanted = [o.key for o in store.list("d/") if f"/k/{marker}" in o.key]
    return [
        KeyWrap.model_validate_json(crypto.unwrap(box_private, name, data, "A key for recovery"))
        for name, data in store.get_many(wanted)
    ]
