"""One sync: membership and keys first, then this device's films and changes up, then every
other device's signed head checked and its new batches applied, then films down."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import VfappError
from vfapp.sync import crypto, keyring, media
from vfapp.sync.context import KeyMissing, SyncContext
from vfapp.sync.export import announce_films, export_changes
from vfapp.sync.pull import Pulled, pull_device, retry_pending, retry_waiting
from vfapp.sync.push import push_outbox, repair_own
from vfapp.sync.team_admin import collect_approval
from vfapp.vault import sync_media, sync_state
from vfapp.vault.session import Vault


class SyncReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    state: str  # "done", "waiting for approval", "removed"
    batches_sent: int = 0
    changes_sent: int = 0
    batches_applied: int = 0
    ops_applied: int = 0
    ops_waiting: int = 0
    chunks_sent: int = 0
    chunks_received: int = 0
    keys_received: int = 0
    repaired: int = 0
    refused: tuple[str, ...] = ()
    finished_at: str = ""


class RecordingInProgress(VfappError):
    def __init__(self) -> None:
        super().__init__(
            "A visit is being filmed, so sync waits until the recording ends (the film is "
            "safe either way). Sync after stopping, or choose to sync anyway."
        )


Progress = Callable[[media.FilmProgress], None]
_REMOVED = (
    "An admin removed this laptop from the team, so it no longer sends or receives anything. "
    "What is in its vault stays as it was."
)


def _ignore(_p: media.FilmProgress) -> None:
    pass


def run_sync(
    vault: Vault,
    progress: Progress = _ignore,
    *,
    films: bool = True,
    during_recording: bool = False,
) -> SyncReport:
    """Sync this vault with its team store (never while filming, unless asked)."""
    if sync_media.is_recording_now(vault.db) and not during_recording:
        raise RecordingInProgress()
    return sync_now(SyncContext(vault), progress, films=films)


def sync_now(ctx: SyncContext, progress: Progress = _ignore, *, films: bool = True) -> SyncReport:
    if ctx.team.state == "pending" and not collect_approval(ctx):
        return SyncReport(state="waiting for approval")
    try:
        roster = keyring.fetch_roster(ctx)
    except KeyMissing:
        # The list is sealed under a newer team key: take the keys sent to this laptop, then
        # read it; a laptop that was sent none was removed.
        keyring.receive_wraps(ctx)
        try:
            roster = keyring.fetch_roster(ctx)
        except KeyMissing:
            return SyncReport(state="removed", refused=(_REMOVED,))
    me = roster.device(ctx.device_id) if roster else None
    if me is not None and me.status == "removed":
        return SyncReport(state="removed", refused=(_REMOVED,))
    keys = keyring.receive_wraps(ctx)
    ready = media.push_films(ctx, progress) if films else []
    changes = export_changes(ctx)
    announce_films(ctx, ready)
    keyring.publish_wraps(ctx)
    sent = push_outbox(ctx)
    repaired = repair_own(ctx)
    pulled = Pulled()
    for device in roster.devices if roster else ():
        if device.device_id == ctx.device_id or device.kind == "recovery":
            continue
        try:
            pull_device(ctx, device.device_id, device.status == "active", pulled)
        except crypto.ObjectRefused as error:
            pulled.refused.append(f"{error} (from {device.person}'s laptop, {device.name})")
    retry_waiting(ctx, pulled)
    retry_pending(ctx, pulled)
    received = 0
    if films:
        media.fetch_film_keys(ctx)
        received = media.pull_films(ctx, progress, refused=pulled.refused)
    with ctx.vault.write() as batch:
        finished = datetime.now(UTC).isoformat()
        sync_state.set_mark(batch.db, "last_sync", finished)
        for message in pulled.refused:
            sync_state.add_log(batch.db, "refused", message)
        left = len(sync_state.pending(batch.db))
    return SyncReport(
        state="done",
        batches_sent=sent,
        changes_sent=changes,
        batches_applied=pulled.batches,
        ops_applied=pulled.ops,
        ops_waiting=left,
        chunks_sent=sum(len(s) for _r, _f, s in ready),
        chunks_received=received,
        keys_received=keys,
        repaired=repaired,
        refused=tuple(pulled.refused),
        finished_at=finished,
    )
