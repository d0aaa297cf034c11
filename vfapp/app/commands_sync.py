"""`vfapp sync` and `vfapp team create|invite|join|devices`: team sync from the command line,
through the same operations as the sync screen."""

from __future__ import annotations

import argparse
from pathlib import Path

from vfapp.app.context import CommandContext
from vfapp.app.governance_types import Command, Noun, Verbs
from vfapp.domain.errors import InvalidInput
from vfapp.governance.policy import Permission
from vfapp.sync.context import SyncContext, open_store
from vfapp.sync.engine import SyncReport, run_sync
from vfapp.sync.media import FilmProgress
from vfapp.sync.models import StoreConfig
from vfapp.sync.recovery import recover_team
from vfapp.sync.status import sync_status
from vfapp.sync.store import ObjectStore
from vfapp.sync.team import create_team, join_team, make_invite
from vfapp.sync.team_admin import approve, join_requests, remove
from vfapp.vault import sync_state
from vfapp.vault.session import Vault


def register(nouns: Verbs, noun: Noun, command: Command) -> None:
    sync = nouns.add_parser("sync", help="send and receive the team's changes and films")
    sync.add_argument("--vault", metavar="PATH", help="the vault folder (default: your own vault)")
    sync.add_argument("--user", help="whose password to use (when the vault has several)")
    sync.add_argument("--json", action="store_true", help="print JSON")
    sync.add_argument("--password-stdin", action="store_true", help="read secrets from stdin")
    _store_options(sync)
    sync.add_argument("--no-films", action="store_true", help="changes only; films later")
    sync.add_argument("--during-recording", action="store_true", help="sync even while filming")
    sync.set_defaults(handler=sync_command, accept_missing_changes=False)

    team = noun(nouns, "team", "the team this laptop syncs with: create, invite, join, devices")
    create = command(team, "create", team_create, "make a new team (admins)")
    create.add_argument("--name", required=True, help="the team's name")
    _store_options(create)
    invite = command(team, "invite", team_invite, "write an invite file for someone's laptop")
    invite.add_argument(
        "--role", required=True, choices=("practitioner", "guider", "supervisor", "admin")
    )
    invite.add_argument("--person", required=True, help="who it is for")
    invite.add_argument("--out", required=True, metavar="FILE", help="where to write the invite")
    join = command(team, "join", team_join, "join a team with an invite file and its passphrase")
    join.add_argument("file", metavar="FILE", help="the invite file")
    _store_options(join)
    recover = command(team, "recover", team_recover, "take the team on with its recovery key")
    _store_options(recover)
    devices = command(team, "devices", team_devices, "the team's laptops; approve or remove one")
    devices.add_argument("--approve", metavar="DEVICE", help="let this asking laptop in")
    devices.add_argument("--remove", metavar="DEVICE", help="take this laptop off the team")


def _store_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--folder", metavar="PATH", help="the team store is this folder (here)")
    sub.add_argument("--remote", metavar="NAME", help="the team store is this rclone remote")
    sub.add_argument("--s3", metavar="URL", help="the team store is an S3 endpoint")
    sub.add_argument("--bucket", help="the S3 bucket")
    sub.add_argument("--access-key", help="the S3 access key")
    sub.add_argument("--secret-key", help="the S3 secret key")


def store_from_args(args: argparse.Namespace) -> StoreConfig | None:
    if args.folder:
        return StoreConfig(kind="folder", path=str(Path(args.folder).expanduser().resolve()))
    if args.remote:
        remote = args.remote if ":" in args.remote else f"{args.remote}:"
        return StoreConfig(kind="rclone", remote=remote)
    if args.s3:
        if not (args.bucket and args.access_key and args.secret_key):
            raise InvalidInput("--s3", "needs --bucket, --access-key and --secret-key too")
        return StoreConfig(
            kind="s3",
            endpoint=args.s3,
            bucket=args.bucket,
            access_key=args.access_key,
            secret_key=args.secret_key,
        )
    return None


def _remember_store(vault: Vault, config: StoreConfig | None) -> None:
    """This laptop's own way to the store (a share is mounted at different paths)."""
    if config is not None:
        with vault.write() as batch:
            sync_state.set_mark(batch.db, "store_here", config.model_dump_json())


