"""Retention: films fall due on time, warnings come first, the run deletes exactly what is due,
and afterwards nothing in the vault folder (freed pages and the log included) can bring a
deleted film back."""

from __future__ import annotations

import os
from datetime import date, timedelta
from uuid import UUID

import pytest

from tests.conftest import PASSWORD
from tests.governance_fixtures import FakeClock
from tests.integration.sqlcipher_pages import database_pages, log_pages
from vfapp.domain.errors import ChunkDamaged, DiskFull, NotPermitted
from vfapp.domain.governance import (
    ArtefactKind,
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    DeletionReason,
    Relationship,
    Role,
)
from vfapp.governance import retention
from vfapp.governance.actor import Actor
from vfapp.governance.consent import record_consent
from vfapp.governance.gates import CHECKS_FAMILY, start_filming
from vfapp.governance.policy import Action
from vfapp.vault import casework, retention_store
from vfapp.vault.database import DB_NAME
from vfapp.vault.markers import add_marker
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import begin_recording, list_recordings, recording_key
from vfapp.vault.sealing import ChunkSealer
from vfapp.vault.verify import verify_vault

CLOSED = date(2027, 3, 1)


def film(actor: Actor, family_id: UUID) -> UUID:
    """A finished film of about 600 KiB (several sealed chunks) in a new visit."""
    visit = casework.add_visit(actor.vault, family_id, CLOSED - timedelta(days=30)).value
    recording = begin_recording(actor.vault, visit.id).value
    writer = MediaWriter(actor.vault, recording)
    writer.write(os.urandom(600 * 1024))
    writer.finish()
    return recording.id


def consent(actor: Actor, family_id: UUID, kind: ConsentEventKind) -> None:
    record_consent(
        actor,
        family_id,
        [ConsentTier.FILMING],
        kind,
        given_by="A. Parent",
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
    )


@pytest.fixture
def caseload(admin: Actor, clock: FakeClock) -> dict[str, list[UUID]]:
    """Family A ended on CLOSED; B is still open; C withdrew filming consent."""
    films: dict[str, list[UUID]] = {}
    for code in ("A", "B", "C"):
        family = casework.add_family(admin.vault, f"PIP-{code}").value.id
        consent(admin, family, ConsentEventKind.GIVEN)
        films[code] = [film(admin, family) for _ in range(2 if code == "A" else 1)]
        if code == "A":
            casework.close_family(admin.vault, family, CLOSED)
        if code == "C":
            clock.advance(hours=1)
            consent(admin, family, ConsentEventKind.WITHDRAWN)
    return films


def ids(items: tuple[retention.DueItem, ...]) -> set[UUID]:
    return {item.artefact_id for item in items}


def test_films_fall_due_with_a_warning_first_and_the_run_deletes_exactly_those(
    admin: Actor, clock: FakeClock, caseload: dict[str, list[UUID]]
) -> None:
    a_films, (b_film,), (c_film,) = caseload["A"], caseload["B"], caseload["C"]
    report = retention.run_retention(admin, dry_run=True)
    assert ids(report.due) == {c_film} and report.upcoming == ()
    (withdrawn,) = report.due
    assert withdrawn.reason is DeletionReason.WITHDRAWAL

    clock.now = clock.now.replace(year=2027, month=4, day=17)  # 14 days before 1 May
    report = retention.run_retention(admin, dry_run=True)
    assert ids(report.upcoming) == set(a_films) and ids(report.due) == {c_film}
    assert {item.due_on for item in report.upcoming} == {CLOSED + timedelta(days=61)}
    assert len(list_recordings(admin.vault)) == 4  # a dry run deletes nothing

    clock.now = clock.now.replace(month=5, day=1)
    report = retention.run_retention(admin)
    assert ids(report.due) == {*a_films, c_film} == {r.artefact_id for r in report.deleted}
    assert [r.id for r in list_recordings(admin.vault)] == [b_film]
    records = retention_store.deletion_records(admin.vault.db)
    assert len(records) == 3 and all(r.deleted_by == admin.user.id for r in records)
    for record in records:  # what, why, when, by which rule: no names, no case codes
        assert "PIP-" not in record.rule and "Parent" not in record.rule
    assert retention.run_retention(admin).deleted == ()  # nothing left to do


