"""Where the command line gets passwords and recovery keys: env, --password-stdin, or a prompt."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Mapping
from typing import TextIO

from vfapp.domain.errors import InvalidInput, VfappError

PASSWORD_ENV = "VFAPP_PASSWORD"
NEW_PASSWORD_ENV = "VFAPP_NEW_PASSWORD"
RECOVERY_KEY_ENV = "VFAPP_RECOVERY_KEY"
INVITE_PASSPHRASE_ENV = "VFAPP_INVITE_PASSPHRASE"


class NoSecretGiven(VfappError):
    exit_code = 2

    def __init__(self, what: str, env: str) -> None:
        super().__init__(
            f"No {what} was given: type it at the prompt, pipe it in with --password-stdin, "
            f"or set {env}."
        )


class SecretSource:
    """Answers each request from the environment, else the next stdin line, else a prompt."""

    def __init__(
        self,
        *,
        from_stdin: bool,
        environ: Mapping[str, str] = os.environ,
        stdin: TextIO | None = None,
        prompt: Callable[[str], str] = getpass.getpass,
    ) -> None:
        self._from_stdin = from_stdin
        self._environ = environ
        self._stdin = stdin or sys.stdin
        self._prompt = prompt

    def password(self) -> str:
        return self._ask("password", "Vault password: ", (PASSWORD_ENV,))

    def recovery_key(self) -> str:
        return self._ask("recovery key", "Recovery key: ", (RECOVERY_KEY_ENV,))

    def invite_passphrase(self) -> str:
        return self._ask("invite passphrase", "The invite's passphrase: ", (INVITE_PASSPHRASE_ENV,))

    def new_password(self, *, for_new_vault: bool = False) -> str:
        envs = (NEW_PASSWORD_ENV, PASSWORD_ENV) if for_new_vault else (NEW_PASSWORD_ENV,)
        return self._ask("new password", "New password: ", envs, confirm=True)

    def _ask(self, what: str, label: str, envs: tuple[str, ...], *, confirm: bool = False) -> str:
        for name in envs:
            if self._environ.get(name):
                return self._environ[name]
        if self._from_stdin:
            line = self._stdin.readline()
            if not line:
                raise NoSecretGiven(what, envs[0])
            return line.rstrip("\r\n")
        if not self._stdin.isatty():
            raise NoSecretGiven(what, envs[0])
        answer = self._prompt(label)
        if confirm and self._prompt("Type it again: ") != answer:
            raise InvalidInput(what, "was typed differently the second time; nothing was changed")
        return answer
