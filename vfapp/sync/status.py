"""What the sync screen shows, read from the vault alone (no store needed): the team and its
store, the last sync, what waits to go up and come down, conflicts, devices, and notices."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.sync.conflicts import NoteConflict, open_conflicts
from vfapp.sync.models import Roster, StoreConfig, TeamDescriptor
from vfapp.vault import sync_films, sync_media, sync_rows, sync_state
from vfapp.vault.casework import get_family
from vfapp.vault.session import Vault


class FilmTransfer(BaseModel):
    model_config = ConfigDict(frozen=True)

    recording_id: str
    label: str  # the family's case code and the film's day
    direction: str  # "up" or "down"
    done: int
    total: int


class DeviceRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    device_id: str
    name: str
    person: str
    role: str
    active: bool
    this_laptop: bool
    recovery_key: bool = False  # the printed recovery key's place in the roster, not a laptop


class SyncStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    in_team: bool
    team_name: str = ""
    store: str = ""
    state: str = ""  # active, pending (waiting for approval), removed
    role: str = ""
    admin_person: str = ""  # who approves laptops (named in the invite)
    last_sync: str | None = None
    batches_waiting_up: int = 0
    films: tuple[FilmTransfer, ...] = ()
    ops_waiting: int = 0
    conflicts: tuple[NoteConflict, ...] = ()
    devices: tuple[DeviceRow, ...] = ()
    notices: tuple[str, ...] = ()


def store_config(vault: Vault) -> StoreConfig | None:
    """Where this laptop reaches the team store (its own path if it set one)."""
    team = sync_state.load_team(vault.db)
    if team is None:
        return None
    own = sync_state.get_mark(vault.db, "store_here")
    if own:
        return StoreConfig.model_validate_json(own)
    return TeamDescriptor.model_validate_json(team.descriptor).store


def sync_status(vault: Vault) -> SyncStatus:
    db = vault.db
    team = sync_state.load_team(db)
    if team is None:
        return SyncStatus(in_team=False)
    descriptor = TeamDescriptor.model_validate_json(team.descriptor)
    body = sync_state.load_roster(db)
    roster = Roster.model_validate_json(body) if body else None
    devices = tuple(
        DeviceRow(
            device_id=d.device_id,
            name=d.name,
            person=d.person,
            role=d.role.value,
            active=d.status == "active",
            this_laptop=d.device_id == vault.device_id,
            recovery_key=d.kind == "recovery",
        )
        for d in (roster.devices if roster else ())
    )
    config = store_config(vault)
    return SyncStatus(
        in_team=True,
        team_name=descriptor.team_name,
        admin_person=descriptor.admin_person,
        store=config.describe() if config else "",
        state=team.state,
        role=team.role,
        last_sync=sync_state.get_mark(db, "last_sync") or None,
        batches_waiting_up=sum(1 for e in sync_state.outbox(db) if not e.sent),
        films=tuple(_films(vault)),
        ops_waiting=len(sync_state.pending(db)),
        conflicts=tuple(open_conflicts(vault)),
        devices=devices,
        notices=tuple(m for _at, _k, m in sync_state.recent_log(db, 10)),
    )


def _label(vault: Vault, recording_id: str) -> str:
    row = sync_rows.read_row(vault.db, "recordings", (recording_id,))
    family = sync_rows.family_of(vault.db, "recordings", (recording_id,))
    if row is None or family is None:
        return "A film not yet described"
    code = get_family(vault, UUID(family)).case_code
    return f"{code}, {str(row['started_at'])[:10]}"


def _films(vault: Vault) -> list[FilmTransfer]:
    db = vault.db
    films: list[FilmTransfer] = []
    for recording_id, _device, sizes in sync_films.films_in(db):
        films.append(
            FilmTransfer(
                recording_id=recording_id,
                label=_label(vault, recording_id),
                direction="down",
                done=len(sync_films.chunks_present(db, recording_id)),
                total=len(sizes),
            )
        )
    for recording_id, deleted in sync_media.own_films(db):
        if deleted:
            continue
        if sync_films.film_out_state(db, recording_id) in ("announced", "shredded"):
            continue
        total = len(sync_media.chunk_sizes(db, recording_id))
        films.append(
            FilmTransfer(
                recording_id=recording_id,
                label=_label(vault, recording_id),
                direction="up",
                done=len(sync_films.chunks_sent(db, recording_id)),
                total=total,
            )
        )
    return films
