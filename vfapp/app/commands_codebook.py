"""`vfapp codebook list|import|export|install-defaults`: the codes a team tags films with,
through the same operations as the codebook editor."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vfapp.app.context import CommandContext
from vfapp.domain.errors import InvalidInput
from vfapp.governance import codebook_ops


def register(
    verbs: argparse._SubParsersAction[argparse.ArgumentParser], command: Callable[..., Any]
) -> None:
    """Add `list`, `import`, `export` and `install-defaults`."""
    command(verbs, "list", codebook_list, "the team's codebooks and their current versions")
    imported = command(verbs, "import", codebook_import, "add a codebook from a JSON file")
    imported.add_argument("file", metavar="FILE", help="a codebook exported as JSON")
    exported = command(verbs, "export", codebook_export, "write a codebook out as JSON")
    exported.add_argument("codebook", metavar="NAME_OR_ID", help="the codebook's name or id")
    exported.add_argument("--version", type=int, metavar="N", help="default: the current one")
    exported.add_argument("--output", metavar="FILE", help="write here instead of to stdout")
    command(
        verbs,
        "install-defaults",
        codebook_install,
        "add the shipped codebooks (VIG, VIPP-SD, Circle of Security) the team lacks",
    )


def codebook_list(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        books = codebook_ops.list_codebooks(actor)
    if ctx.wants_json:
        ctx.emit_json(books)
        return 0
    if not books:
        ctx.say("No codebooks yet (`vfapp codebook install-defaults` adds the shipped ones).")
        return 0
    for book in books:
        ctx.say(f"{book.name}  (version {book.current_version}, id {book.id})")
    return 0


def codebook_import(ctx: CommandContext) -> int:
    path = Path(ctx.args.file).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput("codebook file", f"{path} could not be read ({error})") from None
    with ctx.sign_in() as actor:
        book = codebook_ops.import_codebook(actor, text)
    if ctx.wants_json:
        ctx.emit_json(book)
    else:
        ctx.say(f"Imported the codebook {book.name!r} (id {book.id}).")
    return 0


def codebook_export(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        book = codebook_ops.find_codebook(actor, ctx.args.codebook)
        text = codebook_ops.export_codebook(actor, book.id, ctx.args.version)
    if ctx.args.output is None:
        ctx.out.write(text)
        return 0
    target = Path(ctx.args.output).expanduser()
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InvalidInput("output file", f"{target} could not be written ({error})") from None
    ctx.progress(f"Wrote the codebook {book.name!r} to {target}.")
    return 0


def codebook_install(ctx: CommandContext) -> int:
    with ctx.sign_in() as actor:
        added = codebook_ops.install_default_codebooks(actor)
    if ctx.wants_json:
        ctx.emit_json(added)
    elif added:
        ctx.say(*(f"Installed the codebook {book.name!r}." for book in added))
    else:
        ctx.say("The shipped codebooks are already installed.")
    return 0
