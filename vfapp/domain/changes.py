"""What a named operation changed, so screens and sync can react to exactly that."""

from __future__ import annotations

from enum import StrEnum
from typing import Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class RecordKind(StrEnum):
    FAMILY = "family"
    VISIT = "visit"
    RECORDING = "recording"
    MARKER = "marker"
    USER = "user"
    CONSENT_EVENT = "consent_event"
    RETENTION_POLICY = "retention_policy"
    CODEBOOK = "codebook"
    TAG = "tag"
    STILL = "still"
    PLAN_MOMENT = "plan_moment"
    COMMENT = "comment"
    SIGN_OFF = "sign_off"
    SUPERVISION_SESSION = "supervision_session"
    CODING_PASS = "coding_pass"


class ChangeAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"


class Change(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: RecordKind
    id: UUID
    action: ChangeAction


T = TypeVar("T")


class OpResult(BaseModel, Generic[T]):
    """The value an operation produced and every record it touched."""

    model_config = ConfigDict(frozen=True)

    value: T
    changes: tuple[Change, ...]
