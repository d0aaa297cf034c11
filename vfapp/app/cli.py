"""The `vfapp` command line: argument parsing, dispatch, and plain-worded failures."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from vfapp import __version__
from vfapp.app import commands_capture as capture
from vfapp.app import (
    commands_import,
    commands_review,
    commands_selfcheck,
    commands_sync,
    governance_cli,
)
from vfapp.app import commands_records as records
from vfapp.app import commands_vault as vault
from vfapp.app.context import CommandContext
from vfapp.app.demo import run_demo
from vfapp.app.qt_app import has_display, run_window
from vfapp.app.secrets_input import SecretSource
from vfapp.domain.errors import VfappError
from vfapp.domain.models import VisitActivity, VisitPlace
from vfapp.settings import Settings

Handler = Callable[[CommandContext], int]
EXIT_BUG = 70


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vfapp", description="Attune: video feedback for parent-infant relationship teams."
    )
    parser.add_argument("--version", action="version", version=f"Attune {__version__}")
    nouns = parser.add_subparsers(dest="noun", metavar="COMMAND", required=True)

    vault_cmds = nouns.add_parser("vault", help="create, inspect and check vaults").add_subparsers(
        dest="verb", metavar="ACTION", required=True
    )
    _vault_command(vault_cmds, "init", vault.vault_init, "create a new vault", user=True)
    _vault_command(
        vault_cmds, "info", vault.vault_info, "describe a vault (no password)", secret=False
    )
    verify = _vault_command(vault_cmds, "verify", vault.vault_verify, "check every part", user=True)
    verify.add_argument("--recovery", action="store_true", help="open with the recovery key")
    _vault_command(vault_cmds, "passwd", vault.vault_passwd, "change a password", user=True)
    _vault_command(
        vault_cmds,
        "recover",
        vault.vault_recover,
        "set a new password with the recovery key",
        user=True,
    )

    family = _noun(nouns, "family", "the families on the caseload")
    add = _record_command(family, "add", records.family_add, "add a family")
    add.add_argument("code", metavar="CODE", help="pseudonymous case code, e.g. PIP-0042")
    add.add_argument("--name", help="optional display name")
    _record_command(family, "list", records.family_list, "list families")
    close = _record_command(
        family, "close", records.family_close, "record the day the team's work with a family ended"
    )
    close.add_argument("code", metavar="CODE", help="the family's case code")
    close.add_argument("--on", metavar="YYYY-MM-DD", help="the day it ended (default: today)")
    close.add_argument("--reopen", action="store_true", help="the family is open again")

    visit = _noun(nouns, "visit", "visits to families")
    add = _record_command(visit, "add", records.visit_add, "add a visit")
    add.add_argument("--family", required=True, metavar="CODE", help="the family's case code")
    add.add_argument("--date", help="YYYY-MM-DD (default: today)")
    add.add_argument(
        "--place", choices=[p.value for p in VisitPlace], default=VisitPlace.HOME.value
    )
    add.add_argument(
        "--activity",
        choices=[a.value for a in VisitActivity],
        default=VisitActivity.PLAY.value,
        help="what the visit was for (default: play)",
    )
    listing = _record_command(visit, "list", records.visit_list, "list visits")
    listing.add_argument("--family", metavar="CODE", help="only this family's visits")

    recording = _noun(nouns, "recording", "films in the vault")
    _record_command(recording, "list", records.recording_list, "list recordings")
    export = _record_command(
        recording, "export", capture.export, "copy a film out as an UNENCRYPTED MP4 file"
    )
    export.add_argument(
        "recording", metavar="ID", help="the recording's id (or its first 8+ characters)"
    )
    export.add_argument("output", metavar="OUT.mp4", help="where to write the plain MP4")
    export.add_argument("--force", action="store_true", help="replace OUT.mp4 if it exists")
    export.add_argument(
        "--purpose",
        choices=("case", "training", "research"),
        default="case",
        help="what the copy is for: each needs the family's consent to it (default: case)",
    )

    rec = nouns.add_parser("record", help="record a film into the vault (headless)")
    rec.add_argument("--vault", metavar="PATH", help="the vault folder (default: your own vault)")
    _common(rec, user=True)
    rec.add_argument("--source", default="synthetic", help="synthetic, camera[:N] or file:PATH")
    rec.add_argument("--seconds", type=float, help="stop after this long (default: until Ctrl-C)")
    rec.add_argument("--family", metavar="CODE", help="the family's case code")
    rec.add_argument("--mark-at", metavar="S,...", help="drop markers at these seconds")
    rec.add_argument("--size", default="1280x720", help="picture size (default 1280x720)")
    rec.add_argument("--fps", type=float, default=30.0, help="frames per second (default 30)")
    rec.add_argument("--no-audio", action="store_true", help="picture only")
    rec.add_argument("--fast", action="store_true", help="synthetic/file: faster than real time")
    rec.set_defaults(handler=capture.record)

    imp = nouns.add_parser("import", help="bring a video file (e.g. from a phone) into the vault")
    imp.add_argument("--vault", metavar="PATH", help="the vault folder (default: your own vault)")
    _common(imp, user=True)
    imp.add_argument("file", metavar="FILE", help="the video file to import")
    imp.add_argument("--family", metavar="CODE", help="the family's case code")
    imp.set_defaults(handler=commands_import.import_file)

    cams = nouns.add_parser("cameras", help="list cameras and the modes they offer")
    cams.add_argument("--json", action="store_true", help="print JSON")
    cams.set_defaults(handler=capture.cameras)

    governance_cli.register(nouns, _noun, _record_command)
    commands_review.register(nouns, _noun, _record_command)
    commands_sync.register(nouns, _noun, _record_command)

    window = nouns.add_parser("app", help="open Attune's window")
    window.add_argument("--vault", metavar="PATH", help="the vault folder (default: your own)")
    window.add_argument(
        "--demo-camera",
        action="store_true",
        help="use the synthetic camera even if a webcam exists",
    )
    window.set_defaults(handler=open_window)

    demo = nouns.add_parser("demo", help="make, fill, read back and verify a throwaway vault")
    demo.add_argument("--vault", metavar="PATH", help="keep the demo vault here")
    demo.set_defaults(handler=run_demo)
    commands_selfcheck.register(nouns)
    return parser


def _noun(
    nouns: argparse._SubParsersAction[argparse.ArgumentParser], name: str, text: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    return nouns.add_parser(name, help=text).add_subparsers(
        dest="verb", metavar="ACTION", required=True
    )


def _common(sub: argparse.ArgumentParser, *, secret: bool = True, user: bool = False) -> None:
    sub.add_argument("--json", action="store_true", help="print JSON")
    if secret:
        sub.add_argument(
            "--password-stdin", action="store_true", help="read secrets from stdin, one per line"
        )
        sub.add_argument(
            "--accept-missing-changes",
            action="store_true",
            help="open a copy that lost its vault.db-wal anyway",
        )
    if user:
        sub.add_argument("--user", help="whose password to use (when the vault has several)")


def _vault_command(
    verbs: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Handler,
    text: str,
    *,
    secret: bool = True,
    user: bool = False,
) -> argparse.ArgumentParser:
    sub = verbs.add_parser(name, help=text)
    sub.add_argument("path", metavar="PATH", help="the vault folder")
    _common(sub, secret=secret, user=user)
    sub.set_defaults(handler=handler)
    return sub


def _record_command(
    verbs: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Handler,
    text: str,
) -> argparse.ArgumentParser:
    sub = verbs.add_parser(name, help=text)
    sub.add_argument("--vault", metavar="PATH", help="the vault folder (default: your own vault)")
    _common(sub, user=True)
    sub.set_defaults(handler=handler)
    return sub


def open_window(ctx: CommandContext) -> int:
    if not has_display():
        ctx.warn("There is no display here, so Attune's window cannot open; running the demo.")
        return run_demo(ctx)
    folder = Path(ctx.args.vault).expanduser() if ctx.args.vault else None
    return run_window(folder, demo_camera=ctx.args.demo_camera)


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = build_parser().parse_args(argv)
    ctx = CommandContext(
        args=args,
        out=out,
        err=err,
        secrets=SecretSource(from_stdin=getattr(args, "password_stdin", False), stdin=stdin),
        settings=Settings.from_environment(),
    )
    handler: Handler = args.handler
    try:
        return handler(ctx)
    except VfappError as error:
        print(error, file=err)
        return error.exit_code
    except KeyboardInterrupt:
        print("Cancelled; nothing more was changed.", file=err)
        return 130
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        print(f"Attune could not use a file or folder{where}: {error.strerror}.", file=err)
        return 1
    except Exception:
        print(
            "Attune hit an unexpected problem; what was saved before it is safe. "
            "Set VFAPP_DEBUG=1 to see the details for a bug report.",
            file=err,
        )
        if os.environ.get("VFAPP_DEBUG"):
            traceback.print_exc(file=err)
        return EXIT_BUG
