"""`vfapp demo`: a vault made, filled, read back and verified, told in a few plain lines."""

from __future__ import annotations

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
from vfapp.capture.frames import VideoMode
from vfapp.capture.pipeline import Recorder
from vfapp.capture.recorder_settings import RecorderSettings
from vfapp.capture.sync_probe import measure_av_sync
from vfapp.capture.synthetic import SyntheticCamera, SyntheticMicrophone, SyntheticTimeline
from vfapp.domain.errors import VfappError
from vfapp.domain.governance import ConsentEventKind, ConsentMethod, ConsentTier, Relationship
from vfapp.governance.actor import sign_in
from vfapp.governance.consent import record_consent
from vfapp.governance.gates import start_filming
from vfapp.governance.policy import Action
from vfapp.vault import casework
from vfapp.vault.lifecycle import create_vault
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.verify import verify_vault


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
    with sign_in(created.vault) as actor:
        vault = actor.vault
        family = casework.add_family(vault, "DEMO-001", "Demo family").value
        ctx.say(f"  Added family {family.case_code}.")
        record_consent(
            actor,
            family.id,
            [ConsentTier.FILMING, ConsentTier.SHARED_REVIEW],
            ConsentEventKind.GIVEN,
            given_by="Demo parent",
            relationship=Relationship.PARENT,
            method=ConsentMethod.VERBAL,
        )
        ctx.say("  Recorded the parent's consent to filming and to a shared review.")
        place = start_filming(actor, Action.RECORD, family.case_code, date.today())

        timeline = SyntheticTimeline(live=False)  # as fast as it encodes: a demo, not a visit
        camera = SyntheticCamera(VideoMode(width=640, height=360, fps=30), timeline)
        recorder = Recorder(
            vault,
            place.visit_id,
            camera,
            SyntheticMicrophone(timeline),
            settings=RecorderSettings(max_seconds=10, scheduled_marks_s=(4.0,)),
        )
        recorder.start()
        result = recorder.wait()
        assert result is not None
        stored, stats = result.recording, result.stats
        ctx.say(
            f"  Recorded {stats.elapsed_s:.0f} s from the demo camera and microphone "
            f"({stats.frames_encoded} frames, {stored.byte_size / 1024:.0f} KiB, "
            f"{stats.frames_dropped} dropped)",
            f"    straight into the vault as {_count(stored.chunk_count, 'sealed part')}; "
            "nothing unencrypted touched the disk.",
        )
        sync = measure_av_sync(MediaReader(vault, stored.id))
        with av.open(MediaReader(vault, stored.id), "r") as container:
            decoded = sum(1 for _ in container.decode(video=0))
        same = decoded == stats.frames_encoded
        ctx.say(
            f"  Read it back: {decoded} of {stats.frames_encoded} frames decode; picture and "
            f"sound agree within {sync.max_abs_offset_ms:.1f} ms at {len(sync.offsets_ms)} flashes."
        )
    report = verify_vault(folder, password)
    verdict = "intact" if report.ok else f"{len(report.problems)} problem(s) found"
    ctx.say(
        f"  Verified the whole vault: {verdict} ({_count(report.recordings_checked, 'recording')}, "
        f"{_count(report.chunks_checked, 'part')}, every seal checked)."
    )
    if not (same and report.ok):
        raise VfappError("The demo's read-back did not match what it wrote; please report this.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
