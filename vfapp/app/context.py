"""What every command handler is given: its arguments, output streams, secrets and settings."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel

from vfapp.app.secrets_input import SecretSource
from vfapp.governance.actor import Actor, sign_in
from vfapp.settings import Settings
from vfapp.vault.lifecycle import unlock_vault
from vfapp.vault.session import Vault


@dataclass
class CommandContext:
    args: argparse.Namespace
    out: TextIO
    err: TextIO
    secrets: SecretSource
    settings: Settings

    @property
    def vault_path(self) -> Path:
        """The vault a command works on: its PATH or --vault, else the user's own."""
        given = getattr(self.args, "path", None) or getattr(self.args, "vault", None)
        return Path(given).expanduser() if given else self.settings.default_vault

    def unlock(self) -> Vault:
        vault = unlock_vault(
            self.vault_path,
            self.secrets.password(),
            user=getattr(self.args, "user", None),
            allow_incomplete=getattr(self.args, "accept_missing_changes", False),
        )
        for warning in vault.warnings:
            self.warn(warning)
        return vault

    def sign_in(self) -> Actor:
        """Unlock and sign in as the user whose password opened the vault (use with `with`:
        leaving the block locks the vault)."""
        vault = self.unlock()
        try:
            return sign_in(vault)
        except BaseException:
            vault.lock()
            raise

    def progress(self, text: str) -> None:
        """What is happening, on stderr, so that stdout stays clean for --json and pipes."""
        print(text, file=self.err)

    def warn(self, text: str) -> None:
        print(f"Warning: {text}", file=self.err)

    def say(self, *lines: str) -> None:
        for line in lines:
            print(line, file=self.out)

    @property
    def wants_json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def emit_json(self, value: BaseModel | Iterable[BaseModel] | dict[str, Any]) -> None:
        if isinstance(value, BaseModel):
            data: Any = value.model_dump(mode="json")
        elif isinstance(value, dict):
            data = value
        else:
            data = [item.model_dump(mode="json") for item in value]
        print(json.dumps(data, indent=2, sort_keys=True), file=self.out)
