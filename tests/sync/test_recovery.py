"""The admin's laptop is lost: a new laptop with the printed recovery key takes the team on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.sync.devices import Device
from vfapp.domain.errors import WrongSecret
from vfapp.sync.folder_store import FolderStore
from vfapp.sync.recovery import NoTeamForKey, recover_team
from vfapp.sync.team import join_team, make_invite
from vfapp.sync.team_admin import approve, join_requests
from vfapp.vault import casework


def test_a_new_laptop_with_the_recovery_key_becomes_the_admin(
    team: list[Device], store_dir: Path, make_vault: Callable[..., object]
) -> None:
    lost, practitioner, supervisor, _other = team
    casework.add_family(practitioner.vault, "PIP-1000")
    practitioner.sync()
    lost.sync()
    new = Device(make_vault(user="new admin").vault, FolderStore(store_dir))  # type: ignore[attr-defined]
    recover_team(new.actor, lost.recovery_key.lower(), new.store)
    assert new.sync().refused == ()
    assert [f.case_code for f in casework.list_families(new.vault)] == ["PIP-1000"]
    # It runs the team now: it lets a new laptop in, and the others follow its roster.
    invite = make_invite(new.actor, "practitioner", "Robin")
    joiner = Device(make_vault(user="robin").vault, FolderStore(store_dir))  # type: ignore[attr-defined]
    join_team(joiner.actor, invite.file_bytes, invite.passphrase, joiner.store)
    [ask] = join_requests(new.context())
    approve(new.actor, new.context(), ask.request.device_id)
    assert joiner.sync().state == "done"
    assert supervisor.sync().refused == ()
    people = {d.person for d in supervisor.context().roster.active()}  # type: ignore[union-attr]
    assert {"new admin", "Robin"} <= people
    casework.add_family(practitioner.vault, "PIP-1001")
    practitioner.sync()
    new.sync()
    assert {f.case_code for f in casework.list_families(new.vault)} == {"PIP-1000", "PIP-1001"}


def test_a_mistyped_or_foreign_recovery_key_is_refused_in_words(
    team: list[Device], store_dir: Path, make_vault: Callable[..., object]
) -> None:
    lost = team[0]
    new = Device(make_vault(user="new admin").vault, FolderStore(store_dir))  # type: ignore[attr-defined]
    groups = lost.recovery_key.split("-")
    groups[2] = "ZZZZ" if groups[2] != "ZZZZ" else "YYYY"
    with pytest.raises(WrongSecret, match="mistyped"):
        recover_team(new.actor, "-".join(groups), new.store)
    other_store = store_dir.parent / "elsewhere"
    other_store.mkdir()
    with pytest.raises(NoTeamForKey, match="no team for this recovery key"):
        recover_team(new.actor, lost.recovery_key, FolderStore(other_store))
