"""Key derivation (Argon2id, calibrated per machine), slot wrapping and recovery keys."""

from __future__ import annotations

import hashlib
import hmac
import os
import time
import unicodedata
from collections.abc import Callable
from typing import Literal

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel, ConfigDict, Field

from vfapp.domain.errors import InvalidInput, MalformedRecoveryKey

KEY_BYTES = 32
SALT_BYTES = 16
MIN_PASSWORD_CHARS = 8


class KdfParams(BaseModel):
    """Argon2id cost settings, stored with each key slot."""

    model_config = ConfigDict(frozen=True)

    algorithm: Literal["argon2id"] = "argon2id"
    # Upper bounds keep an edited header from asking for terabytes or an endless unlock.
    memory_kib: int = Field(ge=8, le=4 * 1024 * 1024)
    iterations: int = Field(ge=1, le=64)
    parallelism: int = Field(ge=1, le=16)


# DESIGN.md section 3: start at 256 MiB/t3/p4, calibrate to 0.5-1 s, never below 64 MiB/t3.
KDF_START = KdfParams(memory_kib=256 * 1024, iterations=3, parallelism=4)
KDF_FLOOR = KdfParams(memory_kib=64 * 1024, iterations=3, parallelism=4)
CALIBRATION_WINDOW_S = (0.5, 1.0)
_MAX_ITERATIONS = 12


def derive_key(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    """The 256-bit key-encryption key for one slot."""
    return hash_secret_raw(
        secret=secret,
        salt=salt,
        time_cost=params.iterations,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def calibrate(timer: Callable[[], float] = time.perf_counter) -> KdfParams:
    """Pick Argon2id costs that take 0.5-1 s here, never weaker than the floor."""
    salt = os.urandom(SALT_BYTES)

    def seconds(candidate: KdfParams) -> float:
        start = timer()
        derive_key(b"calibration", salt, candidate)
        return timer() - start

    # The first run also pays to map the memory, so take the better of two; then check
    # the estimate once on the real thing and correct it.
    params = _fit(KDF_START, min(seconds(KDF_START), seconds(KDF_START)))
    return enforce_floor(_fit(params, seconds(params)))


def _fit(params: KdfParams, took: float) -> KdfParams:
    """Scale costs from one measurement: less memory when slow, more passes when fast."""
    low, high = CALIBRATION_WINDOW_S
    while took > high and params.memory_kib > KDF_FLOOR.memory_kib:
        memory = max(params.memory_kib // 2, KDF_FLOOR.memory_kib)
        took *= memory / params.memory_kib
        params = params.model_copy(update={"memory_kib": memory})
    if took < low and params.iterations < _MAX_ITERATIONS:
        # Argon2id time grows linearly with passes: aim for the middle of the window.
        per_pass = took / params.iterations
        wanted = round((low + high) / 2 / per_pass)
        iterations = min(_MAX_ITERATIONS, max(params.iterations + 1, wanted))
        params = params.model_copy(update={"iterations": iterations})
    return params


def enforce_floor(params: KdfParams) -> KdfParams:
    return params.model_copy(
        update={
            "memory_kib": max(params.memory_kib, KDF_FLOOR.memory_kib),
            "iterations": max(params.iterations, KDF_FLOOR.iterations),
        }
    )


def password_secret(password: str) -> bytes:
    """The bytes a password stands for: NFC-normalised, so the same keys type the same key."""
    return unicodedata.normalize("NFC", password).encode("utf-8")


def check_new_password(password: str) -> None:
    if len(password.strip()) < MIN_PASSWORD_CHARS:
        raise InvalidInput("password", f"must have at least {MIN_PASSWORD_CHARS} characters")


def wrap_key(kek: bytes, nonce: bytes, vault_key: bytes, aad: bytes) -> bytes:
    return AESGCM(kek).encrypt(nonce, vault_key, aad)


def unwrap_key(kek: bytes, nonce: bytes, wrapped: bytes, aad: bytes) -> bytes | None:
    """The vault key, or None when this secret does not open the slot."""
    try:
        return AESGCM(kek).decrypt(nonce, wrapped, aad)
    except InvalidTag:
        return None


def subkey(vault_key: bytes, purpose: str) -> bytes:
    """A key for one purpose (e.g. the header MAC), derived so purposes never share keys."""
    return HKDF(algorithm=SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode()).derive(
        vault_key
    )


def mac(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).hexdigest()


# Recovery keys: 160 random bits in Crockford base32 (no I, L, O, U; case-insensitive),
# then a 4-character checksum group, printed as 9 groups of 4.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
RECOVERY_SECRET_BYTES = 20
_BODY_CHARS = 32
_CHECK_CHARS = 4
RECOVERY_GROUPS = (_BODY_CHARS + _CHECK_CHARS) // 4


def _to_base32(value: int, chars: int) -> str:
    return "".join(_ALPHABET[(value >> (5 * (chars - 1 - i))) & 31] for i in range(chars))


def _checksum(secret: bytes) -> str:
    digest = hashlib.blake2b(secret, digest_size=4, person=b"attune-recovery").digest()
    return _to_base32(int.from_bytes(digest, "big") >> 12, _CHECK_CHARS)


def new_recovery_secret() -> bytes:
    return os.urandom(RECOVERY_SECRET_BYTES)


def format_recovery_key(secret: bytes) -> str:
    text = _to_base32(int.from_bytes(secret, "big"), _BODY_CHARS) + _checksum(secret)
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    """The secret a typed recovery key stands for; forgiving of case, spaces and look-alikes."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_LOOKALIKES)
    expected = _BODY_CHARS + _CHECK_CHARS
    if len(cleaned) != expected:
        raise MalformedRecoveryKey(
            f"it should have {expected} letters and digits in {RECOVERY_GROUPS} groups, "
            f"and this has {len(cleaned)}."
        )
    bad = sorted({ch for ch in cleaned if ch not in _ALPHABET})
    if bad:
        raise MalformedRecoveryKey(f"it cannot contain {', '.join(bad)}.")
    value = 0
    for ch in cleaned[:_BODY_CHARS]:
        value = value << 5 | _ALPHABET.index(ch)
    secret = value.to_bytes(RECOVERY_SECRET_BYTES, "big")
    if _checksum(secret) != cleaned[_BODY_CHARS:]:
        raise MalformedRecoveryKey("one of the groups is mistyped; please check each group.")
    return secret
