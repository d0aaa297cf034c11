"""`vfapp demo`: a vault made, filled, read back and verified, told in a few plain lines."""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

import av

from vfapp.app.context import CommandContext
from vfapp.app.secrets_input import PASSWORD_ENV
from vfapp.capture.demo_clip import encode_demo_clip
from vfapp.domain.errors import VfappError
from vfapp.domain.models import VisitPlace
from vfapp.vault import casework
from vfapp.vault.lifecycle import create_vault
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import begin_recording
from vfapp.vault.verify import verify_vault


class _HashingSink:
    """Passes bytes on to the vault while hashing them, to compare with the read-back."""

    def __init__(self, writer: MediaWriter) -> None:
        self.writer = writer
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.writer.write(data)


def run_demo(ctx: CommandContext) -> int:
    keep = ctx.args.vault is not None
    folder = (
        Path(ctx.args.vault) if keep else Path(tempfile.mkdtemp(prefix="attune-demo-")) / "vault"
    )
    password = os.environ.get(PASSWORD_ENV) or secrets.token_urlsafe(12)
    try:
        _demo(ctx, folder, password)
    finally:
        if not keep:
            shutil.rmtree(folder.parent, ignore_errors=True)
    if keep:
        ctx.say(f"  The demo vault is kept at {folder}; its password is {password}")
    else:
        ctx.say("  The demo vault has been deleted.")
    return 0


def _demo(ctx: CommandContext, folder: Path, password: str) -> None:
    ctx.say("Attune demo")
    started = time.perf_counter()
    created = create_vault(folder, password, user="demo")
    slot_kdf = created.vault.header.password_slots()[0].kdf
    ctx.say(
        f"  Made an encrypted vault at {folder}",
        f"    ({time.perf_counter() - started:.1f} s; password protection Argon2id "
        f"{slot_kdf.memory_kib // 1024} MiB x {slot_kdf.iterations} passes).",
    )
    with created.vault as vault:
        family = casework.add_family(vault, "DEMO-001", "Demo family").value
        visit = casework.add_visit(vault, family.id, date.today(), VisitPlace.HOME).value
        ctx.say(f"  Added family {family.case_code} and a home visit on {visit.visited_on}.")

        recording = begin_recording(vault, visit.id).value
        writer = MediaWriter(vault, recording)
        sink = _HashingSink(writer)
        clip = encode_demo_clip(sink, seconds=10.0, width=640, height=360)  # type: ignore[arg-type]
        stored = writer.finish()
        ctx.say(
            f"  Recorded {clip.frames / clip.fps:.0f} s of synthetic video ({clip.frames} frames, "
            f"{stored.byte_size / 1024:.0f} KiB)",
            f"    straight into the vault as {_count(stored.chunk_count, 'sealed part')}; "
            "nothing unencrypted touched the disk.",
        )

        reader = MediaReader(vault, recording.id)
        same = hashlib.sha256(reader.read()).digest() == sink.digest.digest()
        reader.seek(0)
        with av.open(reader) as container:
            decoded = sum(1 for _ in container.decode(video=0))
        ctx.say(
            f"  Read it back: {'identical' if same else 'DIFFERENT'} (SHA-256); "
            f"{decoded} of {clip.frames} frames decode."
        )
    report = verify_vault(folder, password)
    verdict = "intact" if report.ok else f"{len(report.problems)} problem(s) found"
    ctx.say(
        f"  Verified the whole vault: {verdict} ({_count(report.recordings_checked, 'recording')}, "
        f"{_count(report.chunks_checked, 'part')}, every seal checked)."
    )
    if not (same and decoded == clip.frames and report.ok):
        raise VfappError("The demo's read-back did not match what it wrote; please report this.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
