"""Double coding as people do it: start a coding of one's own of a film (blind unless asked
otherwise), finish it, and compare two codings of the film; each step checked and audited.

A film's codings are its primary coding (the tags made outside any pass, as in the review
workspace) and one coding pass per person. A blind coder sees nothing of any other coding
until they finish; an open pass cannot be compared.
"""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.agreement import (
    Agreement,
    AgreementSettings,
    CodingPass,
    CodingRefused,
    Event,
    PassStatus,
    compare,
)
from vfapp.domain.tagging import Tag
from vfapp.governance.actor import Actor
from vfapp.governance.gates import family_of_recording
from vfapp.governance.policy import Action
from vfapp.governance.tag_ops import open_pass
from vfapp.vault import coding_pass_store, tag_store, users
from vfapp.vault.database import Database

FIRST_CODER = "First coder"  # the primary coding's name when no single coder is known

Sides = tuple[UUID | None, UUID | None]  # two codings: a pass's id, or None for the primary


class Coding(BaseModel):
    """One coding of a film, as a list of codings shows it."""

    model_config = ConfigDict(frozen=True)

    pass_id: UUID | None  # None: the primary coding
    coder: str
    blind: bool = False
    status: PassStatus = PassStatus.FINISHED  # the primary coding is always there to compare
    coded_tags: int


class Comparison(BaseModel):
    """Two codings of a film compared."""

    model_config = ConfigDict(frozen=True)

    recording_id: UUID
    first: Coding
    second: Coding
    agreement: Agreement


def start_pass(actor: Actor, recording_id: UUID, *, blind: bool = True) -> CodingPass:
    """Start the signed-in person's own coding of the film (their tags join it until they
    finish). Starting again while it is open gives the same pass."""
    family = family_of_recording(actor, recording_id)
    actor.authorize(Action.PASS_START, family_id=family.id, log=False)
    with actor.vault.write() as batch:
        mine = coding_pass_store.pass_of(batch.db, recording_id, actor.user.id)
        if mine is not None and mine.status is PassStatus.OPEN:
            return mine
        if mine is not None:
            raise CodingRefused(
                f"You finished your own coding of this film on {_day(mine)}; each person "
                "codes a film once."
            )
        if blind and tag_store.coded_primary(batch.db, recording_id, actor.user.id):
            raise CodingRefused(
                "You have coded this film already, so you cannot code it blind; ask a "
                "colleague to be the second coder, or start a coding that is not blind."
            )
        made = coding_pass_store.insert_pass(batch, recording_id, actor.user.id, blind=blind)
        actor.audit(
            Action.PASS_START,
            record_kind="coding_pass",
            record_id=made.id,
            family_id=family.id,
            detail="blind" if blind else "not blind",
            db=batch.db,
        )
    return made


def finish_pass(actor: Actor, recording_id: UUID) -> CodingPass:
    """Finish the signed-in person's own coding of the film: from now on it is kept as it
    is, the codings may be compared, and their workspace shows the primary coding again."""
    family = family_of_recording(actor, recording_id)
    actor.authorize(Action.PASS_FINISH, family_id=family.id, log=False)
    with actor.vault.write() as batch:
        mine = coding_pass_store.pass_of(batch.db, recording_id, actor.user.id)
        if mine is None:
            raise CodingRefused("You have no coding of this film of your own to finish.")
        if mine.status is PassStatus.FINISHED:
            return mine
        done = coding_pass_store.finish_pass_row(batch, mine, actor.clock())
        coded = _coded(tag_store.list_tag_rows(batch.db, recording_id, mine.id))
        actor.audit(
            Action.PASS_FINISH,
            record_kind="coding_pass",
            record_id=done.id,
            family_id=family.id,
            detail=f"{len(coded)} coded tags",
            db=batch.db,
        )
    return done


def own_pass(actor: Actor, recording_id: UUID) -> CodingPass | None:
    """The signed-in person's own coding pass of the film, open or finished (for a screen
    to say "coding blind" and offer to finish it)."""
    family = family_of_recording(actor, recording_id)
    actor.authorize(Action.PLAY, family_id=family.id, log=False)
    return coding_pass_store.pass_of(actor.vault.db, recording_id, actor.user.id)


def list_codings(actor: Actor, recording_id: UUID) -> list[Coding]:
    """The film's codings: the primary one, then each pass, oldest first. Someone coding the
    film blind sees only their own."""
    family = family_of_recording(actor, recording_id)
    actor.authorize(Action.PLAY, family_id=family.id, log=False)
    db = actor.vault.db
    mine = open_pass(db, actor, recording_id)
    if mine is not None and mine.blind:
        return [_pass_coding(db, mine)]
    passes = coding_pass_store.passes_of(db, recording_id)
    return [_primary(db, recording_id), *(_pass_coding(db, p) for p in passes)]


