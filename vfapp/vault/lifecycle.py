"""Create and unlock vault folders."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from vfapp.domain.errors import (
    DiskFull,
    NotFound,
    VaultDatabaseDamaged,
    VaultExists,
    VaultHeaderAltered,
    VaultIncomplete,
    VaultNotFound,
    WrongPassword,
    WrongRecoveryKey,
    WrongSecret,
)
from vfapp.domain.ids import new_id
from vfapp.vault import keys
from vfapp.vault.database import DB_NAME, Database, choose_cipher, wal_path
from vfapp.vault.header import (
    FORMAT_VERSION,
    HEADER_NAME,
    MIRROR_NAME,
    HeaderCopies,
    KeySlot,
    SlotKind,
    VaultHeader,
    read_header,
    write_header,
)
from vfapp.vault.migrations import migrate, schema_version
from vfapp.vault.recordings import recover_interrupted
from vfapp.vault.session import Vault, close_session
from vfapp.vault.session_lock import LOCK_NAME, SessionLock
from vfapp.vault.throttle import UnlockThrottle

RECOVERY_LABEL = "recovery key"
DISK_FULL_ON_OPEN = (
    "The disk holding the vault is full: you can watch and review, but nothing new can be "
    "saved until some space is freed."
)


class CreatedVault(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    vault: Vault
    recovery_key: str  # shown once; never stored anywhere


class SecretKind(Enum):
    PASSWORD = "password"
    RECOVERY_KEY = "recovery key"


class UnlockedKey(BaseModel):
    """The vault key, and which copy of the header and which slot opened it."""

    model_config = ConfigDict(frozen=True)

    key: bytes
    header: VaultHeader
    slot: KeySlot
    copies: HeaderCopies
    failed_attempts_at: tuple[float, ...] = ()  # wrong secrets tried since the last unlock


def is_vault(folder: Path) -> bool:
    return (folder / HEADER_NAME).exists() or (folder / DB_NAME).exists()


def new_slot(
    kind: SlotKind, label: str, secret: bytes, vault_key: bytes, vault_id: UUID, kdf: keys.KdfParams
) -> KeySlot:
    salt, nonce = os.urandom(keys.SALT_BYTES), os.urandom(12)
    slot = KeySlot(
        slot_id=os.urandom(8).hex(),
        kind=kind,
        label=label,
        created_at=datetime.now(UTC),
        kdf=kdf,
        salt=salt,
        nonce=nonce,
        wrapped_key=b"",
    )
    kek = keys.derive_key(secret, salt, kdf)
    return slot.model_copy(
        update={"wrapped_key": keys.wrap_key(kek, nonce, vault_key, slot.aad(vault_id))}
    )


def create_vault(
    folder: Path, password: str, *, user: str = "owner", kdf: keys.KdfParams | None = None
) -> CreatedVault:
    """Make a new vault with one user's password slot and a recovery-key slot."""
    if is_vault(folder):
        raise VaultExists(folder)
    keys.check_new_password(password)
    folder.mkdir(parents=True, exist_ok=True)
    session_lock = SessionLock.acquire(folder)
    kdf = keys.enforce_floor(kdf) if kdf else keys.calibrate()
    vault_key = os.urandom(keys.KEY_BYTES)
    recovery_secret = keys.new_recovery_secret()
    vault_id = new_id()
    device_id = os.urandom(8).hex()
    header = VaultHeader(
        format_version=FORMAT_VERSION,
        vault_id=vault_id,
        created_at=datetime.now(UTC),
        database=choose_cipher(),
        slots=(
            new_slot(
                SlotKind.PASSWORD, user, keys.password_secret(password), vault_key, vault_id, kdf
            ),
            new_slot(SlotKind.RECOVERY, RECOVERY_LABEL, recovery_secret, vault_key, vault_id, kdf),
        ),
    ).sealed(vault_key)
    db: Database | None = None
    try:
        db = Database(folder / DB_NAME, vault_key, header.database, create=True)
        migrate(db)
        with db.transaction():
            for key, value in (
                ("vault_id", str(vault_id)),
                ("device_id", device_id),
                ("session_state", "open"),
                ("session_opened_at", _now_text()),
            ):
                db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))
        # Fold the schema and the 'open' mark into vault.db itself (see unlock_vault).
        db.pragma("wal_checkpoint(PASSIVE)")
        # The header is written last: a vault exists only once its key slots do.
        write_header(folder, header)
    except BaseException:
        if db is not None:
            db.close()
        _remove_unfinished_vault(folder)
        session_lock.release()
        raise
    vault = Vault(folder, header, vault_key, db, device_id, session_lock, opened_by=user)
    return CreatedVault(vault=vault, recovery_key=keys.format_recovery_key(recovery_secret))


