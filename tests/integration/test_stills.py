"""Stills from a real film: the exact frame, upright, as PNG; sealed under the film's key (no
PNG in the stored column, no swapping); captions, tombstones and audit without words;
refusals by role and consent; gone with the film when retention deletes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import av
import numpy as np
import numpy.typing as npt
import pytest

from tests.integration.recording_helpers import record, synthetic
from tests.integration.sqlcipher_pages import database_pages, log_pages
from vfapp.domain.errors import ConsentMissing, InvalidInput, NotFound, NotPermitted
from vfapp.domain.governance import (
    AuditEvent,
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Relationship,
    Role,
)
from vfapp.domain.review import StillUnreadable
from vfapp.governance import plan_ops, retention, still_ops
from vfapp.governance.actor import Actor
from vfapp.governance.consent import record_consent
from vfapp.playback.video_session import VideoSession
from vfapp.vault import audit_store, casework
from vfapp.vault.database import DB_NAME
from vfapp.vault.recordings import get_recording
from vfapp.vault.session import Vault

CAPTION = "I love it when you copy my sounds, Mummy!"


def consent_to(actor: Actor, family: UUID, *tiers: ConsentTier) -> None:
    record_consent(
        actor,
        family,
        tiers or (ConsentTier.FILMING,),
        ConsentEventKind.GIVEN,
        given_by="Jo Parent",
        relationship=Relationship.PARENT,
        method=ConsentMethod.WRITTEN,
    )


def make_film(vault: Vault, seconds: float = 4) -> UUID:
    """A real 320x240 film (synthetic camera, PyAV) in a new visit of the vault's first family."""
    camera, microphone = synthetic()
    return record(vault, camera, microphone, max_seconds=seconds).recording.id


def decode_png(data: bytes) -> npt.NDArray[np.uint8]:
    codec = av.CodecContext.create("png", "r")
    (frame,) = codec.decode(av.Packet(data))
    picture: npt.NDArray[np.uint8] = frame.to_ndarray(format="rgb24")
    return picture


def events(actor: Actor) -> list[AuditEvent]:
    return audit_store.chain_rows(actor.vault.db, actor.vault.device_id)


def stored_picture(vault: Vault, still: UUID) -> bytes:
    row = vault.db.query_one("SELECT picture FROM stills WHERE id = ?", (str(still),))
    assert row is not None
    return bytes(row[0])


@pytest.fixture
def film(admin: Actor, family: UUID) -> UUID:
    consent_to(admin, family)
    return make_film(admin.vault)


def test_a_still_is_the_exact_frame_as_png_sealed_in_the_vault(admin: Actor, film: UUID) -> None:
    files_before = sorted(p.name for p in admin.vault.folder.iterdir())
    still = still_ops.make_still(admin, film, 45, f"  {CAPTION}  ")
    assert (still.frame_number, still.width, still.height, still.caption) == (45, 320, 240, CAPTION)
    with VideoSession(admin.vault, film) as session:
        frame = session.seek(45)
        truth = frame.rgb()
        assert still.at_ms == round(frame.time_s * 1000)
    png = still_ops.still_png(admin, still.id)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert np.array_equal(decode_png(png), truth)
    sealed = stored_picture(admin.vault, still.id)
    assert b"\x89PNG" not in sealed and b"IHDR" not in sealed and png[16:80] not in sealed
    assert len(sealed) == len(png) + 12 + 16  # nonce and tag: nothing else is stored
    assert sorted(p.name for p in admin.vault.folder.iterdir()) == files_before
    assert still_ops.list_stills(admin, film) == [still]
    made, shown = events(admin)[-2:]
    assert (made.action, made.detail, made.record_id) == ("recording.still", "still made: frame 45",
                                                          still.id)  # fmt: skip
    assert (shown.action, shown.detail) == ("recording.play", "still shown")


