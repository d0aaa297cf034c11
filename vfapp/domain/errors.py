"""Errors the core raises. Each message is one plain sentence a practitioner can act on."""

from __future__ import annotations

import math
from pathlib import Path
from uuid import UUID


class VfappError(Exception):
    """Base of every error Attune raises on purpose; its text is meant for people."""

    exit_code = 1


class WrongSecret(VfappError):
    """The password or recovery key did not open the vault."""

    exit_code = 2


class WrongPassword(WrongSecret):
    def __init__(self) -> None:
        super().__init__("That password does not open this vault. Nothing was changed.")


class WrongRecoveryKey(WrongSecret):
    def __init__(self) -> None:
        super().__init__("That recovery key does not open this vault. Nothing was changed.")


class MalformedRecoveryKey(WrongSecret):
    def __init__(self, detail: str) -> None:
        super().__init__(f"That is not a whole recovery key: {detail}")


class UnlockThrottled(VfappError):
    """Too many wrong attempts in a row; the caller must wait before trying again."""

    exit_code = 2

    def __init__(self, retry_after_s: float) -> None:
        self.retry_after_s = retry_after_s
        seconds = max(1, math.ceil(retry_after_s))
        super().__init__(
            f"Too many wrong attempts in a row. Please wait {seconds} "
            f"second{'s' if seconds > 1 else ''} and try again."
        )


class VaultNotFound(VfappError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"There is no vault at {path}.")


class VaultExists(VfappError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"A vault already exists at {path}; it was left as it is.")


class VaultHeaderDamaged(VfappError):
    """vault.json cannot be read, is cut short, or fails its checksum."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"The vault's key file (vault.json) is damaged: {detail}")


class VaultHeaderAltered(VfappError):
    def __init__(self) -> None:
        super().__init__(
            "The vault's key file (vault.json) was changed outside Attune; "
            "restore it from a backup or open the vault with its recovery key."
        )


class VaultFromNewerVersion(VfappError):
    def __init__(self, what: str, found: int, supported: int) -> None:
        super().__init__(
            f"This vault's {what} was made by a newer version of Attune "
            f"(format {found}; this version reads up to {supported}). Please update Attune."
        )


class VaultDatabaseDamaged(VfappError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"The vault's database (vault.db) is damaged: {detail}")


class VaultIncomplete(VfappError):
    """vault.db was copied without the write-ahead log that held its latest changes."""

    def __init__(self, since: str) -> None:
        super().__init__(
            "This vault was copied without its companion file vault.db-wal, so changes "
            f"saved since {since} are missing. Copy the whole vault folder again, "
            "including vault.db-wal, and open that copy."
        )


class DiskFull(VfappError):
    def __init__(self) -> None:
        super().__init__(
            "The disk holding the vault is full, so the last change was not saved. "
            "Everything saved before it is safe. Free some space and try again."
        )


class VaultWriteFailed(VfappError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The vault could not be written ({detail}). Everything saved before is safe."
        )


class VaultInUse(VfappError):
    def __init__(self) -> None:
        super().__init__(
            "This vault is already open in another Attune window or command. "
            "Close that first, then try again."
        )


class VaultLocked(VfappError):
    def __init__(self) -> None:
        super().__init__("The vault is locked; unlock it first.")


class NotFound(VfappError):
    def __init__(self, what: str, key: str) -> None:
        self.what = what
        self.key = key
        super().__init__(f"There is no {what} {key!r} in this vault.")


class InvalidInput(VfappError):
    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        super().__init__(f"The {field} {reason}.")


class KeySlotRefused(VfappError):
    """A change to the vault's passwords that would lock people out or clash."""


class ChunkDamaged(VfappError):
    """A media chunk failed its seal, is missing, or is out of order."""

    def __init__(self, recording_id: UUID, seq: int, reason: str) -> None:
        self.recording_id = recording_id
        self.seq = seq
        self.reason = reason
        super().__init__(f"Recording {recording_id}, part {seq}: {reason}.")


class SourceEnded(VfappError):
    """A file played as a camera reached its end (not a fault)."""

    def __init__(self) -> None:
        super().__init__("The video file has ended.")


class CameraUnavailable(VfappError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"The camera could not be started: {detail}")


class CameraLost(VfappError):
    """The camera stopped delivering pictures mid-recording (unplugged, or failing)."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(
            f"The camera stopped sending pictures ({detail}). The recording was saved up to "
            "the last good picture; you can start a new part when the camera is back."
        )


class MicrophoneUnavailable(VfappError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"No microphone could be used ({detail}): recording picture only.")


class MicrophoneLost(VfappError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The microphone stopped ({detail}); the recording goes on with picture only."
        )


class NotPermitted(VfappError):
    """The signed-in user's role does not allow this; the refusal is itself audited."""

    exit_code = 3

    def __init__(self, who: str, role: str, words: str) -> None:
        self.role = role
        super().__init__(
            f"{who} is signed in as {_article(role)} {role}, and {role}s cannot {words}. "
            "Ask your team's admin if you need to."
        )


class ConsentMissing(VfappError):
    """The family has not given (or has withdrawn, or let lapse) the consent an action needs."""

    exit_code = 3

    def __init__(self, case_code: str, words: str, reason: str, tier: str) -> None:
        self.case_code = case_code
        self.tier = tier
        # e.g. "Cannot film for family PIP-7: the family has not given consent to filming."
        super().__init__(f"Cannot {words} for family {case_code}: {reason}.")


class NotSignedIn(VfappError):
    """The vault was opened without a user (the recovery key), or by a password slot that
    belongs to nobody in the vault's list of users."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
