"""The governed commands' place in `vfapp`: users, consent, retention, audit, codebooks, tags."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeAlias

from vfapp.app import (
    commands_audit,
    commands_codebook,
    commands_consent,
    commands_retention,
    commands_tag,
    commands_users,
)
from vfapp.app.context import CommandContext

Verbs: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Noun = Callable[[Verbs, str, str], Verbs]
Command = Callable[[Verbs, str, Callable[[CommandContext], int], str], argparse.ArgumentParser]


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