def sync_command(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        _remember_store(actor.vault, store_from_args(ctx.args))
        shown: dict[str, int] = {}

        def progress(step: FilmProgress) -> None:
            percent = step.done * 100 // max(1, step.total)
            if shown.get(step.recording_id, -10) + 10 <= percent or step.done == step.total:
                shown[step.recording_id] = percent
                word = "sending" if step.direction == "up" else "receiving"
                ctx.progress(f"Film {step.recording_id[-8:]}: {word}, {percent}%")

        report = run_sync(
            actor.vault,
            progress,
            films=not ctx.args.no_films,
            during_recording=ctx.args.during_recording,
        )
        status = sync_status(actor.vault)
    if ctx.wants_json:
        ctx.emit_json(report)
        return 0 if not report.refused else 3
    ctx.say(*summary(report))
    if status.conflicts:
        ctx.say(
            f"{len(status.conflicts)} note(s) were changed on two laptops at once: "
            "choose the words to keep on the Sync screen."
        )
    for message in report.refused:
        ctx.warn(message)
    return 0 if not report.refused else 3


def summary(report: SyncReport) -> list[str]:
    if report.state == "waiting for approval":
        return ["This laptop is waiting for an admin to approve it. Sync again later."]
    if report.state == "removed":
        return ["An admin removed this laptop from the team; it no longer syncs."]
    return [
        f"Sync finished: {report.batches_sent} batch(es) of changes sent, "
        f"{report.ops_applied} change(s) received.",
        f"Film parts: {report.chunks_sent} sent, {report.chunks_received} received.",
    ]


def team_create(ctx: CommandContext) -> int:
    config = store_from_args(ctx.args)
    if config is None:
        raise InvalidInput("team store", "give --folder, --remote or --s3")
    with ctx.sign_in() as actor:
        made = create_team(actor, ctx.args.name, config)
    ctx.say(
        f"Team created ({made.team_id[:8]}). Its recovery key, which restores the team if "
        "this laptop is lost. Print or write it down, and keep it apart from the laptop:",
        made.recovery_key,
    )
    return 0


def team_invite(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        invite = make_invite(actor, ctx.args.role, ctx.args.person)
    target = Path(ctx.args.out).expanduser()
    target.write_bytes(invite.file_bytes)
    ctx.say(
        f"Invite written to {target}. Give it to {ctx.args.person}, and tell them this "
        "passphrase separately (by phone or in person, not in the same email):",
        invite.passphrase,
    )
    return 0


def team_join(ctx: CommandContext) -> int:
    file_bytes = Path(ctx.args.file).expanduser().read_bytes()
    with ctx.sign_in() as actor:
        payload = join_team(
            actor, file_bytes, ctx.secrets.invite_passphrase(), _store_for_join(ctx)
        )
        _remember_store(actor.vault, store_from_args(ctx.args))
    ctx.say(
        f"Asked to join {payload.descriptor.team_name} as {payload.role.value}. "
        "An admin must approve this laptop; then run 'vfapp sync'."
    )
    return 0


def team_recover(ctx: CommandContext) -> int:
    config = store_from_args(ctx.args)
    if config is None:
        raise InvalidInput("team store", "give --folder, --remote or --s3")
    with ctx.sign_in() as actor:
        found = recover_team(actor, ctx.secrets.recovery_key(), open_store(config))
        _remember_store(actor.vault, config)
    ctx.say(
        f"This laptop is now the admin of {found.team_name}. Run 'vfapp sync' to bring "
        "the team's work here."
    )
    return 0


def _store_for_join(ctx: CommandContext) -> ObjectStore | None:
    config = store_from_args(ctx.args)
    return None if config is None else open_store(config)


def team_devices(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        sync_ctx = SyncContext(actor.vault)
        if ctx.args.approve:
            entry = approve(actor, sync_ctx, ctx.args.approve)
            ctx.say(f"{entry.person}'s laptop ({entry.name}) is now in the team.")
        if ctx.args.remove:
            entry = remove(actor, sync_ctx, ctx.args.remove)
            ctx.say(f"{entry.person}'s laptop ({entry.name}) was removed; new keys were made.")
        asks = join_requests(sync_ctx) if actor.permits(Permission.MANAGE_USERS) else []
        status = sync_status(actor.vault)
    if ctx.wants_json:
        ctx.emit_json(
            {
                "devices": [d.model_dump() for d in status.devices],
                "asking": [a.model_dump(mode="json") for a in asks],
            }
        )
        return 0
    for device in status.devices:
        flag = " (this laptop)" if device.this_laptop else ""
        state = "" if device.active else " [removed]"
        ctx.say(
            f"{device.device_id[:12]}  {device.person}, {device.name}, {device.role}{state}{flag}"
        )
    for ask in asks:
        ctx.say(
            f"Asking to join: {ask.request.device_id[:12]}  {ask.person} as {ask.role} "
            f"(approve with --approve {ask.request.device_id[:12]})"
        )
    return 0