def test_after_the_run_nothing_the_vault_holds_can_open_a_deleted_film(
    admin: Actor, clock: FakeClock, caseload: dict[str, list[UUID]]
) -> None:
    vault = admin.vault
    doomed = caseload["A"]
    kept = caseload["B"][0]
    keys = {rid: recording_key(vault, rid) for rid in [*doomed, kept]}
    note = b"Mum-Jessica-cried-at-the-door"
    add_marker(vault, doomed[0], 1500, code="P1", note=note.decode())
    add_marker(vault, kept, 1500, note="still-kept-note")
    # The chunks as a team store would already hold them.
    copied = vault.db.query(
        "SELECT recording_id, seq, is_final, data FROM media_chunks WHERE recording_id = ?",
        (str(doomed[0]),),
    )
    assert len(copied) >= 2
    clock.now = clock.now.replace(month=6)
    retention.run_retention(admin)

    remaining = [bytes(r[0]) for r in vault.db.query("SELECT key FROM recording_keys")]
    for recording_id, seq, final, data in copied:
        for candidate in [*remaining, vault.key]:
            with pytest.raises(ChunkDamaged):
                ChunkSealer(UUID(recording_id), candidate).open(seq, bool(final), bytes(data))

    folder, vault_key, cipher = vault.folder, vault.key, vault.db.cipher
    admin.vault.lock()
    pages: list[bytes] = []
    for name, reader in ((DB_NAME, database_pages), (f"{DB_NAME}-wal", log_pages)):
        pages += reader(folder / name, vault_key, cipher.page_size, cipher.hmac_algorithm)
    plaintext = b"".join(pages)
    assert keys[kept] in plaintext, "the decrypted pages must show a key that is still in use"
    assert b"still-kept-note" in plaintext
    assert note not in plaintext, "a deleted film's marker note survives in a page"
    raw = b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())
    for recording_id in doomed:
        assert keys[recording_id] not in plaintext, "a deleted film's key survives in a page"
        assert keys[recording_id] not in raw
    report = verify_vault(folder, PASSWORD)
    assert report.ok, report.problems


def test_an_admin_sets_the_policy_and_others_cannot(
    admin: Actor, as_role: object, clock: FakeClock, caseload: dict[str, list[UUID]]
) -> None:
    retention.set_policy(admin, ArtefactKind.RAW_RECORDING, 10)
    clock.now = clock.now.replace(day=11)
    assert ids(retention.assess(admin)[0]) == {*caseload["A"], *caseload["C"]}
    for role in (Role.PRACTITIONER, Role.GUIDER, Role.SUPERVISOR):
        other = as_role(role)  # type: ignore[operator]
        with pytest.raises(NotPermitted):
            retention.run_retention(other)
        with pytest.raises(NotPermitted):
            retention.set_policy(other, ArtefactKind.RAW_RECORDING, 0)
    assert len(list_recordings(admin.vault)) == 4


def test_a_run_that_fails_part_way_deletes_nothing_it_has_not_recorded(
    admin: Actor, clock: FakeClock, caseload: dict[str, list[UUID]], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.now = clock.now.replace(month=6)
    real_insert = retention_store.insert_deletion

    def full_disk(*args: object) -> None:
        raise DiskFull()

    monkeypatch.setattr(retention_store, "insert_deletion", full_disk)
    with pytest.raises(DiskFull):
        retention.run_retention(admin)
    assert len(list_recordings(admin.vault)) == 4  # the film, its key and notes are all there
    for recording_id in caseload["A"]:
        assert len(recording_key(admin.vault, recording_id)) == 32
    monkeypatch.setattr(retention_store, "insert_deletion", real_insert)
    report = retention.run_retention(admin)
    assert len(report.deleted) == 3 == len(retention_store.deletion_records(admin.vault.db))


def test_equipment_checks_are_deleted_a_week_after_they_were_made(
    admin: Actor, clock: FakeClock
) -> None:
    place = start_filming(admin, Action.RECORD, None, CLOSED)
    recording = begin_recording(admin.vault, place.visit_id).value
    MediaWriter(admin.vault, recording).finish()
    assert place.equipment_check and place.family.case_code == CHECKS_FAMILY
    clock.now = recording.started_at + timedelta(days=1)
    report = retention.run_retention(admin, dry_run=True)
    assert report.due == () and ids(report.upcoming) == {recording.id}
    clock.now = recording.started_at + timedelta(days=7)
    assert ids(retention.run_retention(admin).due) == {recording.id}
    assert list_recordings(admin.vault) == []
