"""Check the audit trail: every device's chain of hashes and its signed head, naming the first
event that was changed, removed, reordered, added or cannot be read."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict

from vfapp.governance.actor import Actor
from vfapp.governance.audit import GENESIS, event_hash, signature_holds
from vfapp.governance.policy import Action
from vfapp.vault import audit_store
from vfapp.vault.audit_store import SigningKey, StoredEvent, StoredHead
from vfapp.vault.session import Vault


def when(at: datetime) -> str:
    """A time in plain words, in UTC: "1 March 2027 at 10:04:05 UTC"."""
    at = at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
    return f"{at.day} {at:%B %Y} at {at:%H:%M:%S} UTC"


class AuditProblem(BaseModel):
    """The first thing wrong with one device's chain, and the event it concerns."""

    model_config = ConfigDict(frozen=True)

    device_id: str
    seq: int | None  # the event's number; None when the stored number cannot be read
    at: datetime | None  # when the event says it happened, if that can be read
    missing: bool = False  # the event named is one that is gone
    after: datetime | None = None  # for a missing event: the time of the one before it
    what: str  # plain words: what is wrong

    def sentence(self) -> str:
        """One plain sentence naming the event and what is wrong with it."""
        number = "an event" if self.seq is None else f"event {self.seq}"
        if self.missing:
            time = f", after {when(self.after)}" if self.after else ""
            return f"The first bad event is {number} of device {self.device_id}{time}: {self.what}."
        time = f", written {when(self.at)}" if self.at else ""
        return f"The first bad event is {number} of device {self.device_id}{time}: {self.what}."


class ChainSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    device_id: str
    events: int
    last_at: datetime | None
    ok: bool


class AuditVerdict(BaseModel):
    """Whether the whole trail is as its devices wrote and signed it."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    events: int
    devices: int
    checked_up_to: datetime | None  # the newest event's time
    chains: tuple[ChainSummary, ...]
    problems: tuple[AuditProblem, ...]  # the first problem of each broken chain

    @property
    def first_problem(self) -> AuditProblem | None:
        return self.problems[0] if self.problems else None

    def summary(self) -> str:
        """One line for people: intact with counts, or the first bad event."""
        if self.ok:
            upto = f", checked up to {when(self.checked_up_to)}" if self.checked_up_to else ""
            return (
                f"The audit trail is intact: {self.events} events from {self.devices} "
                f"device(s){upto}."
            )
        first = self.problems[0]
        more = len(self.problems) - 1
        also = f" ({more} other device's trail is also broken.)" if more == 1 else ""
        also = f" ({more} other devices' trails are also broken.)" if more > 1 else also
        return f"The audit trail is NOT intact. {first.sentence()}{also}"


def verify_audit(vault: Vault) -> AuditVerdict:
    """Check every device's chain and signed head; a clean trail gives ok=True."""
    db = vault.db
    chains: list[ChainSummary] = []
    problems: list[AuditProblem] = []
    anchors = vault.header.audit_keys
    for device in sorted({*audit_store.device_ids(db), *anchors}):
        rows = audit_store.read_chain(db, device)
        problem = _check_events(device, rows) or _check_head(
            device,
            rows,
            audit_store.read_head(db, device),
            audit_store.load_signing_key(db, device),
            this_device=device == vault.device_id,
        )
        anchored = anchors.get(device)
        stored = audit_store.read_head(db, device)
        signer = stored.head.public_key.hex() if stored and stored.head else None
        if problem is None and anchored and signer != anchored:
            problem = AuditProblem(
                device_id=device,
                seq=1,
                at=rows[0].at if rows else None,
                what=(
                    "the trail is signed with a different key from the one vault.json recorded "
                    "when this device first signed: the whole trail was replaced"
                ),
            )
        times = [r.at for r in rows if r.at is not None]
        chains.append(
            ChainSummary(
                device_id=device,
                events=len(rows),
                last_at=max(times, default=None),
                ok=problem is None,
            )
        )
        if problem is not None:
            problems.append(problem)
    latest = [c.last_at for c in chains if c.last_at is not None]
    return AuditVerdict(
        ok=not problems,
        events=sum(c.events for c in chains),
        devices=sum(1 for c in chains if c.events),
        checked_up_to=max(latest, default=None),
        chains=tuple(chains),
        problems=tuple(problems),
    )


