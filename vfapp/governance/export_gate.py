"""The gate every report and media export passes: the visit's family, the export's consent
tier checked (a refusal audited), and one audit event once the copy is written."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.exports import ExportCancelled
from vfapp.domain.governance import AuditOutcome
from vfapp.domain.models import Family, Visit
from vfapp.governance.actor import Actor
from vfapp.governance.policy import Action
from vfapp.vault import casework


class ExportScope(BaseModel):
    """What an export was allowed for: the visit, its family, and the action checked."""

    model_config = ConfigDict(frozen=True)

    visit: Visit
    family: Family
    action: Action


def open_export(actor: Actor, visit_id: UUID, action: Action = Action.EXPORT_CASE) -> ExportScope:
    """Check that the actor may export from this visit for `action`'s purpose (the role and
    the family's consent tier); a refusal is audited and raised."""
    visit = casework.get_visit(actor.vault, visit_id)
    family = casework.get_family(actor.vault, visit.family_id)
    actor.authorize(action, family_id=family.id, record_kind="visit", record_id=visit.id, log=False)
    return ExportScope(visit=visit, family=family, action=action)


def audit_export(actor: Actor, scope: ExportScope, what: str, *, failed: bool = False) -> None:
    """One event for a finished export: what kind and how much, never its words or path."""
    actor.audit(
        scope.action,
        AuditOutcome.FAILED if failed else AuditOutcome.DONE,
        record_kind="visit",
        record_id=scope.visit.id,
        family_id=scope.family.id,
        detail=what,
    )


@contextlib.contextmanager
def attempt(actor: Actor, scope: ExportScope, what: str) -> Iterator[None]:
    """An export that was allowed but did not finish (cancelled, or failed) is audited as
    failed; the original error goes on, even if the audit itself cannot be written."""
    try:
        yield
    except BaseException as error:
        how = "cancelled" if isinstance(error, ExportCancelled | KeyboardInterrupt) else "failed"
        with contextlib.suppress(Exception):
            audit_export(actor, scope, f"{what}: {how}", failed=True)
        raise
