"""Team sync end to end on a folder store: records, films, notes, caseloads and shredding."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.integration.recording_helpers import record, synthetic
from tests.sync.devices import Device
from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier, Relationship
from vfapp.governance.consent import record_consent
from vfapp.governance.tag_ops import add_tag, update_tag
from vfapp.sync.conflicts import open_conflicts, resolve
from vfapp.vault import casework
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.recordings import delete_recording, list_recordings
from vfapp.vault.tag_store import find_tag


def _consented_family(device: Device, code: str) -> casework.Family:
    family = casework.add_family(device.vault, code).value
    record_consent(device.actor, family.id, tuple(ConsentTier), ConsentEventKind.GIVEN,
                   given_by="A. Parent", relationship=Relationship.PARENT,
                   method=ConsentMethod.WRITTEN)  # fmt: skip
    return family


def _film(device: Device, code: str) -> tuple[casework.Family, object]:
    family = _consented_family(device, code)
    casework.add_visit(device.vault, family.id, date(2026, 11, 20))
    result = record(device.vault, *synthetic(), max_seconds=2.0)
    return family, result.recording


def _bytes(device: Device, recording_id: object) -> bytes:
    with MediaReader(device.vault, recording_id) as reader:  # type: ignore[arg-type]
        return reader.read()


def test_a_film_and_its_tags_reach_the_supervisor_and_a_comment_comes_back(
    team: list[Device],
) -> None:
    admin, practitioner, supervisor, other = team
    _family, film = _film(practitioner, "PIP-0100")
    tag = add_tag(practitioner.actor, film.id, 500, 1500, note="Mum follows his gaze")
    report = practitioner.sync()
    assert report.chunks_sent > 0 and report.batches_sent >= 1
    for device in (admin, supervisor, other):
        device.sync()
    assert [f.case_code for f in casework.list_families(supervisor.vault)] == ["PIP-0100"]
    assert _bytes(supervisor, film.id) == _bytes(practitioner, film.id)
    seen = find_tag(supervisor.vault.db, tag.id)
    assert seen is not None and seen.note == "Mum follows his gaze" and seen.start_ms == 500
    # The other practitioner's caseload does not include this family: nothing arrives.
    assert casework.list_families(other.vault) == []
    assert list_recordings(other.vault) == []
    # The supervisor edits the note; the practitioner gets the edit.
    update_tag(supervisor.actor, tag.id, note="Mum follows his gaze, and names it")
    supervisor.sync()
    practitioner.sync()
    changed = find_tag(practitioner.vault.db, tag.id)
    assert changed is not None and changed.note == "Mum follows his gaze, and names it"


def test_two_offline_edits_of_one_note_keep_both_until_someone_chooses(team: list[Device]) -> None:
    _admin, practitioner, supervisor, _other = team
    _family, film = _film(practitioner, "PIP-0200")
    tag = add_tag(practitioner.actor, film.id, 0, note="first words")
    practitioner.sync()
    supervisor.sync()
    update_tag(practitioner.actor, tag.id, note="the practitioner's words")
    update_tag(supervisor.actor, tag.id, note="the supervisor's words")
    practitioner.sync()
    supervisor.sync()
    practitioner.sync()
    words = {find_tag(d.vault.db, tag.id).note for d in (practitioner, supervisor)}  # type: ignore[union-attr]
    assert len(words) == 1  # both show the same (the newer), and both keep the other
    for device in (practitioner, supervisor):
        [conflict] = open_conflicts(device.vault)
        assert {v.value for v in conflict.versions} == {
            "the practitioner's words",
            "the supervisor's words",
        }
    resolve(supervisor.actor, open_conflicts(supervisor.vault)[0], "the supervisor's words")
    supervisor.sync()
    practitioner.sync()
    for device in (practitioner, supervisor):
        assert open_conflicts(device.vault) == []
        assert find_tag(device.vault.db, tag.id).note == "the supervisor's words"  # type: ignore[union-attr]


def test_shredding_a_film_reaches_every_device_and_clears_the_store(
    team: list[Device], store_dir: Path
) -> None:
    _admin, practitioner, supervisor, _other = team
    _family, film = _film(practitioner, "PIP-0300")
    practitioner.sync()
    supervisor.sync()
    assert _bytes(supervisor, film.id)
    chunk_objects = sum(1 for p in store_dir.rglob("*") if "/m/" in str(p) and p.is_file())
    assert chunk_objects > 0
    delete_recording(practitioner.vault, film.id)
    practitioner.sync()
    supervisor.sync()
    assert list_recordings(supervisor.vault) == []
    assert supervisor.vault.db.query_one("SELECT count(*) FROM media_chunks")[0] == 0  # type: ignore[index]
    assert supervisor.vault.db.query_one("SELECT count(*) FROM recording_keys")[0] == 0  # type: ignore[index]
    assert not any("/m/" in str(p) for p in store_dir.rglob("*") if p.is_file())
