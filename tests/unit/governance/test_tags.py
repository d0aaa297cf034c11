"""Tags: made, changed, deleted and restored (undo), each audited without a note's words;
markers listed as uncoded tags; refused for a supervisor or without filming consent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction
from uuid import UUID, uuid4

import numpy as np
import pytest

from vfapp.domain.errors import ConsentMissing, InvalidInput, NotPermitted
from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier, Relationship, Role
from vfapp.domain.tagging import Code, CodebookContent, TagActor
from vfapp.governance import consent
from vfapp.governance.actor import Actor
from vfapp.governance.tag_ops import add_tag, delete_tag, list_tags, restore_tag, update_tag
from vfapp.playback.frame_index import FORMAT, FrameIndex
from vfapp.vault import audit_store, casework
from vfapp.vault.frame_indexes import save_frame_index
from vfapp.vault.markers import add_marker
from vfapp.vault.recordings import begin_recording
from vfapp.vault.session import Vault

CONTENT = CodebookContent(
    name="VIG",
    codes=(
        Code(id="VIG-1", name="Being attentive", hotkey="1"),
        Code(id="VIG-3", name="Receiving initiatives", hotkey="3"),
        Code(id="OLD", name="Retired", hidden=True),
    ),
)


def _consent(actor: Actor, family: UUID) -> None:
    consent.record_consent(
        actor,
        family,
        (ConsentTier.FILMING,),
        ConsentEventKind.GIVEN,
        given_by="Jo Parent",
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
    )


def make_codebook(vault: Vault) -> UUID:
    codebook = uuid4()
    with vault.write() as batch:
        stamp = batch.stamp()
        batch.db.execute(
            "INSERT INTO codebooks (id, created_at, hlc, device_id, deleted, name, "
            "current_version) VALUES (?, ?, ?, ?, 0, 'VIG', 1)",
            (str(codebook), stamp.at.isoformat(), stamp.hlc.encode(), stamp.device_id),
        )
        batch.db.execute(
            "INSERT INTO codebook_versions VALUES (?, 1, ?, ?)",
            (str(codebook), CONTENT.model_dump_json(), stamp.at.isoformat()),
        )
    return codebook


@pytest.fixture
def film(admin: Actor, family: UUID) -> UUID:
    _consent(admin, family)
    visit = casework.add_visit(admin.vault, family, date(2027, 3, 1)).value
    return begin_recording(admin.vault, visit.id).value.id


def test_a_coded_range_is_saved_and_audited_without_the_note(admin: Actor, film: UUID) -> None:
    codebook = make_codebook(admin.vault)
    tag = add_tag(
        admin, film, 2_000, 5_000, "VIG-3", codebook, tag_actor=TagActor.INFANT, note=" a  smile "
    )
    assert (tag.code, tag.codebook_version, tag.actor, tag.note) == (
        "VIG-3",
        1,
        TagActor.INFANT,
        "a smile",
    )
    assert list_tags(admin, film) == [tag]
    event = audit_store.chain_rows(admin.vault.db, admin.vault.device_id)[-1]
    assert event.record_id == tag.id
    assert "smile" not in (event.detail or "")


def test_codes_not_in_the_codebook_or_hidden_are_refused_in_words(admin: Actor, film: UUID) -> None:
    codebook = make_codebook(admin.vault)
    with pytest.raises(InvalidInput, match="'VIG-9' is not in the codebook 'VIG'"):
        add_tag(admin, film, 0, code="VIG-9", codebook_id=codebook)
    with pytest.raises(InvalidInput, match="hidden"):
        add_tag(admin, film, 0, code="OLD", codebook_id=codebook)
    with pytest.raises(InvalidInput, match="needs the codebook"):
        add_tag(admin, film, 0, code="VIG-3")
    with pytest.raises(InvalidInput, match="must end after it starts"):
        add_tag(admin, film, 5_000, 4_000)
    assert list_tags(admin, film) == []


def test_a_range_beyond_the_films_end_is_refused(admin: Actor, film: UUID) -> None:
    add_tag(admin, film, 29_000, 31_000)  # the film was never opened: its length is unknown
    frames = np.arange(900, dtype=np.int64)  # 30 s at 30 fps, as its frame index says
    index = FrameIndex(frames, frames, frames % 30 == 0, Fraction(1, 30))
    save_frame_index(admin.vault, film, FORMAT, index.to_bytes())
    add_tag(admin, film, 29_000, 30_000)
    with pytest.raises(InvalidInput, match=r"beyond the end of the film \(30.0 s\)"):
        add_tag(admin, film, 29_000, 31_000)


def test_edit_delete_and_restore_undo_each_other(admin: Actor, film: UUID) -> None:
    codebook = make_codebook(admin.vault)
    made = add_tag(admin, film, 1_000, code="VIG-1", codebook_id=codebook, note="first")
    changed = update_tag(admin, made.id, end_ms=3_000, code="VIG-3", note=None)
    assert (changed.end_ms, changed.code, changed.note) == (3_000, "VIG-3", None)
    assert list_tags(admin, film) == [changed]
    undone = update_tag(admin, made.id, end_ms=made.end_ms, code=made.code, note=made.note)
    assert (undone.end_ms, undone.code, undone.note) == (None, "VIG-1", "first")
    uncoded = update_tag(admin, made.id, code=None)
    assert (uncoded.code, uncoded.codebook_id, uncoded.codebook_version) == (None, None, None)
    assert delete_tag(admin, made.id).deleted
    assert list_tags(admin, film) == []
    restored = restore_tag(admin, made.id)
    assert not restored.deleted
    assert list_tags(admin, film) == [restored]
    details = [e.detail for e in audit_store.chain_rows(admin.vault.db, admin.vault.device_id)]
    assert any(d and d.startswith("tag deleted") for d in details)
    assert any(d and d.startswith("tag restored") for d in details)
    with pytest.raises(InvalidInput, match="does not have"):
        update_tag(admin, made.id, recording_id=uuid4())


def test_markers_are_uncoded_tags_until_coded(admin: Actor, film: UUID) -> None:
    codebook = make_codebook(admin.vault)
    look_back = add_marker(admin.vault, film, 10_000, lookback_ms=4_000).value
    point = add_marker(admin.vault, film, 2_000, note="turned to mum").value
    listed = list_tags(admin, film)
    assert [(t.from_marker, t.start_ms, t.end_ms, t.code) for t in listed] == [
        (point.id, 2_000, None, None),
        (look_back.id, 6_000, 10_000, None),
    ]
    assert listed[0].note == "turned to mum"
    coded = update_tag(admin, look_back.id, code="VIG-3", codebook_id=codebook)
    assert (coded.from_marker, coded.start_ms, coded.end_ms) == (look_back.id, 6_000, 10_000)
    assert coded.id != look_back.id
    after = list_tags(admin, film)
    assert [t.from_marker for t in after] == [point.id, look_back.id]
    assert after[1] == coded
    delete_tag(admin, coded.id)
    assert [t.from_marker for t in list_tags(admin, film)] == [point.id]


def test_a_supervisor_cannot_tag(
    as_role: Callable[[Role], Actor], admin: Actor, film: UUID
) -> None:
    with pytest.raises(NotPermitted):
        add_tag(as_role(Role.SUPERVISOR), film, 1_000)
    assert add_tag(as_role(Role.PRACTITIONER), film, 1_000).start_ms == 1_000
    assert len(list_tags(admin, film)) == 1


def test_without_filming_consent_tagging_is_refused_in_words(admin: Actor) -> None:
    family = casework.add_family(admin.vault, "PIP-0099").value.id
    visit = casework.add_visit(admin.vault, family, date(2027, 3, 1)).value
    film = begin_recording(admin.vault, visit.id).value.id
    with pytest.raises(ConsentMissing, match="PIP-0099"):
        add_tag(admin, film, 1_000)
    _consent(admin, family)
    assert add_tag(admin, film, 1_000).start_ms == 1_000
