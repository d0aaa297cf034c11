"""`vfapp export csv|eaf|boris` and `vfapp import-codes FILE` (to come)."""

from __future__ import annotations

from vfapp.app.governance_types import Command, Verbs


def register(verbs: Verbs, command: Command) -> None:
    """Add `csv`, `eaf` and `boris` to `vfapp export`."""


def register_import(nouns: Verbs, command: Command) -> None:
    """Add `vfapp import-codes FILE`."""
