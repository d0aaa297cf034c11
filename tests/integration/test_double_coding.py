"""Double coding in a real vault: a second coder codes blind (nothing of the first coding in
sight, nothing of theirs in the first coder's), finishes, and the two codings are compared;
who may do each step, under which consent, and the audit of each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

import pytest

from tests.unit.governance.test_tags import make_codebook
from vfapp.domain.agreement import AgreementSettings, CodingRefused, PairKind, PassStatus
from vfapp.domain.errors import ConsentMissing, NotPermitted
from vfapp.domain.governance import (
    AuditOutcome,
    ConsentEventKind,
    ConsentMethod,
    ConsentTier,
    Role,
)
from vfapp.domain.governance import Relationship as Rel
from vfapp.domain.tagging import Tag
from vfapp.governance import agreement_ops, consent
from vfapp.governance.actor import Actor
from vfapp.governance.tag_ops import add_tag, delete_tag, list_tags, update_tag
from vfapp.vault import audit_store, casework
from vfapp.vault.markers import add_marker
from vfapp.vault.recordings import begin_recording


def give(actor: Actor, family: UUID, *tiers: ConsentTier) -> None:
    consent.record_consent(
        actor, family, tiers, ConsentEventKind.GIVEN, given_by="Jo Parent",
        relationship=Rel.PARENT, method=ConsentMethod.WRITTEN,
    )  # fmt: skip


@pytest.fixture
def film(admin: Actor, family: UUID) -> UUID:
    give(admin, family, ConsentTier.FILMING)
    visit = casework.add_visit(admin.vault, family, date(2027, 3, 1)).value
    return begin_recording(admin.vault, visit.id).value.id


@pytest.fixture
def book(admin: Actor) -> UUID:
    return make_codebook(admin.vault)  # VIG-1 and VIG-3


def code(
    actor: Actor, film: UUID, book: UUID, at_ms: int, which: str, end: int | None = None
) -> Tag:
    return add_tag(actor, film, at_ms, end, which, book)


def actions(actor: Actor) -> list[tuple[str, AuditOutcome, str | None]]:
    rows = audit_store.chain_rows(actor.vault.db, actor.vault.device_id)
    ours = {"tag.pass_start", "tag.pass_finish", "tag.compare", "tag.compare_supervise"}
    return [(e.action, e.outcome, e.detail) for e in rows if e.action in ours]


def test_a_blind_second_coding_is_hidden_both_ways_until_it_is_finished(
    admin: Actor, as_role: Callable[[Role], Actor], film: UUID, book: UUID
) -> None:
    ana, ben = admin, as_role(Role.GUIDER)
    add_marker(ana.vault, film, 20_000, note="lovely moment")
    first = [code(ana, film, book, 1_000, "VIG-1"), code(ana, film, book, 8_000, "VIG-3")]
    first.append(code(ana, film, book, 12_000, "VIG-3", 16_000))

    assert agreement_ops.own_pass(ben, film) is None
    coding = agreement_ops.start_pass(ben, film)
    assert (coding.blind, coding.status, coding.coder_id) == (True, PassStatus.OPEN, ben.user.id)
    assert agreement_ops.own_pass(ben, film) == coding and agreement_ops.own_pass(ana, film) is None
    assert agreement_ops.start_pass(ben, film) == coding  # starting again: the same pass
    assert list_tags(ben, film) == []  # neither Ana's tags nor the marker
    assert [c.pass_id for c in agreement_ops.list_codings(ben, film)] == [coding.id]
    with pytest.raises(CodingRefused, match="first coding; while your own coding"):
        update_tag(ben, first[0].id, note="peeking")
    with pytest.raises(CodingRefused, match="coding this film blind"):
        agreement_ops.compare_codings(ben, film)

    mine = [code(ben, film, book, 1_400, "VIG-1"), code(ben, film, book, 8_300, "VIG-1")]
    mine.append(code(ben, film, book, 30_000, "VIG-3"))
    assert {t.pass_id for t in mine} == {coding.id} and {t.coder_id for t in mine} == {ben.user.id}
    assert list_tags(ben, film) == mine
    assert [t.id for t in list_tags(ana, film) if t.code] == [t.id for t in first]
    with pytest.raises(CodingRefused, match="another person's coding"):
        delete_tag(ana, mine[0].id)
    with pytest.raises(CodingRefused, match="guider user is still coding"):
        agreement_ops.compare_codings(ana, film)
    delete_tag(ben, mine[2].id)  # a coder changes their own pass freely while it is open
    mine[2] = code(ben, film, book, 13_000, "VIG-3", 17_000)

    done = agreement_ops.finish_pass(ben, film)
    assert done.status is PassStatus.FINISHED and done.finished_at is not None
    assert list_tags(ben, film) == list_tags(ana, film)  # the first coding again, for both
    with pytest.raises(CodingRefused, match="finished coding"):
        update_tag(ben, mine[0].id, note="second thoughts")
    with pytest.raises(CodingRefused, match="each person codes a film once"):
        agreement_ops.start_pass(ben, film)

    compared = agreement_ops.compare_codings(ana, film)
    assert (compared.first.pass_id, compared.second.pass_id) == (None, coding.id)
    assert (compared.first.coder, compared.second.coder) == ("owner", "guider user")
    got = compared.agreement
    # VIG-1 0.4 s apart agree; VIG-3 at 8.0 s against VIG-1 at 8.3 s differ; the ranges share
    # 3 s of 5 s (60%) and agree.
    assert [(p.kind, p.at_ms) for p in got.pairs] == [
        (PairKind.AGREE, 1_000),
        (PairKind.DIFFERENT, 8_000),
        (PairKind.AGREE, 12_000),
    ]
    assert {p.a.tag_id for p in got.pairs if p.a} == {t.id for t in first}
    assert (got.agreements, got.moments) == (2, 3)
    assert "owner coded VIG-3 at 0:08.0; guider user coded VIG-1 at 0:08.3." in [
        p.words for p in got.disagreements
    ]
    assert actions(ana) == [
        ("tag.pass_start", AuditOutcome.DONE, "blind"),
        ("tag.pass_finish", AuditOutcome.DONE, "3 coded tags"),
        ("tag.compare", AuditOutcome.DONE, "3 moments, kappa 0.40"),
    ]


def test_the_settings_change_the_figures(
    admin: Actor, as_role: Callable[[Role], Actor], film: UUID, book: UUID
) -> None:
    ben = as_role(Role.PRACTITIONER)
    code(admin, film, book, 1_000, "VIG-1")
    agreement_ops.start_pass(ben, film)
    code(ben, film, book, 2_500, "VIG-1")
    agreement_ops.finish_pass(ben, film)
    assert agreement_ops.compare_codings(admin, film).agreement.agreements == 0
    wide = AgreementSettings(tolerance_ms=2_000)
    assert agreement_ops.compare_codings(admin, film, wide).agreement.agreements == 1


def test_the_first_coder_cannot_code_blind_but_may_code_again_in_sight(
    admin: Actor, film: UUID, book: UUID
) -> None:
    made = code(admin, film, book, 1_000, "VIG-1")
    with pytest.raises(CodingRefused, match="cannot code it blind"):
        agreement_ops.start_pass(admin, film)
    seeing = agreement_ops.start_pass(admin, film, blind=False)
    again = code(admin, film, book, 1_200, "VIG-3")
    assert [t.id for t in list_tags(admin, film)] == [made.id, again.id]
    with pytest.raises(CodingRefused, match="only your own tags"):
        update_tag(admin, made.id, note="no")
    agreement_ops.finish_pass(admin, film)
    compared = agreement_ops.compare_codings(admin, film)
    assert (compared.first.coder, compared.second.coder) == (
        "owner (first coding)",
        "owner (second coding)",
    )
    assert compared.second.pass_id == seeing.id and not compared.second.blind
    assert compared.agreement.different_codes == 1


def test_two_blind_passes_are_compared_when_there_is_no_first_coding(
    admin: Actor, as_role: Callable[[Role], Actor], film: UUID, book: UUID
) -> None:
    ben, cas = as_role(Role.GUIDER), as_role(Role.PRACTITIONER)
    with pytest.raises(CodingRefused, match="Nobody has coded this film a second time"):
        agreement_ops.compare_codings(admin, film)
    first, second = agreement_ops.start_pass(ben, film), agreement_ops.start_pass(cas, film)
    code(ben, film, book, 5_000, "VIG-3")
    code(cas, film, book, 5_500, "VIG-3")
    assert [t.start_ms for t in list_tags(cas, film)] == [5_500]
    agreement_ops.finish_pass(ben, film)
    with pytest.raises(CodingRefused, match="only one other coding is finished"):
        agreement_ops.compare_codings(admin, film)
    with pytest.raises(CodingRefused, match="still open"):
        agreement_ops.compare_codings(admin, film, sides=(first.id, second.id))
    agreement_ops.finish_pass(cas, film)
    compared = agreement_ops.compare_codings(admin, film)
    assert (compared.first.pass_id, compared.second.pass_id) == (first.id, second.id)
    assert compared.agreement.percent == 1 and compared.agreement.kappa is None
    with pytest.raises(CodingRefused, match="two different codings"):
        agreement_ops.compare_codings(admin, film, sides=(first.id, first.id))
    listed = agreement_ops.list_codings(admin, film)
    assert [(c.pass_id, c.coded_tags) for c in listed] == [(None, 0), (first.id, 1), (second.id, 1)]


def test_who_may_and_under_which_consent(
    admin: Actor, as_role: Callable[[Role], Actor], family: UUID, film: UUID, book: UUID
) -> None:
    supervisor = as_role(Role.SUPERVISOR)
    with pytest.raises(NotPermitted, match="cannot start a double coding of a film"):
        agreement_ops.start_pass(supervisor, film)
    ben = as_role(Role.GUIDER)
    code(admin, film, book, 1_000, "VIG-1")
    agreement_ops.start_pass(ben, film)
    agreement_ops.finish_pass(ben, film)
    with pytest.raises(ConsentMissing, match="compare two codings of a film in supervision"):
        agreement_ops.compare_codings(supervisor, film)
    give(admin, family, ConsentTier.SUPERVISION)
    assert agreement_ops.compare_codings(supervisor, film).agreement.moments == 1
    refusals = [a for a in actions(admin) if a[1] is AuditOutcome.REFUSED]
    assert [a[0] for a in refusals] == ["tag.pass_start", "tag.compare"]

    other = casework.add_family(admin.vault, "PIP-0077").value.id
    visit = casework.add_visit(admin.vault, other, date(2027, 3, 2)).value
    unconsented = begin_recording(admin.vault, visit.id).value.id
    with pytest.raises(ConsentMissing, match="PIP-0077"):
        agreement_ops.start_pass(ben, unconsented)
    with pytest.raises(CodingRefused, match="no coding of this film of your own"):
        agreement_ops.finish_pass(ben, _filmed(admin, family))


def _filmed(admin: Actor, family: UUID) -> UUID:
    visit = casework.add_visit(admin.vault, family, date(2027, 3, 3)).value
    return begin_recording(admin.vault, visit.id).value.id


def test_tags_made_before_migration_9_are_the_first_coding(admin: Actor, film: UUID) -> None:
    with admin.vault.write() as batch:
        stamp = batch.stamp()
        batch.db.execute(
            "INSERT INTO tags (id, created_at, hlc, device_id, recording_id, actor, start_ms) "
            "VALUES ('00000000-0000-7000-8000-000000000001', ?, ?, ?, ?, 'parent', 500)",
            (stamp.at.isoformat(), stamp.hlc.encode(), stamp.device_id, str(film)),
        )
    (old,) = list_tags(admin, film)
    assert (old.start_ms, old.pass_id, old.coder_id) == (500, None, None)
