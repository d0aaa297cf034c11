"""`vfapp record`, `vfapp cameras` and `vfapp recording export`."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from vfapp.app.context import CommandContext
from vfapp.capture.camera import OpenCvCamera
from vfapp.capture.camera_list import list_cameras
from vfapp.capture.file_source import FileCamera
from vfapp.capture.frames import VideoMode
from vfapp.capture.microphone import SoundDeviceMicrophone
from vfapp.capture.pipeline import Recorder
from vfapp.capture.recorder_settings import RecorderSettings
from vfapp.capture.sources import AudioSource, FrameSource
from vfapp.capture.stats import AudioState, RecordingResult, RecordingStats
from vfapp.capture.synthetic import SyntheticCamera, SyntheticMicrophone, SyntheticTimeline
from vfapp.domain.errors import InvalidInput
from vfapp.governance.actor import Actor
from vfapp.governance.gates import CHECKS_FAMILY, FilmingPlace, start_filming, use_film
from vfapp.governance.policy import Action
from vfapp.governance.retention import CHECK_KEEP_DAYS
from vfapp.playback.export import export_recording
from vfapp.vault.markers import list_markers
from vfapp.vault.recordings import find_recording

EXPORT_ACTIONS = {
    "case": Action.EXPORT_CASE,
    "training": Action.EXPORT_TRAINING,
    "research": Action.EXPORT_RESEARCH,
}


def record(ctx: CommandContext) -> int:
    args = ctx.args
    mode = _mode(args.size, args.fps)
    settings = _settings(args.seconds, args.mark_at)
    camera, microphone = _sources(args.source, mode, fast=args.fast, audio=not args.no_audio)
    with ctx.sign_in() as actor:
        vault = actor.vault
        place = visit_today(actor, args.family, ctx, Action.RECORD)
        recorder = Recorder(vault, place.visit_id, camera, microphone, settings=settings)
        recording = recorder.start()
        actor.audit(
            Action.RECORD,
            record_kind="recording",
            record_id=recording.id,
            family_id=place.family.id,
            detail="film started",
        )
        if recorder.audio_message:
            ctx.warn(recorder.audio_message)
        try:
            while (result := recorder.wait(timeout=1.0)) is None:
                if not ctx.wants_json:
                    ctx.progress(_progress_line(recorder.stats()))
        except KeyboardInterrupt:
            ctx.progress("Stopping the recording...")  # Ctrl-C is how a recording is stopped
        finally:
            # Whatever happened (Ctrl-C, even twice), let the recording close before the vault.
            result = _stop_patiently(recorder, ctx)
        markers = list_markers(vault, recording.id) if not result.recording.deleted else []
    _summarise(ctx, result, [m.at_ms for m in markers])
    return 0 if result.ended_cleanly else 1


def _stop_patiently(recorder: Recorder, ctx: CommandContext) -> RecordingResult:
    while True:
        try:
            return recorder.stop()
        except KeyboardInterrupt:
            ctx.progress("Saving the end of the recording; one moment...")


def _summarise(ctx: CommandContext, result: RecordingResult, markers_ms: list[int]) -> None:
    stats = result.stats
    if ctx.wants_json:
        ctx.emit_json(
            {
                "recording_id": str(result.recording.id),
                "status": "discarded"
                if result.recording.deleted
                else result.recording.status.value,
                "reason": result.reason.value,
                "message": result.message,
                "seconds": round(stats.elapsed_s, 3),
                "bytes": result.recording.byte_size,
                "frames_encoded": stats.frames_encoded,
                "frames_dropped": stats.frames_dropped,
                "audio": stats.audio.value,
                "audio_message": stats.audio_message,
                "markers_ms": markers_ms,
            }
        )
        return
    if not result.recording.deleted:
        ctx.say(
            f"Recorded {stats.elapsed_s:.1f} s ({result.recording.byte_size / 2**20:.1f} MiB, "
            f"{stats.frames_encoded} frames, {stats.frames_dropped} dropped) as recording "
            f"{result.recording.id}."
        )
    if stats.audio is AudioState.LOST and stats.audio_message:
        ctx.say(stats.audio_message)
    if result.message:
        ctx.say(result.message)


def _settings(seconds: float | None, mark_at: str | None) -> RecorderSettings:
    if seconds is not None and seconds <= 0:
        raise InvalidInput("number of seconds", "must be more than 0")
    try:
        marks = tuple(float(part) for part in mark_at.split(",")) if mark_at else ()
    except ValueError:
        raise InvalidInput("--mark-at list", f"{mark_at!r} is not like 2,5.5,10") from None
    if any(mark < 0 for mark in marks):
        raise InvalidInput("--mark-at list", "cannot hold negative seconds")
    return RecorderSettings(max_seconds=seconds, scheduled_marks_s=marks)


def _mode(size: str, fps: float) -> VideoMode:
    if not 1 <= fps <= 120:
        raise InvalidInput("number of frames per second", "must be between 1 and 120")
    try:
        width, height = (int(part) for part in size.lower().split("x"))
    except ValueError:
        raise InvalidInput("size", f"{size!r} is not like 1280x720") from None
    if width < 16 or height < 16 or width % 2 or height % 2:
        raise InvalidInput("size", "must be at least 16x16, in even numbers")
    return VideoMode(width=width, height=height, fps=fps)


def _sources(
    spec: str, mode: VideoMode, *, fast: bool, audio: bool
) -> tuple[FrameSource, AudioSource | None]:
    kind, _, rest = spec.partition(":")
    if kind == "synthetic":
        timeline = SyntheticTimeline(live=not fast)
        return SyntheticCamera(mode, timeline), SyntheticMicrophone(timeline) if audio else None
    if fast and kind != "file":
        raise InvalidInput("option --fast", "only works with the synthetic or a file source")
    if kind == "camera":
        device = int(rest) if rest.isdigit() else rest or 0
        return OpenCvCamera(device, mode), SoundDeviceMicrophone() if audio else None
    if kind == "file" and rest:
        return FileCamera(Path(rest), live=not fast), None
    raise InvalidInput("source", f"{spec!r} is not synthetic, camera[:N] or file:PATH")


def visit_today(
    actor: Actor, code: str | None, ctx: CommandContext, action: Action
) -> FilmingPlace:
    """Today's visit to the family, once the role and the family's consent allow `action`."""
    place = start_filming(actor, action, code, date.today())
    if place.equipment_check:
        ctx.progress(
            f"No --family given: an equipment check, filed under {CHECKS_FAMILY} and deleted "
            f"after {CHECK_KEEP_DAYS} days."
        )
    return place


def _progress_line(stats: RecordingStats) -> str:
    left = "" if stats.minutes_left is None else f", {stats.minutes_left:.0f} min of disk left"
    lag = f", encoder {stats.encoder_lag_s:.1f} s behind" if stats.encoder_lag_s >= 0.5 else ""
    warning = "  DISK NEARLY FULL" if stats.disk_warning else ""
    return (
        f"  {stats.elapsed_s:6.1f} s  {stats.bytes_committed / 2**20:6.1f} MiB saved  "
        f"{stats.frames_dropped} dropped  audio: {stats.audio.value}{lag}{left}{warning}"
    )


def cameras(ctx: CommandContext) -> int:
    found = list_cameras()
    if ctx.wants_json:
        ctx.emit_json(found)
    elif not found:
        ctx.say("No cameras found. Attune can still record with --source synthetic (demo camera).")
    else:
        for camera in found:
            ctx.say(f"camera:{camera.index}  {camera.name}  ({camera.device})")
            for mode in camera.modes:
                rates = ", ".join(f"{r:g}" for r in mode.fps) or "?"
                ctx.say(f"    {mode.fourcc:4}  {mode.width}x{mode.height}  fps {rates}")
    return 0


def export(ctx: CommandContext) -> int:
    target = Path(ctx.args.output).expanduser()
    action = EXPORT_ACTIONS[ctx.args.purpose]
    with ctx.sign_in() as actor:
        vault = actor.vault
        recording = find_recording(vault, ctx.args.recording)
        use_film(actor, action, recording.id)
        started = time.perf_counter()
        result = export_recording(vault, recording.id, target, overwrite=ctx.args.force)
    ctx.warn(
        f"{target} is an UNENCRYPTED copy of the film. Keep it on an encrypted disk and "
        "delete it when done."
    )
    if ctx.wants_json:
        ctx.emit_json(result)
    else:
        ctx.say(
            f"Exported recording {recording.id} ({result.bytes / 2**20:.1f} MiB, "
            f"{' + '.join(result.streams)}) in {time.perf_counter() - started:.1f} s."
        )
    return 0
