"""vault.json: the plaintext header with the key slots, written atomically and mirrored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, ValidationError

from vfapp.domain.errors import VaultFromNewerVersion, VaultHeaderDamaged
from vfapp.vault import keys
from vfapp.vault.database import DatabaseCipher
from vfapp.vault.keys import KdfParams

FORMAT_VERSION = 1
HEADER_NAME = "vault.json"
MIRROR_NAME = "vault.json.mirror"


def _b64decode(value: object) -> object:
    return base64.b64decode(value, validate=True) if isinstance(value, str) else value


Base64Bytes = Annotated[
    bytes,
    BeforeValidator(_b64decode),
    PlainSerializer(lambda b: base64.b64encode(b).decode("ascii"), return_type=str),
]


class SlotKind(StrEnum):
    PASSWORD = "password"
    RECOVERY = "recovery"


class KeySlot(BaseModel):
    """The vault key wrapped under one secret (a user's password or the recovery key)."""

    model_config = ConfigDict(frozen=True)

    slot_id: str
    kind: SlotKind
    label: str
    created_at: datetime
    kdf: KdfParams
    salt: Base64Bytes
    nonce: Base64Bytes
    wrapped_key: Base64Bytes

    def aad(self, vault_id: UUID) -> bytes:
        # Binds the wrapped key to this vault and slot, so slots cannot be moved about.
        return f"attune-slot|{vault_id}|{self.slot_id}|{self.kind}".encode()


class VaultHeader(BaseModel):
    model_config = ConfigDict(frozen=True)

    format_version: int
    vault_id: UUID
    created_at: datetime
    database: DatabaseCipher
    slots: tuple[KeySlot, ...]
    # Each device's audit-signing public key (hex), recorded when it first signed: a trail
    # replaced wholesale, with a new key, no longer matches (see governance.audit_verify).
    audit_keys: dict[str, str] = {}
    mac: str = ""

    def canonical_bytes(self, *, with_mac: bool) -> bytes:
        left_out = set() if with_mac else {"mac"}
        if not self.audit_keys:
            left_out.add("audit_keys")  # headers written before it existed stay valid
        data = self.model_dump(mode="json", exclude=left_out or None)
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()

    def sealed(self, vault_key: bytes) -> VaultHeader:
        """This header with its MAC under the vault key, proving Attune wrote it."""
        return self.model_copy(update={"mac": self._expected_mac(vault_key)})

    def mac_is_valid(self, vault_key: bytes) -> bool:
        return bool(self.mac) and hmac.compare_digest(self.mac, self._expected_mac(vault_key))

    def password_slots(self) -> tuple[KeySlot, ...]:
        return tuple(s for s in self.slots if s.kind is SlotKind.PASSWORD)

    def _expected_mac(self, vault_key: bytes) -> str:
        return keys.mac(
            keys.subkey(vault_key, "vault.json mac"), self.canonical_bytes(with_mac=False)
        )


def encode_header(header: VaultHeader) -> bytes:
    body: dict[str, Any] = json.loads(header.canonical_bytes(with_mac=True))
    checksum = hashlib.sha256(header.canonical_bytes(with_mac=True)).hexdigest()
    document = {"attune_vault": body, "checksum": f"sha256:{checksum}"}
    return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode()


def decode_header(raw: bytes) -> VaultHeader:
    """Parse and check one copy of the header; raise VaultHeaderDamaged saying what is wrong."""
    try:
        document = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise VaultHeaderDamaged("it is not complete, readable JSON.") from None
    if not isinstance(document, dict) or not isinstance(document.get("attune_vault"), dict):
        raise VaultHeaderDamaged("it is not an Attune vault header.")
    body = document["attune_vault"]
    # The checksum comes first: a flipped bit must read as damage, never as a newer version.
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    if document.get("checksum") != f"sha256:{hashlib.sha256(canonical).hexdigest()}":
        raise VaultHeaderDamaged("its checksum does not match; it was edited or corrupted.")
    version = body.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise VaultFromNewerVersion("key file", version, FORMAT_VERSION)
    try:
        return VaultHeader.model_validate(body)
    except (ValidationError, ValueError):
        raise VaultHeaderDamaged("some of its fields are missing or invalid.") from None


class HeaderCopies(BaseModel):
    """Both copies as found on disk, and what was wrong with each."""

    model_config = ConfigDict(frozen=True)

    primary: VaultHeader | None
    mirror: VaultHeader | None
    primary_problem: str | None = None
    mirror_problem: str | None = None

    @property
    def header(self) -> VaultHeader:
        """The copy to use before the key is known: vault.json, else its mirror."""
        found = self.primary or self.mirror
        assert found is not None  # read_header never returns without one
        return found

    def candidates(self) -> tuple[VaultHeader, ...]:
        """The distinct usable copies, vault.json first."""
        found = [h for h in (self.primary, self.mirror) if h is not None]
        return tuple(h for i, h in enumerate(found) if h not in found[:i])


def read_header(folder: Path) -> HeaderCopies:
    """Read vault.json and its mirror; raise only when neither copy is usable."""
    found: dict[str, VaultHeader] = {}
    problems: dict[str, str] = {}
    for name in (HEADER_NAME, MIRROR_NAME):
        try:
            found[name] = decode_header((folder / name).read_bytes())
        except FileNotFoundError:
            problems[name] = "it is missing."
        except VaultHeaderDamaged as error:
            problems[name] = error.detail
    if not found:
        raise VaultHeaderDamaged(problems[HEADER_NAME])
    return HeaderCopies(
        primary=found.get(HEADER_NAME),
        mirror=found.get(MIRROR_NAME),
        primary_problem=problems.get(HEADER_NAME),
        mirror_problem=problems.get(MIRROR_NAME),
    )


def write_header(folder: Path, header: VaultHeader) -> None:
    """Replace vault.json and then its mirror, each atomically, so one is always whole."""
    data = encode_header(header)
    for name in (HEADER_NAME, MIRROR_NAME):
        _atomic_write(folder / name, data)


def _atomic_write(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder for fsync; ReplaceFile is durable there.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