def compare_codings(
    actor: Actor,
    recording_id: UUID,
    settings: AgreementSettings | None = None,
    *,
    sides: Sides | None = None,
) -> Comparison:
    """Compare two finished codings of the film; by default the primary coding (or, when it
    has no coded tags, the pass finished before) with the pass finished last."""
    family = family_of_recording(actor, recording_id)
    actor.authorize(Action.COMPARE_CODINGS, family_id=family.id, log=False)
    db = actor.vault.db
    mine = open_pass(db, actor, recording_id)
    if mine is not None and mine.blind:
        raise CodingRefused(
            "You are coding this film blind; finish your coding before comparing it."
        )
    first, second = sides if sides is not None else _default_sides(db, recording_id)
    if first == second:
        raise CodingRefused("Choose two different codings of the film to compare.")
    codings = [_side(db, recording_id, side) for side in (first, second)]
    names = _names(codings[0][0].coder, codings[1][0].coder)
    agreement = compare(codings[0][1], codings[1][1], settings, names)
    kappa = "none" if agreement.kappa is None else f"{agreement.kappa:.2f}"
    with actor.vault.write() as batch:
        actor.audit(
            Action.COMPARE_CODINGS,
            record_kind="recording",
            record_id=recording_id,
            family_id=family.id,
            detail=f"{agreement.moments} moments, kappa {kappa}",
            db=batch.db,
        )
    return Comparison(
        recording_id=recording_id,
        first=codings[0][0].model_copy(update={"coder": names[0]}),
        second=codings[1][0].model_copy(update={"coder": names[1]}),
        agreement=agreement,
    )


def _default_sides(db: Database, recording_id: UUID) -> Sides:
    passes = coding_pass_store.passes_of(db, recording_id)
    finished = sorted(
        (p for p in passes if p.status is PassStatus.FINISHED),
        key=lambda p: (p.finished_at or p.created_at, str(p.id)),
    )
    if not finished:
        still = next((p for p in passes if p.status is PassStatus.OPEN), None)
        if still is not None:
            raise CodingRefused(
                f"{_coder_name(db, still.coder_id)} is still coding this film; the codings "
                "can be compared once they finish."
            )
        raise CodingRefused("Nobody has coded this film a second time yet: nothing to compare.")
    if _coded(tag_store.list_tag_rows(db, recording_id)):
        return None, finished[-1].id
    if len(finished) < 2:
        raise CodingRefused(
            "The film's first coding has no coded tags, and only one other coding is finished: "
            "there is nothing to compare it with."
        )
    return finished[-2].id, finished[-1].id


def _side(db: Database, recording_id: UUID, pass_id: UUID | None) -> tuple[Coding, list[Event]]:
    if pass_id is None:
        coding = _primary(db, recording_id)
    else:
        found = coding_pass_store.get_pass(db, pass_id)
        if found.recording_id != recording_id:
            raise CodingRefused("That coding pass belongs to another film.")
        if found.status is PassStatus.OPEN:
            raise CodingRefused(
                f"{_coder_name(db, found.coder_id)}'s coding of this film is still open; it "
                "can be compared once they finish it."
            )
        coding = _pass_coding(db, found)
    tags = _coded(tag_store.list_tag_rows(db, recording_id, pass_id))
    return coding, [_event(tag) for tag in tags]


def _primary(db: Database, recording_id: UUID) -> Coding:
    coded = _coded(tag_store.list_tag_rows(db, recording_id))
    coders = {tag.coder_id for tag in coded}
    single = next(iter(coders)) if len(coders) == 1 else None
    name = FIRST_CODER if single is None else _coder_name(db, single)
    return Coding(pass_id=None, coder=name, coded_tags=len(coded))


def _pass_coding(db: Database, coding: CodingPass) -> Coding:
    coded = _coded(tag_store.list_tag_rows(db, coding.recording_id, coding.id))
    return Coding(
        pass_id=coding.id,
        coder=_coder_name(db, coding.coder_id),
        blind=coding.blind,
        status=coding.status,
        coded_tags=len(coded),
    )


def _names(first: str, second: str) -> tuple[str, str]:
    """The two codings' names for the figures' words; one person's two codings apart."""
    if first != second:
        return first, second
    return f"{first} (first coding)", f"{second} (second coding)"


def _coder_name(db: Database, user_id: UUID | None) -> str:
    user = None if user_id is None else users.user_by_id(db, user_id)
    return FIRST_CODER if user is None else user.name


def _day(coding: CodingPass) -> str:
    when = coding.finished_at or coding.created_at
    return f"{when.day} {when:%B %Y}"


def _coded(tags: list[Tag]) -> list[Tag]:
    return [tag for tag in tags if tag.code is not None]


def _event(tag: Tag) -> Event:
    assert tag.code is not None
    return Event(code=tag.code, start_ms=tag.start_ms, end_ms=tag.end_ms, tag_id=tag.id)