def check_trail(actor: Actor) -> AuditVerdict:
    """`verify_audit` for an admin; the check itself is audited (a refusal too)."""
    actor.authorize(Action.READ_AUDIT, record_kind="audit_trail", log=False)
    actor.audit(Action.READ_AUDIT, record_kind="audit_trail", detail="check")
    return verify_audit(actor.vault)


def _problem(row: StoredEvent, what: str) -> AuditProblem:
    return AuditProblem(device_id=row.device_id, seq=row.seq, at=row.at, what=what)


def _check_events(device: str, rows: list[StoredEvent]) -> AuditProblem | None:
    """The first row that cannot be read, was changed, or breaks the numbering or links."""
    numbers = [r.seq for r in rows]
    expected_seq, expected_prev = 1, GENESIS
    for index, row in enumerate(rows):
        event = row.event
        if event is None:
            return _problem(row, f"it cannot be read: {row.problem}")
        if event_hash(event) != event.hash:
            return _problem(row, "its contents were changed after it was written")
        if event.seq != expected_seq:
            if expected_seq in numbers[index + 1 :]:
                what = (
                    f"it is stored before event {expected_seq}, which was written earlier: "
                    "the events were reordered"
                )
            elif event.seq > expected_seq:
                gone = expected_seq, event.seq - 1
                what = f"{_span(*gone)} before it {_are(*gone)} missing (removed)"
            else:
                what = f"its number repeats or goes back (event {expected_seq} was expected)"
            return _problem(row, what)
        if event.prev_hash != expected_prev:
            return _problem(row, "it does not link to the event before it")
        expected_seq, expected_prev = expected_seq + 1, event.hash
    return None


def _check_head(
    device: str,
    rows: list[StoredEvent],
    stored: StoredHead | None,
    key: SigningKey | None,
    *,
    this_device: bool,
) -> AuditProblem | None:
    """Whether the signed head vouches for exactly this chain, with the device's own key."""
    last = rows[-1] if rows else None
    if stored is None or stored.head is None:
        if last is None:
            # A signing key is made with a device's first event, so events were removed.
            return AuditProblem(
                device_id=device,
                seq=1,
                at=None,
                missing=True,
                what="the device's whole trail and its signed head were removed",
            )
        state = "was removed" if stored is None else f"cannot be read ({stored.problem})"
        return _problem(
            last, f"the signed head that vouches for the trail {state}, so nothing vouches for it"
        )
    head = stored.head
    if key is None and this_device:
        return _problem_at(device, rows, head.seq, "this device's signing key was removed")
    public_key = key.public_key if key is not None else head.public_key
    if head.public_key != public_key:
        return _problem_at(
            device, rows, head.seq, "the trail's head is signed with a key that is not the device's"
        )
    if not signature_holds(head, public_key):
        return _problem_at(
            device,
            rows,
            head.seq,
            "the signature on the trail's head does not match it: the head was altered or "
            "forged, so the events up to it are not vouched for",
        )
    count = len(rows)
    if head.seq > count:
        return AuditProblem(
            device_id=device,
            seq=count + 1,
            at=None,
            missing=True,
            after=None if last is None else last.at,
            what=(
                f"{_span(count + 1, head.seq)} {_are(count + 1, head.seq)} missing from the end: "
                f"the signed head says there were {head.seq} events, only {count} are left"
            ),
        )
    signed = rows[head.seq - 1]
    if signed.event is None or signed.event.hash != head.hash:
        return _problem(
            signed,
            "it is not the event the device signed as this number: events up to here were "
            "removed or replaced",
        )
    if head.seq < count:
        return _problem(
            rows[head.seq],
            "it was added after the last signed event, and no valid signature covers it",
        )
    return None


def _problem_at(device: str, rows: list[StoredEvent], seq: int, what: str) -> AuditProblem:
    """A problem about the head, named at the event the head claims to sign."""
    for row in rows:
        if row.seq == seq:
            return _problem(row, what)
    return AuditProblem(device_id=device, seq=seq, at=None, what=what)


def _span(first: int, last: int) -> str:
    return f"event {first}" if first == last else f"events {first} to {last}"


def _are(first: int, last: int) -> str:
    return "is" if first == last else "are"
