"""Fixtures for command-line tests: a vault made by `vfapp vault init`, with one family."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.integration.test_cli import vfapp


@pytest.fixture
def vault_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A vault at tmp/team-vault whose creator is signed in by VFAPP_PASSWORD, with family
    PIP-0042 (modules that need another set-up define their own)."""
    monkeypatch.setenv("VFAPP_PASSWORD", PASSWORD)
    folder = tmp_path / "team-vault"
    assert vfapp("vault", "init", str(folder)).code == 0
    assert vfapp("family", "add", "--vault", str(folder), "PIP-0042").code == 0
    return folder
