"""Sealing for the team store: AES-GCM objects bound to their names, keys wrapped for one
device (X25519), heads and rosters signed (Ed25519), and opaque names from a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from vfapp.domain.errors import VfappError

KEY_BYTES = 32
_NONCE = 12
_RAW = serialization.Encoding.Raw


class ObjectRefused(VfappError):
    """An object in the team store fails its seal or signature: altered, replaced or foreign."""

    def __init__(self, what: str, why: str | None = None) -> None:
        super().__init__(
            f"{what} in the team store was not used: {why}."
            if why
            else f"{what} in the team store failed its check (it was altered, replaced or "
            "does not belong to this team), so it was not used."
        )


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def derive(key: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode()).derive(key)


def seal(key: bytes, name: str, plaintext: bytes) -> bytes:
    """Encrypt under `key`, bound to the object's name so it cannot be moved to another."""
    nonce = os.urandom(_NONCE)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, b"attune-object-v1:" + name.encode())


def open_sealed(key: bytes, name: str, sealed: bytes, what: str) -> bytes:
    try:
        return AESGCM(key).decrypt(
            sealed[:_NONCE], sealed[_NONCE:], b"attune-object-v1:" + name.encode()
        )
    except (InvalidTag, ValueError):
        raise ObjectRefused(what) from None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tag(naming_key: bytes, text: str, length: int = 32) -> str:
    """An opaque, stable name part: the store learns nothing from it."""
    return hmac.new(naming_key, text.encode(), hashlib.sha256).hexdigest()[:length]


# Device keys: Ed25519 for signing, X25519 for receiving wrapped keys.


def new_box_private() -> bytes:
    return X25519PrivateKey.generate().private_bytes(
        _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def box_public(private: bytes) -> bytes:
    return (
        X25519PrivateKey.from_private_bytes(private)
        .public_key()
        .public_bytes(_RAW, serialization.PublicFormat.Raw)
    )


def sign_public(private: bytes) -> bytes:
    return (
        Ed25519PrivateKey.from_private_bytes(private)
        .public_key()
        .public_bytes(_RAW, serialization.PublicFormat.Raw)
    )


def wrap_for(recipient_public: bytes, context: str, plaintext: bytes) -> bytes:
    """Seal for one X25519 key: an ephemeral key agreement, HKDF, then AES-GCM."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    eph_public = ephemeral.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    key = derive(shared + eph_public + recipient_public, "attune-wrap-v1:" + context)
    return eph_public + seal(key, context, plaintext)


def unwrap(private: bytes, context: str, wrapped: bytes, what: str) -> bytes:
    me = X25519PrivateKey.from_private_bytes(private)
    eph_public = wrapped[:32]
    try:
        shared = me.exchange(X25519PublicKey.from_public_bytes(eph_public))
    except ValueError:
        raise ObjectRefused(what) from None
    my_public = me.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    key = derive(shared + eph_public + my_public, "attune-wrap-v1:" + context)
    return open_sealed(key, context, wrapped[32:], what)


def sign(private: bytes, message: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private).sign(message)


def signature_holds(public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def recovery_keys(secret: bytes) -> tuple[bytes, bytes]:
    """The recovery key's own (box, signing) private keys: it acts as a device of the team.

    The secret is 160 random bits, so HKDF is enough; no password stretching is needed.
    """
    box = derive(secret, "attune-recovery-box-v1")
    signing = derive(secret, "attune-recovery-sign-v1")
    # Clamp-free: X25519 and Ed25519 both accept any 32 random bytes as a private key.
    return box, signing
