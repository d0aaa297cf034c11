"""Shared fixtures: a cheap KDF for speed, an isolated data folder, and ready-made vaults."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

if os.environ.get("VFAPP_BLOCK_QT"):
    # The core must work where Qt is not installed: make every Qt import fail.
    for name in ("PySide6", "shiboken6"):
        sys.modules[name] = None  # type: ignore[assignment]

from vfapp.vault import keys
from vfapp.vault.lifecycle import CreatedVault, create_vault
from vfapp.vault.session import Vault

pytest_plugins = ("tests.governance_fixtures",)

PASSWORD = "correct horse battery staple"
FAST_KDF = keys.KdfParams(memory_kib=8 * 1024, iterations=1, parallelism=1)
SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_kdf: use the real Argon2id floor and calibration")


@pytest.fixture(autouse=True)
def fast_kdf(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at 8 MiB/t1 so each test is quick; `real_kdf` tests keep the real costs."""
    if request.node.get_closest_marker("real_kdf"):
        return
    monkeypatch.setattr(keys, "KDF_FLOOR", FAST_KDF)
    monkeypatch.setattr(keys, "calibrate", lambda *a, **k: FAST_KDF)


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "user-data"
    monkeypatch.setenv("VFAPP_DATA_DIR", str(data))
    for name in ("VFAPP_PASSWORD", "VFAPP_NEW_PASSWORD", "VFAPP_RECOVERY_KEY"):
        monkeypatch.delenv(name, raising=False)
    return data


@pytest.fixture
def make_vault(tmp_path: Path) -> Iterator[Callable[..., CreatedVault]]:
    made: list[Vault] = []
    counter = iter(range(1000))

    def make(
        folder: Path | None = None, password: str = PASSWORD, user: str = "owner"
    ) -> CreatedVault:
        created = create_vault(folder or tmp_path / f"vault{next(counter)}", password, user=user)
        made.append(created.vault)
        return created

    yield make
    for vault in made:
        vault.lock()


@pytest.fixture
def created(make_vault: Callable[..., CreatedVault]) -> CreatedVault:
    return make_vault()


@pytest.fixture
def vault(created: CreatedVault) -> Vault:
    return created.vault
