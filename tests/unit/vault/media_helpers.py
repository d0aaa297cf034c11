"""Small helpers for writing test recordings."""

from __future__ import annotations

from datetime import date

from vfapp.domain.models import Recording
from vfapp.vault import casework
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import begin_recording
from vfapp.vault.session import Vault


def new_recording(vault: Vault) -> Recording:
    families = casework.list_families(vault)
    family = families[0] if families else casework.add_family(vault, "PIP-TEST").value
    visit = casework.add_visit(vault, family.id, date(2026, 11, 26)).value
    return begin_recording(vault, visit.id).value


def record_bytes(
    vault: Vault, data: bytes, chunk_size: int = 64, commit_at: tuple[int, ...] = ()
) -> Recording:
    """Write `data` as one recording, committing short chunks at the given offsets."""
    writer = MediaWriter(vault, new_recording(vault), chunk_size=chunk_size)
    position = 0
    for cut in (*sorted(commit_at), len(data)):
        writer.write(data[position:cut])
        position = max(position, cut)
        if cut != len(data):
            writer.commit_buffered()
    return writer.finish()