def test_a_turned_film_gives_an_upright_still(admin: Actor, film: UUID) -> None:
    admin.vault.db.execute("UPDATE recordings SET rotation = 90 WHERE id = ?", (str(film),))
    still = still_ops.make_still(admin, film, 10, None)
    assert (still.width, still.height, still.caption) == (240, 320, None)
    with VideoSession(admin.vault, film) as session:
        upright = session.seek(10).rgb()
    assert upright.shape == (320, 240, 3)
    assert np.array_equal(decode_png(still_ops.still_png(admin, still.id)), upright)


def test_frames_outside_the_film_and_long_captions_are_refused_in_words(
    admin: Actor, film: UUID
) -> None:
    with VideoSession(admin.vault, film) as session:
        count = session.index.frame_count
    with pytest.raises(InvalidInput, match=rf"^The frame number {count} is not in the film, whose "
                       rf"frames are numbered 0 to {count - 1}\.$"):  # fmt: skip
        still_ops.make_still(admin, film, count, None)
    with pytest.raises(InvalidInput, match=r"^The caption is 301 characters long; keep it to 300"):
        still_ops.make_still(admin, film, 0, "x" * 301)
    assert still_ops.list_stills(admin, film) == []


def test_captions_delete_and_restore_are_audited_without_the_words(
    admin: Actor, film: UUID
) -> None:
    later = still_ops.make_still(admin, film, 90, None)
    first = still_ops.make_still(admin, film, 3, "a smile")
    assert still_ops.list_stills(admin, film) == [first, later]
    captioned = still_ops.set_caption(admin, later.id, CAPTION)
    assert captioned.caption == CAPTION
    assert still_ops.set_caption(admin, first.id, "   ").caption is None
    deleted = still_ops.delete_still(admin, later.id)
    assert deleted.deleted and [s.id for s in still_ops.list_stills(admin, film)] == [first.id]
    with pytest.raises(NotFound, match="There is no still"):
        still_ops.still_png(admin, later.id)
    restored = still_ops.restore_still(admin, later.id)
    assert not restored.deleted and restored.caption == CAPTION
    assert [s.id for s in still_ops.list_stills(admin, film)] == [first.id, later.id]
    details = [e.detail or "" for e in events(admin) if e.action == "recording.still"]
    assert details[-4:] == ["still caption written", "still caption removed", "still deleted",
                            "still restored"]  # fmt: skip
    assert not any("smile" in d or "Mummy" in d for d in details)


def test_a_picture_moved_to_another_still_fails_its_seal(admin: Actor, film: UUID) -> None:
    one = still_ops.make_still(admin, film, 5, None)
    two = still_ops.make_still(admin, film, 60, None)
    with admin.vault.write() as batch:
        batch.db.execute(
            "UPDATE stills SET picture = ? WHERE id = ?",
            (stored_picture(admin.vault, one.id), str(two.id)),
        )
    with pytest.raises(StillUnreadable, match="fails its seal"):
        still_ops.still_png(admin, two.id)
    assert still_ops.still_png(admin, one.id).startswith(b"\x89PNG")


def test_once_the_films_key_is_destroyed_its_stills_cannot_be_shown(
    admin: Actor, film: UUID
) -> None:
    still = still_ops.make_still(admin, film, 5, CAPTION)
    with admin.vault.write() as batch:
        batch.db.execute("DELETE FROM recording_keys WHERE recording_id = ?", (str(film),))
    with pytest.raises(StillUnreadable) as refused:
        still_ops.still_png(admin, still.id)
    assert str(refused.value) == (
        f"Still {still.id} cannot be shown: its film was deleted and the film's key destroyed."
    )


