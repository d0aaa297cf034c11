"""Retention: how long each kind of material is kept after a family's involvement ends, what
is due, a warning ahead, and deletion by crypto-shredding with a record of each deletion.

Material also falls due at once when the consent it depends on is withdrawn (raw films
depend on filming consent).
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import InvalidInput
from vfapp.domain.governance import (
    ArtefactKind,
    ConsentTier,
    DeletionReason,
    DeletionRecord,
    RetentionPolicy,
)
from vfapp.domain.ids import new_id
from vfapp.governance import consent
from vfapp.governance.actor import Actor
from vfapp.governance.gates import CHECKS_FAMILY
from vfapp.governance.policy import Action
from vfapp.vault import retention_store as store
from vfapp.vault.recordings import delete_recording
from vfapp.vault.session import WriteBatch

# The VIG consent form in use promises erasure within 2 months of the end of involvement.
DEFAULT_KEEP_DAYS = {
    ArtefactKind.RAW_RECORDING: 61,
    ArtefactKind.CLIP: 61,
    ArtefactKind.STILL: 61,
    ArtefactKind.NOTE: 61,
    ArtefactKind.EXPORT_RECORD: 365,
}
WARN_AHEAD_DAYS = 14
CHECK_KEEP_DAYS = 7  # equipment checks (no family): nobody's case, so kept only briefly
# Kinds this version stores; the others have a policy ready for when they arrive.
STORED_KINDS = (ArtefactKind.RAW_RECORDING,)


class DueItem(BaseModel):
    """Something that must go (or soon will), and the rule that says so."""

    model_config = ConfigDict(frozen=True)

    artefact_kind: ArtefactKind
    artefact_id: UUID
    family_id: UUID
    family_case_code: str  # pseudonymous, for the list shown to the admin
    due_on: date
    reason: DeletionReason
    rule: str


class RetentionReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    checked_on: date
    dry_run: bool
    due: tuple[DueItem, ...]
    upcoming: tuple[DueItem, ...]  # due within WARN_AHEAD_DAYS
    deleted: tuple[DeletionRecord, ...]


def policies(actor: Actor) -> tuple[RetentionPolicy, ...]:
    """The policy for every kind: the admin's setting, else the default."""
    stored = store.stored_policies(actor.vault.db)
    return tuple(
        stored.get(kind) or RetentionPolicy(kind=kind, keep_days=DEFAULT_KEEP_DAYS[kind])
        for kind in ArtefactKind
    )


def set_policy(actor: Actor, kind: ArtefactKind, keep_days: int) -> RetentionPolicy:
    """Change how long `kind` is kept after involvement ends (admin only, audited)."""
    actor.authorize(Action.SET_RETENTION, log=False)
    if not 0 <= keep_days <= 36_500:
        raise InvalidInput("number of days to keep", "must be between 0 and 36500")
    policy = RetentionPolicy(
        kind=kind, keep_days=keep_days, updated_at=actor.clock(), updated_by=actor.user.id
    )
    with actor.vault.write() as batch:
        store.save_policy(batch.db, policy)
        actor.audit(Action.SET_RETENTION, detail=f"{kind.value}: {keep_days} days", db=batch.db)
    return policy


