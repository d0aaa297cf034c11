"""Append to the tamper-evident audit trail: each event's hash covers the one before it, and
the device signs its newest hash (Ed25519), so a changed, removed, reordered or added event
shows when the chain is checked (`audit_verify`)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from vfapp.domain.governance import AuditEvent, AuditOutcome
from vfapp.vault import audit_store
from vfapp.vault.audit_store import AuditHead, SigningKey
from vfapp.vault.database import Database

GENESIS = "0" * 64  # the "previous hash" of a device's first event


def event_hash(event: AuditEvent) -> str:
    """SHA-256 over the previous hash and every field but the hash itself, canonically."""
    fields = event.model_dump(mode="json", exclude={"hash"})
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{event.prev_hash}\n{canonical}".encode()).hexdigest()


def head_message(device_id: str, seq: int, chain_hash: str) -> bytes:
    return f"attune-audit-head\n{device_id}\n{seq}\n{chain_hash}".encode()


def signature_holds(head: AuditHead, public_key: bytes) -> bool:
    """Whether `head` is signed by the holder of `public_key` (and names that key)."""
    if head.public_key != public_key:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            head.signature, head_message(head.device_id, head.seq, head.hash)
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def signing_key(db: Database, device_id: str) -> SigningKey:
    """This device's signing key, made on first use (inside the caller's transaction)."""
    key = audit_store.load_signing_key(db, device_id)
    if key is not None:
        return key
    private = Ed25519PrivateKey.generate()
    key = SigningKey(
        private_key=private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        ),
        public_key=private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        ),
    )
    audit_store.save_signing_key(db, device_id, key)
    return key


def append_event(
    db: Database,
    device_id: str,
    *,
    at: datetime,
    user_id: UUID | None,
    action: str,
    outcome: AuditOutcome = AuditOutcome.DONE,
    record_kind: str | None = None,
    record_id: UUID | None = None,
    family_id: UUID | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Chain one event onto this device's trail and re-sign the head; call it inside a
    transaction (the operation's own, so the event and the change stand or fall together).

    The head is re-signed only while it still vouches for the chain's end: once events were
    removed from the end, added without the key, or the head itself was changed, signing
    again would hide that, so the old head is left for `audit_verify` to report."""
    had_key = audit_store.load_signing_key(db, device_id) is not None
    tip = audit_store.chain_tip(db, device_id)
    stored = audit_store.read_head(db, device_id)
    key = signing_key(db, device_id)
    if had_key and stored is not None and stored.head is not None and tip is not None:
        head = stored.head
        sign = (head.seq, head.hash) == tip and signature_holds(head, key.public_key)
    else:
        sign = not had_key and stored is None and tip is None  # a new chain
    draft = AuditEvent(
        device_id=device_id,
        seq=1 if tip is None else tip[0] + 1,
        at=at,
        user_id=user_id,
        action=action,
        outcome=outcome,
        record_kind=record_kind,
        record_id=record_id,
        family_id=family_id,
        detail=detail,
        prev_hash=GENESIS if tip is None else tip[1],
        hash="",
    )
    event = draft.model_copy(update={"hash": event_hash(draft)})
    audit_store.insert_event(db, event)
    if not sign:
        return event
    signer = Ed25519PrivateKey.from_private_bytes(key.private_key)
    audit_store.save_head(
        db,
        AuditHead(
            device_id=device_id,
            seq=event.seq,
            hash=event.hash,
            signature=signer.sign(head_message(device_id, event.seq, event.hash)),
            public_key=key.public_key,
        ),
    )
    return event
