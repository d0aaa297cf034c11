"""Team sync through real servers on 127.0.0.1: `rclone serve s3` through boto3 (stopped in
the middle of a film) and `rclone serve webdav` through the rclone binary."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.integration.recording_helpers import record, synthetic
from tests.sync.devices import Device, make_team
from tests.sync.test_team_sync import _consented_family
from tests.sync_servers import ACCESS_KEY, BUCKET, SECRET_KEY, RcloneServer
from vfapp.capture.camera import VideoMode
from vfapp.domain.governance import Role
from vfapp.sync import media
from vfapp.sync.context import open_store
from vfapp.sync.engine import sync_now
from vfapp.sync.models import StoreConfig
from vfapp.sync.store import StoreUnreachable
from vfapp.vault import casework
from vfapp.vault.lifecycle import create_vault
from vfapp.vault.media_reader import MediaReader


def _team(tmp_path: Path, config: StoreConfig) -> list[Device]:
    counter = itertools.count()

    def make_vault(user: str = "owner") -> Any:
        return create_vault(tmp_path / f"vault{next(counter)}", PASSWORD, user=user)

    return make_team(make_vault, open_store(config), config, [Role.PRACTITIONER, Role.SUPERVISOR])


def _film(device: Device) -> Any:
    family = _consented_family(device, "PIP-0880")
    casework.add_visit(device.vault, family.id, casework.date(2026, 11, 22))
    mode = VideoMode(width=1280, height=720, fps=30)
    return record(device.vault, *synthetic(mode), max_seconds=3.0).recording


def _same_film(a: Device, b: Device, recording_id: Any) -> bool:
    with MediaReader(a.vault, recording_id) as one, MediaReader(b.vault, recording_id) as two:
        return bool(one.read() == two.read())


def test_s3_server_stopped_mid_film_then_the_next_sync_completes(
    tmp_path: Path, s3_server: RcloneServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = StoreConfig(kind="s3", endpoint=s3_server.url, bucket=BUCKET,
                         access_key=ACCESS_KEY, secret_key=SECRET_KEY)  # fmt: skip
    admin, practitioner, supervisor = _team(tmp_path, config)
    film = _film(practitioner)
    monkeypatch.setattr(media, "WINDOW", 1)

    def stop_after_first_part(step: media.FilmProgress) -> None:
        if step.direction == "up" and step.done >= 1:
            s3_server.stop()

    with pytest.raises(StoreUnreachable) as stopped:
        sync_now(practitioner.context(), stop_after_first_part)
    assert "could not be reached" in str(stopped.value)
    s3_server.start()
    assert practitioner.sync().refused == ()
    supervisor.sync()
    assert _same_film(practitioner, supervisor, film.id)
    assert admin.sync().refused == ()


def test_a_film_travels_through_an_rclone_webdav_remote(
    tmp_path: Path, webdav_rclone_config: Path
) -> None:
    config = StoreConfig(
        kind="rclone", remote="teamdav:attune", rclone_config=str(webdav_rclone_config)
    )
    _admin, practitioner, supervisor = _team(tmp_path, config)
    film = _film(practitioner)
    assert practitioner.sync().chunks_sent == film.chunk_count
    assert supervisor.sync().chunks_received == film.chunk_count
    assert _same_film(practitioner, supervisor, film.id)
