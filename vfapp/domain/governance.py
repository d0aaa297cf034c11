"""Governance nouns: users and roles, consent events, retention policies, deletions, audit."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vfapp.domain.models import Record


class Role(StrEnum):
    PRACTITIONER = "practitioner"  # films visits and codes them
    GUIDER = "guider"  # therapist: micro-analysis, stills, shared review, exports
    SUPERVISOR = "supervisor"  # watches, comments, signs off; never deletes films
    ADMIN = "admin"  # manages users, retention and the audit; may do everything


class User(Record):
    """A person who uses this vault, with their own password slot (named by `name`)."""

    name: str
    role: Role

    @field_validator("name")
    @classmethod
    def _name_is_tidy(cls, value: str) -> str:
        value = " ".join(value.split())
        if not 1 <= len(value) <= 60:
            raise ValueError("must be 1-60 characters")
        return value


class ConsentTier(StrEnum):
    FILMING = "filming"  # filming for the family's own work with the team
    SHARED_REVIEW = "shared_review"  # showing clips to the family in a shared review
    SUPERVISION = "supervision"  # a VIG supervisor watching the films
    TRAINING = "training"  # teaching and training other professionals
    RESEARCH = "research"


class ConsentEventKind(StrEnum):
    GIVEN = "given"
    CHANGED = "changed"  # still given, with a new expiry or note
    WITHDRAWN = "withdrawn"


class Relationship(StrEnum):
    PARENT = "parent"  # a parent with parental responsibility
    CARER = "carer"  # a carer with parental responsibility (e.g. a special guardian)


class ConsentMethod(StrEnum):
    WRITTEN = "written"  # a signed consent form
    VERBAL = "verbal"  # said aloud, attested by the practitioner recording it


class ConsentEvent(Record):
    """One change to one tier of a family's consent; events are only ever appended."""

    family_id: UUID
    tier: ConsentTier
    kind: ConsentEventKind
    effective_at: datetime
    given_by: str = Field(min_length=1, max_length=80)  # who gave or withdrew it
    relationship: Relationship
    method: ConsentMethod
    recorded_by: UUID  # the user who recorded it (and attests a verbal consent)
    expires_on: date | None = None  # the last day it is in force
    note: str | None = Field(default=None, max_length=500)


class TierState(BaseModel):
    """Where one tier stands now, derived from the events."""

    model_config = ConfigDict(frozen=True)

    tier: ConsentTier
    in_force: bool
    given_at: datetime | None = None
    given_by: str | None = None
    expires_on: date | None = None
    withdrawn_at: datetime | None = None
    expired: bool = False


class ArtefactKind(StrEnum):
    RAW_RECORDING = "raw_recording"
    CLIP = "clip"  # a clip or review plan
    STILL = "still"
    NOTE = "note"
    EXPORT_RECORD = "export_record"  # the record that an export was made


class RetentionPolicy(BaseModel):
    """Keep an artefact kind this many days after the family's involvement ends."""

    model_config = ConfigDict(frozen=True)

    kind: ArtefactKind
    keep_days: int = Field(ge=0, le=36_500)
    updated_at: datetime | None = None
    updated_by: UUID | None = None


class DeletionReason(StrEnum):
    RETENTION = "retention"  # its retention period ended
    WITHDRAWAL = "withdrawal"  # the consent it depends on was withdrawn


class DeletionRecord(BaseModel):
    """That something was deleted, why and by which rule: no personal content."""

    model_config = ConfigDict(frozen=True)

    id: UUID
    artefact_kind: ArtefactKind
    artefact_id: UUID
    family_id: UUID | None
    reason: DeletionReason
    rule: str  # e.g. "raw_recording: 61 days after involvement ended" or "filming withdrawn"
    deleted_at: datetime
    deleted_by: UUID | None  # None when no user was signed in (a scheduled run)
    device_id: str


class AuditOutcome(StrEnum):
    DONE = "done"
    REFUSED = "refused"
    FAILED = "failed"


class AuditEvent(BaseModel):
    """One line of a device's hash-chained audit trail: who did what to which record."""

    model_config = ConfigDict(frozen=True)

    device_id: str
    seq: int = Field(ge=1)
    at: datetime
    user_id: UUID | None  # None: nobody signed in (a failed login)
    action: str  # e.g. "recording.play", "consent.withdraw", "login.failed"
    outcome: AuditOutcome
    record_kind: str | None = None
    record_id: UUID | None = None
    family_id: UUID | None = None
    detail: str | None = Field(default=None, max_length=200)  # never names, notes or content
    prev_hash: str
    hash: str
