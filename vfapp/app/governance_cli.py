"""The governed commands' place in `vfapp`: users, consent, retention, audit, codebooks, tags."""

from __future__ import annotations

from vfapp.app import (
    commands_agreement,
    commands_audit,
    commands_codebook,
    commands_consent,
    commands_export,
    commands_retention,
    commands_supervision,
    commands_tag,
    commands_users,
)
from vfapp.app.governance_types import Command, Noun, Verbs


def register(nouns: Verbs, noun: Noun, command: Command) -> None:
    """`noun(nouns, name, help)` makes a noun; `command(verbs, name, handler, help)` a verb
    that opens the vault (--vault, --user, --json, --password-stdin)."""
    commands_users.register(
        noun(nouns, "user", "the people who use this vault and their roles"), command
    )
    commands_consent.register(
        noun(nouns, "consent", "each family's consent, tier by tier"), command
    )
    commands_retention.register(
        noun(nouns, "retention", "how long films and notes are kept, and deleting them"), command
    )
    commands_audit.register(noun(nouns, "audit", "who did what: check and read the trail"), command)
    commands_codebook.register(noun(nouns, "codebook", "the codes a team tags films with"), command)
    commands_tag.register(noun(nouns, "tag", "coded moments on a film"), command)
    commands_agreement.register(
        noun(nouns, "agreement", "double coding: agreement of two codings"), command
    )
    commands_export.register(nouns, noun, command)
    commands_supervision.register_comments(
        noun(nouns, "comment", "comments on a visit's films, tags and moments"), command
    )
    commands_supervision.register_supervision(
        noun(nouns, "supervision", "sign-offs, supervision hours, accreditation"), command
    )
