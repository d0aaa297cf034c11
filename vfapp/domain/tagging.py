"""Tagging nouns: codebooks (versioned), their codes, and tags on a film."""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vfapp.domain.models import Record


class Code(BaseModel):
    """One code of a codebook: a VIG principle, or one of its sub-elements."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, max_length=40)  # stable within the codebook: "VIG-3", "VIG-3.2"
    name: str = Field(min_length=1, max_length=120)
    parent: str | None = None  # the principle a sub-element belongs to
    colour: str = Field(default="#5f6368", pattern=r"^#[0-9a-fA-F]{6}$")
    hotkey: str | None = Field(default=None, max_length=1)  # one key, e.g. "3"
    hidden: bool = False


class CodebookContent(BaseModel):
    """What a codebook version says: its name, description and codes (JSON in the vault)."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=80)
    description: str = ""
    codes: tuple[Code, ...]

    @model_validator(mode="after")
    def _codes_are_consistent(self) -> CodebookContent:
        ids = [code.id for code in self.codes]
        if len(set(ids)) != len(ids):
            raise ValueError("two codes share an id")
        parents = set(ids)
        for code in self.codes:
            if code.parent is not None and code.parent not in parents:
                raise ValueError(f"code {code.id} names a parent that is not in the codebook")
        keys = [c.hotkey for c in self.codes if c.hotkey and not c.hidden]
        if len(set(keys)) != len(keys):
            raise ValueError("two visible codes share a hotkey")
        return self


class Codebook(Record):
    """A team's codebook; `current_version` is the one new tags use."""

    name: str
    current_version: int = Field(ge=1)


class TagActor(StrEnum):
    PARENT = "parent"
    INFANT = "infant"
    GUIDER = "guider"
    OTHER_ADULT = "other_adult"
    SIBLING = "sibling"


class Tag(Record):
    """A point (end_ms None) or a range on a film, coded (or not yet: code None)."""

    recording_id: UUID
    codebook_id: UUID | None = None
    codebook_version: int | None = None
    code: str | None = None
    actor: TagActor = TagActor.PARENT
    start_ms: int = Field(ge=0)
    end_ms: int | None = None
    note: str | None = Field(default=None, max_length=1000)
    from_marker: UUID | None = None  # a marker made while filming, shown as an uncoded tag
    pass_id: UUID | None = None  # the coding pass it belongs to; None: the primary coding
    coder_id: UUID | None = None  # who made it (None for tags made before this was kept)

    @model_validator(mode="after")
    def _range_runs_forwards(self) -> Tag:
        if self.end_ms is not None and self.end_ms <= self.start_ms:
            raise ValueError("a range must end after it starts")
        if (self.code is None) != (self.codebook_id is None) and self.code is not None:
            raise ValueError("a coded tag names its codebook")
        return self
