"""Families and visits: the named operations that add them and the queries that list them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from vfapp.domain.changes import ChangeAction, OpResult, RecordKind
from vfapp.domain.errors import InvalidInput, NotFound
from vfapp.domain.hlc import HlcStamp
from vfapp.domain.models import Family, Record, Visit, VisitActivity, VisitPlace
from vfapp.vault.session import Vault

SYNC_COLUMNS = "id, created_at, hlc, device_id, deleted"
_FAMILY_COLUMNS = f"{SYNC_COLUMNS}, case_code, display_name, closed_on"


def sync_fields(row: tuple[Any, ...]) -> dict[str, Any]:
    """The five leading columns every syncable table shares, as model fields."""
    return {
        "id": UUID(row[0]),
        "created_at": datetime.fromisoformat(row[1]),
        "hlc": HlcStamp.decode(row[2]),
        "device_id": row[3],
        "deleted": bool(row[4]),
    }


def sync_values(record: Record) -> tuple[Any, ...]:
    return (
        str(record.id),
        record.created_at.isoformat(),
        record.hlc.encode(),
        record.device_id,
        int(record.deleted),
    )


def add_family(vault: Vault, case_code: str, display_name: str | None = None) -> OpResult[Family]:
    """Add a family by its pseudonymous case code; the code must not be in use."""
    with vault.write() as batch:
        stamp = batch.stamp()
        try:
            family = Family(
                **stamp.fresh_record(),
                case_code=case_code.strip(),
                display_name=display_name,
            )
        except ValidationError as error:
            raise invalid_input(error) from None
        if batch.db.query_one(
            "SELECT 1 FROM families WHERE case_code = ? AND deleted = 0", (family.case_code,)
        ):
            raise InvalidInput("case code", f"{family.case_code!r} is already used by a family")
        batch.db.execute(
            f"INSERT INTO families ({SYNC_COLUMNS}, case_code, display_name) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*sync_values(family), family.case_code, family.display_name),
        )
        batch.changed(RecordKind.FAMILY, family.id, ChangeAction.CREATED, stamp.hlc)
    return OpResult(value=family, changes=tuple(batch.changes))


def list_families(vault: Vault) -> list[Family]:
    rows = vault.db.query(
        f"SELECT {_FAMILY_COLUMNS} FROM families "
        "WHERE deleted = 0 ORDER BY case_code COLLATE NOCASE"
    )
    return [_family(row) for row in rows]


def get_family(vault: Vault, family_id: UUID) -> Family:
    row = vault.db.query_one(
        f"SELECT {_FAMILY_COLUMNS} FROM families WHERE id = ? AND deleted = 0", (str(family_id),)
    )
    if row is None:
        raise NotFound("family", str(family_id))
    return _family(row)


def close_family(vault: Vault, family_id: UUID, on: date | None) -> OpResult[Family]:
    """Record the day the family's involvement ended (retention counts from it); None
    reopens the family."""
    family = get_family(vault, family_id)
    last = max((v.visited_on for v in list_visits(vault, family.id)), default=None)
    if on is not None and last is not None and on < last:
        # Retention counts from this day: it must not start before the work ended.
        raise InvalidInput(
            "closing day", f"({on}) is before {family.case_code}'s last visit, on {last}"
        )
    with vault.write() as batch:
        stamp = batch.stamp()
        batch.db.execute(
            "UPDATE families SET closed_on = ?, hlc = ?, device_id = ? WHERE id = ?",
            (None if on is None else on.isoformat(), stamp.hlc.encode(), stamp.device_id,
             str(family.id)),
        )  # fmt: skip
        batch.changed(RecordKind.FAMILY, family.id, ChangeAction.UPDATED, stamp.hlc)
    closed = family.model_copy(update={"closed_on": on, "hlc": stamp.hlc})
    return OpResult(value=closed, changes=tuple(batch.changes))


def find_family(vault: Vault, case_code: str) -> Family:
    row = vault.db.query_one(
        f"SELECT {_FAMILY_COLUMNS} FROM families WHERE case_code = ? AND deleted = 0",
        (case_code.strip(),),
    )
    if row is None:
        raise NotFound("family with case code", case_code)
    return _family(row)


def _family(row: tuple[Any, ...]) -> Family:
    closed = None if row[7] is None else date.fromisoformat(row[7])
    return Family(**sync_fields(row), case_code=row[5], display_name=row[6], closed_on=closed)


def add_visit(
    vault: Vault,
    family_id: UUID,
    visited_on: date,
    place: VisitPlace = VisitPlace.HOME,
    activity: VisitActivity = VisitActivity.PLAY,
) -> OpResult[Visit]:
    """Record a visit to a family on a given day."""
    with vault.write() as batch:
        if not batch.db.query_one(
            "SELECT 1 FROM families WHERE id = ? AND deleted = 0", (str(family_id),)
        ):
            raise NotFound("family", str(family_id))
        stamp = batch.stamp()
        visit = Visit(
            **stamp.fresh_record(),
            family_id=family_id,
            visited_on=visited_on,
            place=place,
            activity=activity,
        )
        batch.db.execute(
            f"INSERT INTO visits ({SYNC_COLUMNS}, family_id, visited_on, place, activity) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *sync_values(visit),
                str(family_id),
                visited_on.isoformat(),
                place.value,
                activity.value,
            ),
        )
        batch.changed(RecordKind.VISIT, visit.id, ChangeAction.CREATED, stamp.hlc)
    return OpResult(value=visit, changes=tuple(batch.changes))


def list_visits(vault: Vault, family_id: UUID | None = None) -> list[Visit]:
    if family_id is None:
        return _visits(vault, "", ())
    return _visits(vault, "AND family_id = ?", (str(family_id),))


def get_visit(vault: Vault, visit_id: UUID) -> Visit:
    found = _visits(vault, "AND id = ?", (str(visit_id),))
    if not found:
        raise NotFound("visit", str(visit_id))
    return found[0]


def _visits(vault: Vault, condition: str, params: tuple[str, ...]) -> list[Visit]:
    rows = vault.db.query(
        f"SELECT {SYNC_COLUMNS}, family_id, visited_on, place, activity FROM visits "
        f"WHERE deleted = 0 {condition} ORDER BY visited_on, id",
        params,
    )
    return [
        Visit(
            **sync_fields(row),
            family_id=UUID(row[5]),
            visited_on=date.fromisoformat(row[6]),
            place=VisitPlace(row[7]),
            activity=VisitActivity(row[8]),
        )
        for row in rows
    ]


def invalid_input(error: ValidationError) -> InvalidInput:
    """The first validation problem, worded for people."""
    first = error.errors()[0]
    field = str(first["loc"][0]).replace("_", " ") if first["loc"] else "value"
    message = str(first["msg"]).removeprefix("Value error, ")
    return InvalidInput(field, message)


def update_family(vault: Vault, family_id: UUID, display_name: str | None) -> OpResult[Family]:
    """Change how a family is shown (its case code never changes)."""
    family = get_family(vault, family_id)
    try:
        changed = family.model_copy(update={"display_name": display_name})
        changed = Family.model_validate(changed.model_dump())
    except ValidationError as error:
        raise invalid_input(error) from None
    with vault.write() as batch:
        stamp = batch.stamp()
        batch.db.execute(
            "UPDATE families SET display_name = ?, hlc = ?, device_id = ? WHERE id = ?",
            (changed.display_name, stamp.hlc.encode(), stamp.device_id, str(family.id)),
        )
        batch.changed(RecordKind.FAMILY, family.id, ChangeAction.UPDATED, stamp.hlc)
    return OpResult(
        value=changed.model_copy(update={"hlc": stamp.hlc}), changes=tuple(batch.changes)
    )


def update_visit(
    vault: Vault, visit_id: UUID, visited_on: date, place: VisitPlace, activity: VisitActivity
) -> OpResult[Visit]:
    """Correct a visit's day, place or activity."""
    visit = get_visit(vault, visit_id)
    with vault.write() as batch:
        stamp = batch.stamp()
        batch.db.execute(
            "UPDATE visits SET visited_on = ?, place = ?, activity = ?, hlc = ?, device_id = ? "
            "WHERE id = ?",
            (visited_on.isoformat(), place.value, activity.value, stamp.hlc.encode(),
             stamp.device_id, str(visit.id)),
        )  # fmt: skip
        batch.changed(RecordKind.VISIT, visit.id, ChangeAction.UPDATED, stamp.hlc)
    changed = visit.model_copy(
        update={"visited_on": visited_on, "place": place, "activity": activity, "hlc": stamp.hlc}
    )
    return OpResult(value=changed, changes=tuple(batch.changes))
