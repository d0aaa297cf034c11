from __future__ import annotations

import io

import pytest

from vfapp.app.secrets_input import NoSecretGiven, SecretSource
from vfapp.domain.errors import InvalidInput


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_environment_wins_then_stdin_lines_in_order() -> None:
    source = SecretSource(
        from_stdin=True, environ={"VFAPP_PASSWORD": "from env"}, stdin=io.StringIO("one\ntwo\n")
    )
    assert source.password() == "from env"
    assert source.new_password() == "one"
    assert source.recovery_key() == "two"
    with pytest.raises(NoSecretGiven):
        source.recovery_key()


def test_a_new_vault_takes_its_password_from_vfapp_password() -> None:
    source = SecretSource(
        from_stdin=False, environ={"VFAPP_PASSWORD": "p" * 9}, stdin=io.StringIO()
    )
    assert source.new_password(for_new_vault=True) == "p" * 9
    with pytest.raises(NoSecretGiven, match="VFAPP_NEW_PASSWORD"):
        source.new_password()


def test_a_prompted_new_password_must_be_typed_the_same_twice() -> None:
    answers = iter(["first try", "first tyr"])
    source = SecretSource(
        from_stdin=False, environ={}, stdin=_Tty(), prompt=lambda _: next(answers)
    )
    with pytest.raises(InvalidInput, match="typed differently"):
        source.new_password()
    same = iter(["typed twice", "typed twice"])
    source = SecretSource(from_stdin=False, environ={}, stdin=_Tty(), prompt=lambda _: next(same))
    assert source.new_password() == "typed twice"
