"""`vfapp export report|reel|stills|csv|eaf|boris` and `vfapp import-codes`: every way out of
the vault (each consent-checked and audited, written only where the user says), and codes in."""

from __future__ import annotations

from vfapp.app import commands_export_codes, commands_export_media
from vfapp.app.governance_types import Command, Noun, Verbs


def register(nouns: Verbs, noun: Noun, command: Command) -> None:
    verbs = noun(nouns, "export", "copies out of the vault: consent-checked and audited")
    commands_export_media.register(verbs, command)
    commands_export_codes.register(verbs, command)
    commands_export_codes.register_import(nouns, command)
