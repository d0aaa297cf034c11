"""Three laptops editing offline and syncing in any order converge to one state, and no note
anyone synced is lost: it is shown, or kept as a version a later edit superseded."""

from __future__ import annotations

import contextlib
import itertools
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PASSWORD
from tests.sync.devices import Device, make_team
from vfapp.domain.errors import InvalidInput
from vfapp.domain.governance import Role
from vfapp.domain.tagging import TagActor
from vfapp.sync.conflicts import open_conflicts
from vfapp.sync.folder_store import FolderStore
from vfapp.sync.models import StoreConfig
from vfapp.vault import casework, sync_state, tag_store
from vfapp.vault.lifecycle import create_vault
from vfapp.vault.recordings import begin_recording, mark_recovered

Step = tuple[str, int, int, str]
steps = st.lists(
    st.tuples(
        st.sampled_from(["tag", "note", "note", "move", "delete", "family", "sync", "sync"]),
        st.integers(0, 2),  # which laptop
        st.integers(0, 5),  # which of its tags
        st.sampled_from(["A", "B", "C", "waits", "turns"]),
    ),
    min_size=4,
    max_size=22,
)


def _team(folder: Path) -> list[Device]:
    store = folder / "store"
    store.mkdir()
    counter = itertools.count()

    def make_vault(user: str = "owner") -> Any:
        return create_vault(folder / f"vault{next(counter)}", PASSWORD, user=user)

    config = StoreConfig(kind="folder", path=str(store))
    return make_team(make_vault, FolderStore(store), config, [Role.SUPERVISOR, Role.SUPERVISOR])


def _state(device: Device) -> dict[str, Any]:
    db = device.vault.db
    return {
        "families": sorted(db.query("SELECT id, case_code, deleted, hlc FROM families")),
        "tags": sorted(db.query("SELECT id, note, deleted, start_ms, hlc FROM tags")),
        "conflicts": sorted(
            (c.record_id, tuple(sorted(str(v.value) for v in c.versions)))
            for c in open_conflicts(device.vault)
        ),
    }


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps)
def test_any_offline_edits_in_any_sync_order_converge(plan: list[Step]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        devices = _team(Path(tmp))
        try:
            _run(devices, plan)
        finally:
            for device in devices:
                device.vault.lock()


def _run(devices: list[Device], plan: list[Step]) -> None:
    first = devices[0]
    family = casework.add_family(first.vault, "PIP-0900").value
    visit = casework.add_visit(first.vault, family.id, date(2026, 11, 1)).value
    film = begin_recording(first.vault, visit.id).value
    mark_recovered(first.vault, film.id)
    for device in (*devices, *devices):
        device.sync(films=False)
    unsynced: list[dict[str, str]] = [{} for _ in devices]  # laptop -> tag -> its newest words
    synced_notes: list[tuple[str, str]] = []
    for action, who, pick, word in plan:
        device = devices[who]
        tags = tag_store.list_tag_rows(device.vault.db, film.id)
        with device.vault.write() as batch:
            if action == "tag":
                tag_store.insert_tag(batch, recording_id=film.id, actor=TagActor.PARENT,
                                     start_ms=pick * 1000)  # fmt: skip
            elif tags and action != "family":
                tag = tags[pick % len(tags)]
                if action == "note":
                    text = f"{word} from laptop {who}"
                    tag_store.update_tag_row(batch, tag, {"note": text})
                    unsynced[who][str(tag.id)] = text
                elif action == "move":
                    tag_store.update_tag_row(batch, tag, {"start_ms": tag.start_ms + 40})
                elif action == "delete":
                    tag_store.update_tag_row(batch, tag, {"deleted": True})
        if action == "family":
            with contextlib.suppress(InvalidInput):  # already there: the same laptop refuses
                casework.add_family(device.vault, f"PIP-09{pick:02d}")  # alike on two laptops
        if action == "sync":
            device.sync(films=False)
            synced_notes += list(unsynced[who].items())
            unsynced[who] = {}
    for device in (*devices, *devices):
        synced_notes += list(unsynced[devices.index(device)].items())
        unsynced[devices.index(device)] = {}
        device.sync(films=False)
    states = [_state(device) for device in devices]
    assert states[0] == states[1] == states[2]
    for device in devices:
        for tag_id, text in synced_notes:
            kept = {
                v.value for v in sync_state.note_versions(device.vault.db, "tags", tag_id, "note")
            }
            assert text in kept, f"a synced note was lost on laptop {devices.index(device)}"
    codes = [code for _id, code, deleted, _hlc in states[0]["families"] if not deleted]
    assert len(codes) == len(set(codes))  # the same case code on two laptops: both kept, apart
