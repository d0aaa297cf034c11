from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from vfapp.domain.errors import UnlockThrottled, WrongPassword
from vfapp.vault.lifecycle import CreatedVault, unlock_vault
from vfapp.vault.throttle import MAX_DELAY_S, UnlockThrottle, delay_after


def test_first_three_failures_are_free_then_the_wait_doubles_up_to_a_cap() -> None:
    assert [delay_after(n) for n in range(9)] == [0, 0, 0, 2, 4, 8, 16, 30, 30]
    assert delay_after(1000) == MAX_DELAY_S


class _Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_wrong_passwords_slow_down_and_the_owner_gets_back_in(created: CreatedVault) -> None:
    folder: Path = created.vault.folder
    created.vault.lock()
    clock = _Clock()
    for _ in range(3):
        with pytest.raises(WrongPassword):
            unlock_vault(folder, "not the password", clock=clock)
    # Even the right password waits out the delay: guessing gets slower for everyone.
    with pytest.raises(UnlockThrottled) as waited:
        unlock_vault(folder, PASSWORD, clock=clock)
    assert 0 < waited.value.retry_after_s <= 2
    assert "wait 2 seconds" in str(waited.value)
    clock.now += 2.01
    with pytest.raises(WrongPassword):
        unlock_vault(folder, "still not it", clock=clock)
    clock.now += 3.9
    with pytest.raises(UnlockThrottled, match="wait 1 second and"):
        unlock_vault(folder, PASSWORD, clock=clock)
    clock.now += 0.11
    unlock_vault(folder, PASSWORD, clock=clock).lock()
    assert UnlockThrottle(folder, clock).wait_needed() == 0


def test_the_attempt_counter_survives_restarts_and_tolerates_garbage(tmp_path: Path) -> None:
    clock = _Clock()
    for _ in range(4):
        UnlockThrottle(tmp_path, clock).failed()
    assert UnlockThrottle(tmp_path, clock).wait_needed() == pytest.approx(4)
    (tmp_path / "unlock-attempts.json").write_text("{not json")
    assert UnlockThrottle(tmp_path, clock).wait_needed() == 0


def test_a_clock_that_ran_ahead_never_locks_the_owner_out(tmp_path: Path) -> None:
    clock = _Clock()
    ahead = _Clock()
    ahead.now = clock.now + 365 * 24 * 3600
    for _ in range(5):
        UnlockThrottle(tmp_path, ahead).failed()
    assert UnlockThrottle(tmp_path, clock).wait_needed() == delay_after(5)