def _remove_unfinished_vault(folder: Path) -> None:
    names = [DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", HEADER_NAME, MIRROR_NAME, LOCK_NAME]
    for name in [*names, f"{HEADER_NAME}.tmp", f"{MIRROR_NAME}.tmp"]:
        with contextlib.suppress(OSError):
            (folder / name).unlink(missing_ok=True)


def find_key(
    folder: Path,
    kind: SecretKind,
    secret: str,
    *,
    user: str | None = None,
    clock: Callable[[], float] = time.time,
) -> UnlockedKey:
    """Derive and unwrap the vault key; count failures so repeated guesses slow down."""
    if not is_vault(folder):
        raise VaultNotFound(folder)
    copies = read_header(folder)
    throttle = UnlockThrottle(folder, clock)
    throttle.check()
    wrong: WrongSecret
    if kind is SecretKind.PASSWORD:
        raw, wrong = keys.password_secret(secret), WrongPassword()
    else:
        try:
            raw = keys.parse_recovery_key(secret)
        except WrongSecret:
            throttle.failed()
            raise
        wrong = WrongRecoveryKey()
    tried: list[KeySlot] = []
    for header in copies.candidates():
        for slot in _slots_to_try(header, kind, user):
            if slot in tried:  # whole slots: an edited copy must not hide the intact one
                continue
            tried.append(slot)
            kek = keys.derive_key(raw, slot.salt, slot.kdf)
            vault_key = keys.unwrap_key(
                kek, slot.nonce, slot.wrapped_key, slot.aad(header.vault_id)
            )
            if vault_key is not None:
                failed = throttle.succeeded()
                return UnlockedKey(
                    key=vault_key,
                    header=header,
                    slot=slot,
                    copies=copies,
                    failed_attempts_at=failed,
                )
    throttle.failed()
    raise wrong


def _slots_to_try(header: VaultHeader, kind: SecretKind, user: str | None) -> tuple[KeySlot, ...]:
    if kind is SecretKind.RECOVERY_KEY:
        return tuple(s for s in header.slots if s.kind is SlotKind.RECOVERY)
    slots = header.password_slots()
    if user is None:
        return slots
    named = tuple(s for s in slots if s.label == user)
    if not named:
        raise NotFound("user", user)
    return named


def unlock_vault(
    folder: Path,
    secret: str,
    *,
    kind: SecretKind = SecretKind.PASSWORD,
    user: str | None = None,
    allow_incomplete: bool = False,
    clock: Callable[[], float] = time.time,
) -> Vault:
    """Open a vault for use: heal a damaged header copy, refuse a copy missing its log,
    and keep interrupted recordings up to their last saved part."""
    unlocked = find_key(folder, kind, secret, user=user, clock=clock)
    trusted, header_trusted, warnings = _choose_header(folder, unlocked)
    db_path = folder / DB_NAME
    if not db_path.exists():
        raise VaultDatabaseDamaged("the file vault.db is missing from the vault folder.")
    session_lock = SessionLock.acquire(folder)
    wal_was_present = wal_path(db_path).exists()
    try:
        db = Database(db_path, unlocked.key, trusted.database)
    except BaseException:
        session_lock.release()
        raise
    try:
        meta = _read_meta(db)
        if meta.get("vault_id", str(trusted.vault_id)) != str(trusted.vault_id):
            raise VaultDatabaseDamaged("it belongs to a different vault than vault.json.")
        if meta.get("session_state") == "open" and not wal_was_present and not allow_incomplete:
            # Close without touching the mark, so the evidence stays for the next attempt.
            db.close()
            raise VaultIncomplete(since=meta.get("session_opened_at", "it was last opened"))
        migrate(db)
        if not _mark_open(db):
            warnings.append(DISK_FULL_ON_OPEN)
    except VaultIncomplete:
        session_lock.release()
        raise
    except BaseException:
        close_session(db, session_lock)
        raise
    vault = Vault(
        folder,
        trusted,
        unlocked.key,
        db,
        meta["device_id"],
        session_lock,
        header_trusted=header_trusted,
        opened_by=unlocked.slot.label if kind is SecretKind.PASSWORD else None,
        failed_unlocks_at=unlocked.failed_attempts_at,
    )
    vault.warnings = (*warnings, *_recover_interrupted(vault))
    return vault


def _mark_open(db: Database) -> bool:
    """Mark the session open inside vault.db; False when the disk is too full to."""
    try:
        with db.transaction():
            db.execute("UPDATE meta SET value = 'open' WHERE key = 'session_state'")
            db.execute("UPDATE meta SET value = ? WHERE key = 'session_opened_at'", (_now_text(),))
        # Put the mark into vault.db itself, so a copy taken without the log shows it.
        db.pragma("wal_checkpoint(PASSIVE)")
    except DiskFull:
        return False
    return True


def _recover_interrupted(vault: Vault) -> list[str]:
    """Recordings left 'recording' by a writer that died: the session lock proves none lives."""
    try:
        outcome = recover_interrupted(vault)
    except DiskFull:
        return []
    return [
        *(
            f"A recording from {r.started_at:%Y-%m-%d %H:%M} UTC was interrupted; it has been "
            "kept up to its last saved moment."
            for r in outcome.recovered
        ),
        *outcome.warnings,
    ]


def _choose_header(folder: Path, unlocked: UnlockedKey) -> tuple[VaultHeader, bool, list[str]]:
    """Pick the header copy Attune provably wrote and rewrite both files from it.

    Returns the header, whether it is trusted, and warnings for the user.
    """
    copies, key = unlocked.copies, unlocked.key
    genuine = [h for h in copies.candidates() if h.mac_is_valid(key)]
    if not genuine:
        # Both copies were edited: keep going (the key is right) but never bless the edit.
        return unlocked.header, False, [str(VaultHeaderAltered())]
    trusted = genuine[0]
    warnings: list[str] = []
    if copies.primary != trusted or copies.mirror != trusted:
        if copies.primary != trusted:
            problem = copies.primary_problem or "it was changed outside Attune."
            warnings.append(
                f"The vault's key file (vault.json) was damaged ({problem.rstrip('.')}); "
                "it has been restored from its copy."
            )
        write_header(folder, trusted)
    return trusted, True, warnings


def _read_meta(db: Database) -> dict[str, str]:
    if schema_version(db) < 1:
        raise VaultDatabaseDamaged("it has no tables; it was never finished or was emptied.")
    return {str(k): str(v) for k, v in db.query("SELECT key, value FROM meta")}


def _now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
