"""Keys between devices: the roster signed by an admin, each key wrapped for every device
allowed it (supervisors and admins: every family; others: their own families), and the
wraps addressed to this device received."""

from __future__ import annotations

import json

from vfapp.domain.governance import Role
from vfapp.sync import crypto
from vfapp.sync.context import TEAM, KeyMissing, SyncContext, signed, signer_of, verified_body
from vfapp.sync.models import DeviceEntry, KeyWrap, Roster
from vfapp.sync.store import ObjectMissing, get_one
from vfapp.vault import sync_state
from vfapp.vault.sync_state import ScopeKey

_SEES_EVERY_FAMILY = {Role.SUPERVISOR, Role.ADMIN}


class RosterRefused(crypto.ObjectRefused):
    pass


_ROSTER = "The team's list of laptops"


def may_see(device: DeviceEntry, key: ScopeKey) -> bool:
    if key.scope == TEAM or device.role in _SEES_EVERY_FAMILY:
        return True
    return key.owner_user == device.device_id


def publish_roster(ctx: SyncContext, roster: Roster, signing_private: bytes | None = None) -> None:
    """Sign, seal under the team key and store the roster (admin devices only)."""
    names = ctx.require_names()
    name = names.roster(ctx.descriptor.admin_device)
    body = signed(roster.model_dump_json(), signing_private or ctx.sign_private)
    key = ctx.keys.get((TEAM, roster.team_epoch))
    if key is None:
        raise KeyMissing()
    list(
        ctx.store.put_many(
            [(name, roster.team_epoch.to_bytes(4, "big") + crypto.seal(key.key, name, body))]
        )
    )
    with ctx.vault.write() as batch:
        sync_state.save_roster(batch.db, roster.model_dump_json())
    ctx.reload()


def fetch_roster(ctx: SyncContext) -> Roster | None:
    """The newest roster in the store, checked: signed by a trusted admin, never older than
    the one this laptop has. It is written by the admin's laptop, or (after a recovery) by
    whoever holds the recovery key, so both places are read."""
    found: list[Roster] = []
    unreadable = False
    for writer in dict.fromkeys([ctx.descriptor.admin_device, *ctx.descriptor.signers]):
        try:
            roster = _read_roster(ctx, ctx.require_names().roster(writer))
        except KeyMissing:
            unreadable = True
            continue
        if roster is not None:
            found.append(roster)
    if not found:
        if unreadable:
            raise KeyMissing()
        return ctx.roster
    newest = max(found, key=lambda r: r.version)
    if ctx.roster is not None and newest.version < ctx.roster.version:
        raise RosterRefused(_ROSTER, "it is older than the one this laptop already has")
    if ctx.roster is None or newest.version > ctx.roster.version:
        with ctx.vault.write() as batch:
            sync_state.save_roster(batch.db, newest.model_dump_json())
        ctx.reload()
    return ctx.roster


def _read_roster(ctx: SyncContext, name: str) -> Roster | None:
    try:
        data = get_one(ctx.store, name)
    except ObjectMissing:
        return None
    key = ctx.keys.get((TEAM, int.from_bytes(data[:4], "big")))
    if key is None:
        raise KeyMissing()
    plain = crypto.open_sealed(key.key, name, data[4:], _ROSTER)
    try:
        claimed = Roster.model_validate_json(json.loads(plain)["body"])
    except (ValueError, KeyError, TypeError):
        raise RosterRefused(_ROSTER) from None
    public = ctx.trusted_signers(claimed).get(signer_of(plain) or "")
    if public is None:
        raise RosterRefused(_ROSTER)
    roster = Roster.model_validate_json(verified_body(plain, public, _ROSTER))
    if roster.team_id != ctx.descriptor.team_id:
        raise RosterRefused(_ROSTER)
    return roster


def publish_wraps(ctx: SyncContext) -> int:
    """Wrap each key this device holds for each device allowed it that lacks it from here."""
    if ctx.roster is None:
        return 0
    names = ctx.require_names()
    items: list[tuple[str, bytes]] = []
    marks: list[tuple[str, str, int]] = []
    with ctx.vault.write() as batch:
        for key in ctx.keys.values():
            for device in ctx.roster.active():
                if device.device_id == ctx.device_id or not may_see(device, key):
                    continue
                if sync_state.was_wrapped(batch.db, device.device_id, key.scope, key.epoch):
                    continue
                name = names.wrap(ctx.device_id, device.device_id, key.scope, key.epoch)
                body = (
                    KeyWrap(
                        scope=key.scope,
                        epoch=key.epoch,
                        key=key.key.hex(),
                        owner_user=key.owner_user,
                    )
                    .model_dump_json()
                    .encode()
                )
                items.append((name, crypto.wrap_for(bytes.fromhex(device.box_public), name, body)))
                marks.append((device.device_id, key.scope, key.epoch))
    done = set(ctx.store.put_many(items))
    with ctx.vault.write() as batch:
        for (name, _data), mark in zip(items, marks, strict=True):
            if name in done:
                sync_state.mark_wrapped(batch.db, *mark)
    return len(done)


def receive_wraps(ctx: SyncContext) -> int:
    """Unwrap every key addressed to this device by an active member; return keys new here."""
    if ctx.roster is None:
        return 0
    names = ctx.require_names()
    wanted: list[str] = []
    for device in ctx.roster.active():
        if device.device_id != ctx.device_id:
            wanted += [
                o.key for o in ctx.store.list(names.wraps_to(device.device_id, ctx.device_id))
            ]
    new = 0
    with ctx.vault.write() as batch:
        for name, data in ctx.store.get_many(wanted):
            body = crypto.unwrap(ctx.team.box_private, name, data, "A key sent to this laptop")
            wrap = KeyWrap.model_validate_json(body)
            new += sync_state.save_key(
                batch.db,
                ScopeKey(
                    scope=wrap.scope,
                    epoch=wrap.epoch,
                    key=bytes.fromhex(wrap.key),
                    owner_user=wrap.owner_user,
                ),
            )
    ctx.reload()
    return new
