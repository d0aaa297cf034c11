"""What moves through the team store, as typed models: devices, roster, heads, op batches."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from vfapp.domain.governance import Role


class StoreConfig(BaseModel):
    """Where the team store is: a folder, an S3 bucket, or an rclone remote."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["folder", "s3", "rclone"] = "folder"
    path: str | None = None  # folder
    endpoint: str | None = None  # s3
    bucket: str | None = None
    access_key: str | None = None
    secret_key: str | None = None
    prefix: str = ""
    remote: str | None = None  # rclone: "name:path"
    rclone_config: str | None = None

    def describe(self) -> str:
        if self.kind == "folder":
            return f"folder {self.path}"
        if self.kind == "s3":
            return f"S3 bucket {self.bucket} at {self.endpoint}"
        return f"rclone remote {self.remote}"


class TeamDescriptor(BaseModel):
    """What a device must know to find and trust its team (kept in the vault and invites)."""

    model_config = ConfigDict(frozen=True)

    team_id: str
    team_name: str
    store: StoreConfig
    admin_device: str
    admin_person: str = ""
    # Who may sign the roster: the admin's device and the recovery key, by device id.
    signers: dict[str, str]


class DeviceEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    device_id: str
    name: str
    person: str
    role: Role
    user_id: str | None = None
    sign_public: str  # hex
    box_public: str  # hex
    status: Literal["active", "removed"] = "active"
    changed_at: str = ""
    kind: Literal["laptop", "recovery"] = "laptop"  # the printed recovery key acts as a device
    # An admin laptop added by the recovery key carries its word for it (hex signature).
    endorsed_by: str = ""
    endorsement: str = ""


class Roster(BaseModel):
    model_config = ConfigDict(frozen=True)

    team_id: str
    version: int = Field(ge=1)
    team_epoch: int = Field(ge=1)
    devices: tuple[DeviceEntry, ...]
    signed_by: str

    def device(self, device_id: str) -> DeviceEntry | None:
        return next((d for d in self.devices if d.device_id == device_id), None)

    def active(self) -> tuple[DeviceEntry, ...]:
        return tuple(d for d in self.devices if d.status == "active")


class HeadEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    seq: int
    name: str
    digest: str
    scope_tag: str


class Head(BaseModel):
    """A device's signed list of every batch it has written; its version only ever grows."""

    model_config = ConfigDict(frozen=True)

    team_id: str
    device_id: str
    version: int = Field(ge=1)
    entries: tuple[HeadEntry, ...]


class RecordOp(BaseModel):
    model_config = ConfigDict(frozen=True)

    op: Literal["record"] = "record"
    t: str
    id: str
    hlc: str
    fields: dict[str, Any]
    full: bool  # carries every column: the record is new to the reader
    clocks: dict[str, str] = {}  # a field's own stamp, where it differs from `hlc`
    notes: dict[str, list[str]] = {}  # note field -> the versions this one supersedes


class AppendOp(BaseModel):
    model_config = ConfigDict(frozen=True)

    op: Literal["append"] = "append"
    t: str
    row: dict[str, Any]


class FilmOp(BaseModel):
    """A film's chunk list: the reader fetches these chunks from the writer's objects."""

    model_config = ConfigDict(frozen=True)

    op: Literal["film"] = "film"
    recording_id: str
    sizes: list[int]


Op = Annotated[RecordOp | AppendOp | FilmOp, Field(discriminator="op")]


class Batch(BaseModel):
    model_config = ConfigDict(frozen=True)

    device_id: str
    seq: int
    scope: str  # "team" or a family id
    ops: list[Op]


class KeyWrap(BaseModel):
    model_config = ConfigDict(frozen=True)

    scope: str
    epoch: int
    key: str  # hex
    owner_user: str | None = None


class JoinRequest(BaseModel):
    model_config = ConfigDict(frozen=True)

    invite_id: str
    device_id: str
    device_name: str
    person: str
    user_id: str | None
    sign_public: str
    box_public: str


class InvitePayload(BaseModel):
    model_config = ConfigDict(frozen=True)

    invite_id: str
    join_key: str  # hex
    role: Role
    person: str
    descriptor: TeamDescriptor