def test_stills_need_the_role_and_filming_consent(
    as_role: Callable[[Role], Actor], admin: Actor, film: UUID
) -> None:
    with pytest.raises(NotPermitted, match="cannot make a still"):
        still_ops.make_still(as_role(Role.PRACTITIONER), film, 5, None)
    with pytest.raises(NotPermitted):
        still_ops.make_still(as_role(Role.SUPERVISOR), film, 5, None)
    made = still_ops.make_still(as_role(Role.GUIDER), film, 5, None)
    assert still_ops.list_stills(as_role(Role.PRACTITIONER), film) == [made]
    other = casework.add_family(admin.vault, "PIP-0099").value.id
    visit = casework.add_visit(admin.vault, other, date(2027, 3, 1)).value
    admin.vault.db.execute(
        "UPDATE recordings SET visit_id = ? WHERE id = ?", (str(visit.id), str(film))
    )
    with pytest.raises(ConsentMissing, match=r"^Cannot make a still for family PIP-0099"):
        still_ops.make_still(admin, film, 5, None)
    refusal = events(admin)[-1]
    assert (refusal.outcome.value, refusal.detail) == ("refused", "no filming consent")


def test_showing_a_still_in_a_shared_review_needs_that_consent(
    admin: Actor, family: UUID, film: UUID
) -> None:
    still = still_ops.make_still(admin, film, 5, None)
    with pytest.raises(ConsentMissing, match="show a film in a shared review"):
        still_ops.still_png(admin, still.id, for_shared_review=True)
    consent_to(admin, family, ConsentTier.SHARED_REVIEW)
    assert still_ops.still_png(admin, still.id, for_shared_review=True).startswith(b"\x89PNG")
    shown = events(admin)[-1]
    assert (shown.action, shown.detail) == ("recording.show_family",
                                            "still shown in a shared review")  # fmt: skip


def test_retention_takes_a_films_stills_and_plan_moments_with_it(
    admin: Actor, family: UUID, film: UUID
) -> None:
    other = casework.add_family(admin.vault, "AAA-OPEN").value.id  # listed first: the next film
    consent_to(admin, other)
    kept_film = make_film(admin.vault)
    visit, kept_visit = (get_recording(admin.vault, f).visit_id for f in (film, kept_film))
    doomed = still_ops.make_still(admin, film, 5, CAPTION)
    kept = still_ops.make_still(admin, kept_film, 5, "kept caption")
    plan_ops.add_moment(admin, visit, film, 0, 3_000, "Deleted-title", "Deleted-question",
                        doomed.id)  # fmt: skip
    stays = plan_ops.add_moment(admin, kept_visit, kept_film, 0, 3_000, "Kept", None, kept.id)
    sealed = stored_picture(admin.vault, doomed.id)
    casework.close_family(admin.vault, family, date(2026, 12, 1))  # long enough ago

    report = retention.run_retention(admin)
    assert [d.artefact_id for d in report.deleted] == [film]
    with pytest.raises(NotFound, match="There is no still"):
        still_ops.still_png(admin, doomed.id)
    assert still_ops.still_png(admin, kept.id).startswith(b"\x89PNG")
    assert plan_ops.review_plan(admin, visit).moments == ()
    assert [m.id for m in plan_ops.review_plan(admin, kept_visit).moments] == [stays.id]
    for table in ("stills", "plan_moments"):
        count = admin.vault.db.query_one(
            f"SELECT count(*) FROM {table} WHERE recording_id = ?", (str(film),)
        )
        assert count == (0,), f"a deleted film's {table} rows are left"

    vault = admin.vault
    folder, key, cipher = vault.folder, vault.key, vault.db.cipher
    vault.lock()
    pages = b"".join(
        page
        for name, reader in ((DB_NAME, database_pages), (f"{DB_NAME}-wal", log_pages))
        for page in reader(folder / name, key, cipher.page_size, cipher.hmac_algorithm)
    )
    assert b"kept caption" in pages, "the decrypted pages must show what is still there"
    for leftover in (CAPTION.encode(), b"Deleted-title", b"Deleted-question", sealed[:64]):
        assert leftover not in pages, f"{leftover[:20]!r} survives the film's deletion"
