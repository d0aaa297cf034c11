"""A team on a folder store: an admin, two practitioners and a supervisor, each a vault."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.sync.devices import Device, make_team
from tests.sync_servers import s3_server, webdav_rclone_config, webdav_server
from vfapp.domain.governance import Role
from vfapp.sync.folder_store import FolderStore
from vfapp.sync.models import StoreConfig

__all__ = ["s3_server", "webdav_rclone_config", "webdav_server"]


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "team-store"
    folder.mkdir()
    return folder


@pytest.fixture
def team(make_vault: Callable[..., object], store_dir: Path) -> list[Device]:
    """[admin, practitioner, supervisor, second practitioner], joined and synced once."""
    config = StoreConfig(kind="folder", path=str(store_dir))
    roles = [Role.PRACTITIONER, Role.SUPERVISOR, Role.PRACTITIONER]
    return make_team(make_vault, FolderStore(store_dir), config, roles)
