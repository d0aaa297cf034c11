"""`vfapp export report|reel|stills` (to come)."""

from __future__ import annotations

from vfapp.app.governance_types import Command, Verbs


def register(verbs: Verbs, command: Command) -> None:
    """Add `report`, `reel` and `stills` to `vfapp export`."""
