"""The admin's side of membership: see who asked to join, approve them, remove a device (and
move the team to new keys it never sees); and a joined laptop collecting its approval."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import NotFound
from vfapp.governance.actor import Actor
from vfapp.governance.policy import Action
from vfapp.sync import crypto
from vfapp.sync.context import TEAM, KeyMissing, SyncContext
from vfapp.sync.keyring import fetch_roster, publish_roster, publish_wraps
from vfapp.sync.models import DeviceEntry, JoinRequest, Roster
from vfapp.sync.names import join_answer_name, join_request_name
from vfapp.sync.store import ObjectMissing, get_one, put_one
from vfapp.vault import sync_state
from vfapp.vault.sync_state import ScopeKey


class JoinAsk(BaseModel):
    model_config = ConfigDict(frozen=True)

    request: JoinRequest
    role: str
    person: str  # as the invite named them (the request's own claim is not trusted)


def join_requests(ctx: SyncContext) -> list[JoinAsk]:
    """Requests waiting in the store for invites this admin issued and has not yet used."""
    asks: list[JoinAsk] = []
    for invite_id, join_key, role, person in sync_state.open_invites(ctx.vault.db):
        name = join_request_name(join_key)
        try:
            data = get_one(ctx.store, name)
        except ObjectMissing:
            continue
        request = JoinRequest.model_validate_json(
            crypto.open_sealed(join_key, name, data, "A request to join")
        )
        if request.invite_id == invite_id:
            asks.append(JoinAsk(request=request, role=role, person=person))
    return asks


def _next_roster(ctx: SyncContext, devices: tuple[DeviceEntry, ...], epoch: int) -> Roster:
    current = fetch_roster(ctx)
    if current is None:
        raise KeyMissing()
    return Roster(
        team_id=current.team_id,
        version=current.version + 1,
        team_epoch=epoch,
        devices=devices,
        signed_by=ctx.device_id,
    )


def approve(actor: Actor, ctx: SyncContext, device_id: str) -> DeviceEntry:
    """Add the asking device to the roster and send it the team key."""
    actor.authorize(Action.MANAGE_USERS, log=False)
    ask = next((a for a in join_requests(ctx) if a.request.device_id.startswith(device_id)), None)
    if ask is None:
        raise NotFound("request to join from device", device_id)
    request = ask.request
    entry = DeviceEntry(
        device_id=request.device_id,
        name=request.device_name,
        person=ask.person,
        role=ask.role,
        user_id=request.user_id,
        sign_public=request.sign_public,
        box_public=request.box_public,
        changed_at=datetime.now(UTC).isoformat(),
    )
    roster = fetch_roster(ctx)
    assert roster is not None
    others = tuple(d for d in roster.devices if d.device_id != entry.device_id)
    publish_roster(ctx, _next_roster(ctx, (*others, entry), roster.team_epoch))
    join_key = next(
        k for i, k, _r, _p in sync_state.open_invites(ctx.vault.db) if i == request.invite_id
    )
    team_keys = [
        {"epoch": k.epoch, "key": k.key.hex()} for k in ctx.keys.values() if k.scope == TEAM
    ]
    name = join_answer_name(join_key)
    answer = crypto.wrap_for(bytes.fromhex(entry.box_public), name, json.dumps(team_keys).encode())
    put_one(ctx.store, name, answer)
    with ctx.vault.write() as batch:
        sync_state.use_invite(batch.db, request.invite_id, entry.device_id)
        actor.audit("team.approve", detail=entry.role.value, db=batch.db)
    publish_wraps(ctx)
    return entry


def remove(actor: Actor, ctx: SyncContext, device_id: str) -> DeviceEntry:
    """Take a device off the team: new team and family keys, wrapped only for the others."""
    actor.authorize(Action.MANAGE_USERS, log=False)
    roster = fetch_roster(ctx)
    assert roster is not None
    target = next((d for d in roster.active() if d.device_id.startswith(device_id)), None)
    if target is None or target.device_id == ctx.device_id:
        raise NotFound("other active device", device_id)
    removed = target.model_copy(
        update={"status": "removed", "changed_at": datetime.now(UTC).isoformat()}
    )
    with ctx.vault.write() as batch:
        for scope in {k.scope for k in ctx.keys.values()}:
            newest = ctx.latest(scope)
            assert newest is not None
            sync_state.save_key(
                batch.db,
                ScopeKey(
                    scope=scope,
                    epoch=newest.epoch + 1,
                    key=crypto.new_key(),
                    owner_user=newest.owner_user,
                ),
            )
        actor.audit("team.remove_device", detail=target.role.value, db=batch.db)
    ctx.reload()
    team_epoch = ctx.latest(TEAM)
    assert team_epoch is not None
    devices = tuple(removed if d.device_id == target.device_id else d for d in roster.devices)
    publish_roster(ctx, _next_roster(ctx, devices, team_epoch.epoch))
    publish_wraps(ctx)
    return removed


def collect_approval(ctx: SyncContext) -> bool:
    """A pending laptop: take the team keys once the admin has approved it."""
    join_key = bytes.fromhex(sync_state.get_mark(ctx.vault.db, "join_key"))
    name = join_answer_name(join_key)
    try:
        data = get_one(ctx.store, name)
    except ObjectMissing:
        return False
    keys = json.loads(crypto.unwrap(ctx.team.box_private, name, data, "The admin's approval"))
    with ctx.vault.write() as batch:
        for item in keys:
            sync_state.save_key(
                batch.db,
                ScopeKey(scope=TEAM, epoch=int(item["epoch"]), key=bytes.fromhex(item["key"])),
            )
        sync_state.save_team(batch.db, ctx.team.model_copy(update={"state": "active"}))
    ctx.team = ctx.team.model_copy(update={"state": "active"})
    ctx.reload()
    return True
