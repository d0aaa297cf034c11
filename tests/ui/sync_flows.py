"""Steps the sync screen's tests and screenshots share: a team on a folder store whose admin
is the window's user, other laptops joined to it, and a film with a tag's note."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from uuid import UUID

from tests.integration.recording_helpers import record, synthetic
from tests.sync.devices import Device
from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier, Relationship
from vfapp.governance.actor import Actor
from vfapp.governance.consent import record_consent
from vfapp.governance.tag_ops import add_tag
from vfapp.sync.context import SyncContext
from vfapp.sync.folder_store import FolderStore
from vfapp.sync.models import StoreConfig
from vfapp.sync.team import create_team, join_team, make_invite
from vfapp.sync.team_admin import approve
from vfapp.vault import casework
from vfapp.vault.session import Vault


def start_team(admin: Actor, folder: Path, name: str = "North team") -> FolderStore:
    folder.mkdir(parents=True, exist_ok=True)
    create_team(admin, name, StoreConfig(kind="folder", path=str(folder)))
    return FolderStore(folder)


def add_laptop(admin: Actor, vault: Vault, store: FolderStore, role: str, person: str) -> Device:
    """Another laptop, invited, joined, approved and synced once."""
    invite = make_invite(admin, role, person)
    device = Device(vault, store)
    join_team(device.actor, invite.file_bytes, invite.passphrase, store)
    approve(admin, SyncContext(admin.vault, store), device.vault.device_id)
    device.sync()
    return device


def film_with_a_note(device: Device, code: str, note: str) -> UUID:
    """A consented family, a short film of a visit, and one tag with a note; the tag's id."""
    family = casework.add_family(device.vault, code).value
    record_consent(device.actor, family.id, tuple(ConsentTier), ConsentEventKind.GIVEN,
                   given_by="A. Parent", relationship=Relationship.PARENT,
                   method=ConsentMethod.WRITTEN)  # fmt: skip
    casework.add_visit(device.vault, family.id, date(2026, 11, 20))
    film = record(device.vault, *synthetic(), max_seconds=1.0).recording
    return add_tag(device.actor, film.id, 0, note=note).id
