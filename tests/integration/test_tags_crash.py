"""A crash mid-coding: kill -9 a process adding tags; every tag it reported made is kept.

The child is this module run as a script: `python -m tests.integration.test_tags_crash
FOLDER RECORDING_ID`. It prints each tag's id once `add_tag` has returned (committed).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date
from pathlib import Path
from uuid import UUID

from tests.conftest import PASSWORD
from tests.governance_fixtures import give_consent
from tests.integration.reporting_child import ReportingChild
from vfapp.governance.actor import sign_in
from vfapp.governance.tag_ops import add_tag, list_tags
from vfapp.vault import casework
from vfapp.vault.lifecycle import CreatedVault, unlock_vault
from vfapp.vault.recordings import begin_recording
from vfapp.vault.verify import verify_vault

RUNS = 3


def _film(created: CreatedVault) -> UUID:
    vault = created.vault
    family = casework.add_family(vault, "PIP-0042").value
    visit = casework.add_visit(vault, family.id, date(2027, 3, 1)).value
    return begin_recording(vault, visit.id).value.id


def _kill_while_coding(folder: Path, recording: UUID, after_tags: int) -> list[UUID]:
    """Start a child coding the film, kill -9 it once it has made `after_tags` tags; the
    ids of the tags it reported made."""
    child = ReportingChild("tests.integration.test_tags_crash", str(folder), str(recording))
    deadline = time.monotonic() + 60
    while len(child.lines) < after_tags:
        assert child.alive, "the coding child died on its own"
        assert time.monotonic() < deadline, "the coding child made too few tags"
        time.sleep(0.005)
    return [UUID(line) for line in child.kill() if line]


def test_every_tag_reported_made_survives_kill_minus_nine(created: CreatedVault) -> None:
    folder = created.vault.folder
    recording = _film(created)
    created.vault.lock()
    give_consent(folder, "PIP-0042")
    rng = random.Random(7)
    reported: set[UUID] = set()
    for run in range(RUNS):
        made = _kill_while_coding(folder, recording, rng.randint(5, 40))
        assert made, f"run {run}: no tag was reported"
        reported |= set(made)
        assert verify_vault(folder, PASSWORD).ok, f"run {run}: the vault does not verify"
        with sign_in(unlock_vault(folder, PASSWORD)) as actor:
            kept = {tag.id for tag in list_tags(actor, recording)}
        missing = reported - kept
        assert not missing, f"run {run}: {len(missing)} reported tags were lost"


def _code_until_killed(folder: Path, recording: UUID) -> None:
    import tests.integration.child  # noqa: F401  (the fast KDF, as every child uses)

    with sign_in(unlock_vault(folder, PASSWORD)) as actor:
        for number in range(100_000):
            tag = add_tag(actor, recording, number * 40, note=f"moment {number}")
            print(tag.id, flush=True)


if __name__ == "__main__":
    _code_until_killed(Path(sys.argv[1]), UUID(sys.argv[2]))