def assess(actor: Actor) -> tuple[tuple[DueItem, ...], tuple[DueItem, ...]]:
    """What is due now and what falls due within the warning period."""
    today = actor.clock().date()
    keep = {p.kind: p.keep_days for p in policies(actor)}[ArtefactKind.RAW_RECORDING]
    due: list[DueItem] = []
    upcoming: list[DueItem] = []
    withdrawn: dict[str, date | None] = {}
    for film in store.stored_films(actor.vault.db):
        key = str(film.family_id)
        if key not in withdrawn:
            withdrawn[key] = _filming_withdrawn_on(actor, film.family_id)
        item: DueItem | None = None
        if film.case_code == CHECKS_FAMILY:
            item = DueItem(
                artefact_kind=ArtefactKind.RAW_RECORDING,
                artefact_id=film.recording_id,
                family_id=film.family_id,
                family_case_code=film.case_code,
                due_on=film.started_at.date() + timedelta(days=CHECK_KEEP_DAYS),
                reason=DeletionReason.RETENTION,
                rule=f"equipment checks: {CHECK_KEEP_DAYS} days after they were made",
            )
        elif withdrawn[key] is not None:
            item = DueItem(
                artefact_kind=ArtefactKind.RAW_RECORDING,
                artefact_id=film.recording_id,
                family_id=film.family_id,
                family_case_code=film.case_code,
                due_on=withdrawn[key] or today,
                reason=DeletionReason.WITHDRAWAL,
                rule=f"filming consent withdrawn on {withdrawn[key]}",
            )
        elif film.family_closed_on is not None:
            item = DueItem(
                artefact_kind=ArtefactKind.RAW_RECORDING,
                artefact_id=film.recording_id,
                family_id=film.family_id,
                family_case_code=film.case_code,
                due_on=film.family_closed_on + timedelta(days=keep),
                reason=DeletionReason.RETENTION,
                rule=f"raw recordings: {keep} days after involvement ended "
                f"({film.family_closed_on})",
            )
        if item is None:
            continue
        if item.due_on <= today:
            due.append(item)
        elif item.due_on <= today + timedelta(days=WARN_AHEAD_DAYS):
            upcoming.append(item)
    return tuple(due), tuple(upcoming)


def _filming_withdrawn_on(actor: Actor, family_id: UUID) -> date | None:
    states = {s.tier: s for s in consent.family_state(actor, family_id)}
    filming = states[ConsentTier.FILMING]
    if filming.in_force or filming.withdrawn_at is None or filming.expired:
        return None
    return filming.withdrawn_at.date()


def run_retention(actor: Actor, *, dry_run: bool = False) -> RetentionReport:
    """Delete what is due (crypto-shredding each film), leaving a deletion record for each;
    `dry_run` only lists what would go and what is coming up."""
    actor.authorize(Action.RUN_RETENTION, log=False)
    due, upcoming = assess(actor)
    deleted: list[DeletionRecord] = []
    if not dry_run:
        for item in due:
            deleted.append(_delete_film(actor, item))
        if deleted:
            # Fold the log into the database file and empty it, so no page image from before
            # (a key, a marker's note) lingers in vault.db-wal.
            store.fold_log(actor.vault.db)
    actor.audit(
        Action.RUN_RETENTION,
        detail=f"{'dry run, ' if dry_run else ''}{len(due)} due, {len(upcoming)} within "
        f"{WARN_AHEAD_DAYS} days, {len(deleted)} deleted",
    )
    return RetentionReport(
        checked_on=actor.clock().date(),
        dry_run=dry_run,
        due=due,
        upcoming=upcoming,
        deleted=tuple(deleted),
    )


def _delete_film(actor: Actor, item: DueItem) -> DeletionRecord:
    record = DeletionRecord(
        id=new_id(),
        artefact_kind=item.artefact_kind,
        artefact_id=item.artefact_id,
        family_id=item.family_id,
        reason=item.reason,
        rule=item.rule,
        deleted_at=actor.clock(),
        deleted_by=actor.user.id,
        device_id=actor.vault.device_id,
    )

    def record_it(batch: WriteBatch) -> None:
        store.insert_deletion(batch.db, record)
        actor.audit(
            "retention.delete",
            record_kind="recording",
            record_id=item.artefact_id,
            family_id=item.family_id,
            detail=f"{item.reason.value}: {item.rule}",
            db=batch.db,
        )

    # One transaction: the key, the chunks, the markers' notes, the stills, the plan moments,
    # the record and the audit event.
    delete_recording(actor.vault, item.artefact_id, with_it=record_it)
    return record


def deletion_log(actor: Actor) -> list[DeletionRecord]:
    actor.authorize(Action.READ_AUDIT, detail="deletion log")
    return store.deletion_records(actor.vault.db)
