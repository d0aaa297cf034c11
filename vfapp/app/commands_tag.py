"""`vfapp tag add|list`: coded moments on a film, through the same operations as the screens.

A note's words are shown here (the vault is open to the person coding) but never audited.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any
from uuid import UUID

from vfapp.app.context import CommandContext
from vfapp.domain.tagging import Tag, TagActor
from vfapp.governance import tag_ops
from vfapp.vault.recordings import find_recording


def register(
    verbs: argparse._SubParsersAction[argparse.ArgumentParser], command: Callable[..., Any]
) -> None:
    """Add `add` and `list`."""
    add = command(verbs, "add", tag_add, "tag a moment (or a range) of a film")
    _recording_argument(add)
    add.add_argument("--at", type=_seconds, required=True, metavar="SECONDS", help="start")
    add.add_argument("--to", type=_seconds, metavar="SECONDS", help="end, for a range")
    add.add_argument("--code", metavar="CODE", help="a code from the codebook, e.g. VIG-3")
    add.add_argument("--codebook", type=_uuid, metavar="ID", help="the codebook of --code")
    add.add_argument(
        "--actor",
        default=TagActor.PARENT.value,
        choices=[a.value for a in TagActor],
        help="whose moment it is (default: parent)",
    )
    add.add_argument("--note", metavar="TEXT", help="a short note")
    listing = command(verbs, "list", tag_list, "a film's tags, with its uncoded markers")
    _recording_argument(listing)


def _recording_argument(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--recording", required=True, metavar="ID", help="the film (8+ characters of its id)"
    )


def _seconds(text: str) -> int:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= seconds < 1e7:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time in the film")
    return round(seconds * 1000)


def _uuid(text: str) -> UUID:
    try:
        return UUID(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a codebook id") from None


def tag_add(ctx: CommandContext) -> int:
    args = ctx.args
    with ctx.sign_in() as actor:
        recording = find_recording(actor.vault, args.recording)
        tag = tag_ops.add_tag(
            actor,
            recording.id,
            args.at,
            args.to,
            code=args.code,
            codebook_id=args.codebook,
            tag_actor=TagActor(args.actor),
            note=args.note,
        )
    if ctx.wants_json:
        ctx.emit_json(tag)
    else:
        ctx.say(f"Tagged {_line(tag)}", f"Tag id: {tag.id}")
    return 0


def tag_list(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        recording = find_recording(actor.vault, ctx.args.recording)
        tags = tag_ops.list_tags(actor, recording.id)
    if ctx.wants_json:
        ctx.emit_json(tags)
    elif not tags:
        ctx.say(f"Recording {recording.id} has no tags or markers yet.")
    else:
        ctx.say(*(_line(tag) for tag in tags))
    return 0


def _line(tag: Tag) -> str:
    when = f"{tag.start_ms / 1000:.1f} s"
    if tag.end_ms is not None:
        when += f" to {tag.end_ms / 1000:.1f} s"
    code = tag.code or ("marker, uncoded" if tag.from_marker == tag.id else "uncoded")
    note = f"  {tag.note}" if tag.note else ""
    return f"{when}  {code}  ({tag.actor.value}){note}"
