from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vfapp.domain.errors import InvalidInput, MalformedRecoveryKey
from vfapp.vault import keys


def test_password_text_is_normalised_so_the_same_keys_give_the_same_key() -> None:
    composed, decomposed = "caf\u00e9-password", "cafe\u0301-password"
    assert keys.password_secret(composed) == keys.password_secret(decomposed)


def test_new_passwords_must_have_eight_characters() -> None:
    with pytest.raises(InvalidInput, match="at least 8"):
        keys.check_new_password("short")
    keys.check_new_password("long enough")


def test_wrapped_key_opens_only_with_its_kek_and_aad() -> None:
    kek, nonce, vault_key = os.urandom(32), os.urandom(12), os.urandom(32)
    wrapped = keys.wrap_key(kek, nonce, vault_key, b"slot-1")
    assert keys.unwrap_key(kek, nonce, wrapped, b"slot-1") == vault_key
    assert keys.unwrap_key(os.urandom(32), nonce, wrapped, b"slot-1") is None
    assert keys.unwrap_key(kek, nonce, wrapped, b"slot-2") is None


@given(st.binary(min_size=20, max_size=20))
def test_recovery_keys_round_trip(secret: bytes) -> None:
    text = keys.format_recovery_key(secret)
    groups = text.split("-")
    assert len(groups) == keys.RECOVERY_GROUPS and all(len(g) == 4 for g in groups)
    assert keys.parse_recovery_key(text) == secret


def test_recovery_key_forgives_case_spaces_and_look_alike_letters() -> None:
    secret = bytes(range(20))
    text = keys.format_recovery_key(secret)
    sloppy = text.lower().replace("-", "  ").replace("0", "o").replace("1", "l")
    assert keys.parse_recovery_key(sloppy) == secret


def test_recovery_key_with_a_group_missing_says_how_long_it_should_be() -> None:
    text = keys.format_recovery_key(os.urandom(20))
    with pytest.raises(MalformedRecoveryKey, match=r"36 letters and digits in 9 groups.*has 32"):
        keys.parse_recovery_key(text[:-5])


def test_every_single_character_typo_is_caught_by_the_checksum() -> None:
    text = keys.format_recovery_key(bytes(range(20, 40))).replace("-", "")
    for position in range(len(text)):
        replacement = "Z" if text[position] != "Z" else "Y"
        typo = text[:position] + replacement + text[position + 1 :]
        with pytest.raises(MalformedRecoveryKey, match="mistyped"):
            keys.parse_recovery_key(typo)


class _FakeTimer:
    """Pretends Argon2id takes time proportional to memory x iterations."""

    def __init__(self, seconds_per_gib_pass: float) -> None:
        self.rate = seconds_per_gib_pass
        self.now = 0.0
        self.params: keys.KdfParams | None = None

    def derive(self, secret: bytes, salt: bytes, params: keys.KdfParams) -> bytes:
        self.now += self.rate * params.memory_kib / 2**20 * params.iterations
        return b"\0" * 32

    def __call__(self) -> float:
        return self.now


@pytest.mark.real_kdf
def test_calibration_on_a_slow_machine_lowers_memory_but_never_below_the_floor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    timer = _FakeTimer(seconds_per_gib_pass=40.0)  # 256 MiB x 3 would take 30 s
    monkeypatch.setattr(keys, "derive_key", timer.derive)
    params = keys.calibrate(timer)
    assert params.memory_kib == keys.KDF_FLOOR.memory_kib == 64 * 1024
    assert params.iterations >= 3


@pytest.mark.real_kdf
def test_calibration_on_a_fast_machine_adds_passes_to_reach_half_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    timer = _FakeTimer(seconds_per_gib_pass=0.4)  # 256 MiB x 3 takes 0.3 s
    monkeypatch.setattr(keys, "derive_key", timer.derive)
    params = keys.calibrate(timer)
    assert params.memory_kib == 256 * 1024
    assert 0.5 <= 0.4 * 0.25 * params.iterations <= 1.0


@pytest.mark.real_kdf
def test_calibration_keeps_the_start_costs_when_they_fit_the_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    timer = _FakeTimer(seconds_per_gib_pass=1.0)  # 256 MiB x 3 takes 0.75 s
    monkeypatch.setattr(keys, "derive_key", timer.derive)
    assert keys.calibrate(timer) == keys.KDF_START


@pytest.mark.real_kdf
def test_real_calibration_respects_the_floor_and_stays_usable() -> None:
    params = keys.calibrate()
    assert params.memory_kib >= 64 * 1024 and params.iterations >= 3
    assert params.memory_kib <= 256 * 1024


@pytest.mark.real_kdf
def test_weak_parameters_are_raised_to_the_floor() -> None:
    weak = keys.KdfParams(memory_kib=1024, iterations=1, parallelism=1)
    floored = keys.enforce_floor(weak)
    assert floored.memory_kib == 64 * 1024 and floored.iterations == 3
