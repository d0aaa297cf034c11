"""Bring a video file made elsewhere (a phone, another tool) into the vault as a recording.

H.264 4:2:0 pictures and AAC sound (mono or stereo) are copied unchanged when they line up;
anything else is converted (`import_transcode`; copying is `import_copy`). Copied pictures are
decoded as they are copied, so a file damaged part-way is imported up to the damage, with a
warning saying so.
None of the file's metadata (GPS location, dates, device names) is copied; its rotation is
stored in the vault, and the player turns the pictures.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO, cast
from uuid import UUID

import av
import av.error
from av.stream import Disposition
from pydantic import BaseModel, ConfigDict

from vfapp.capture.encoder import FRAGMENTED_MP4, EncoderSettings
from vfapp.capture.import_copy import AudioCopy, Damaged, TrimmedAway, VideoCopy, first_moments
from vfapp.capture.import_progress import (
    ImportMeter,
    ImportRefused,
    check_importable,
    damage_warning,
    reason,
)
from vfapp.capture.import_transcode import AudioTranscoder, VideoTranscoder
from vfapp.domain.errors import VfappError
from vfapp.domain.models import Recording, RecordingOrigin
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import begin_recording, delete_recording
from vfapp.vault.session import Vault

COPIED_PIXEL_FORMATS = ("yuv420p", "yuvj420p")
SYNC_TOLERANCE_S = 0.025  # copied sound may start this far from the pictures (unnoticeable)
SHORTFALL_S = 1.0  # a readable part shorter than the file claims by more than this is damage
COVER_ART = Disposition.attached_pic  # a still picture attached to a sound file


class StreamHandling(StrEnum):
    KEPT = "kept"  # copied unchanged
    CONVERTED = "converted"  # decoded and encoded again (H.264 or AAC)
    NONE = "none"  # no sound in the file (or none that could be read)


class ImportResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    recording: Recording
    video: StreamHandling
    audio: StreamHandling
    readable_s: float  # how much of the film could be read: what is now in the vault
    declared_s: float | None  # how long the file says it is (None when it does not say)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Survey:
    video_index: int
    audio_index: int | None
    copy_video: bool
    copy_audio: bool
    rotation: int
    declared_s: float | None
    declared_by_video: bool  # the video track says how long it is (not just the container)
    start_s: float  # where the file's own timeline begins
    warnings: tuple[str, ...]


def import_video(
    vault: Vault,
    visit_id: UUID,
    path: Path,
    *,
    progress: Callable[[float], object] | None = None,
    settings: EncoderSettings | None = None,
) -> ImportResult:
    """Import `path` as a new recording of the visit; a failure leaves nothing behind."""
    survey = _survey(path)
    settings = settings or EncoderSettings()
    meter = ImportMeter(progress, path.stat().st_size, survey.declared_s)
    try:
        return _import(vault, visit_id, path, survey, meter, settings)
    except (av.error.FFmpegError, TrimmedAway) as error:
        if not (survey.copy_video or survey.copy_audio):
            raise _unconvertible(path) from error
    # The muxer refused a stream as it is (an unusual bitstream), or the file's edit list cuts
    # pictures away part-way: convert everything instead (the first try is already shredded).
    converting = replace(survey, copy_video=False, copy_audio=False)
    try:
        return _import(vault, visit_id, path, converting, meter, settings)
    except av.error.FFmpegError as error:
        raise _unconvertible(path) from error


def _unconvertible(path: Path) -> ImportRefused:
    return ImportRefused(f"{path} could not be imported: Attune could not convert what is in it.")


def _import(
    vault: Vault,
    visit_id: UUID,
    path: Path,
    survey: _Survey,
    meter: ImportMeter,
    settings: EncoderSettings,
) -> ImportResult:
    recording = begin_recording(
        vault, visit_id, origin=RecordingOrigin.IMPORT, rotation=survey.rotation,
        imported_name=path.name,
    ).value  # fmt: skip
    try:
        return _write(vault, recording, path, survey, meter, settings)
    except BaseException:
        with contextlib.suppress(VfappError):
            delete_recording(vault, recording.id)  # shreds its key: all or nothing
        raise


def _open(path: Path) -> Any:
    check_importable(path)
    try:
        return av.open(str(path))
    except PermissionError as error:  # the file's permissions changed since the check
        raise ImportRefused(f"{path} cannot be opened: {reason(error)}.") from None
    except (av.error.FFmpegError, UnicodeDecodeError):
        raise ImportRefused(f"{path} is not a video file Attune can read.") from None


def _survey(path: Path) -> _Survey:
    """What the file holds, how each part will be brought in, and which way is up."""
    with _open(path) as source:
        if source.format.name.endswith("pipe") or source.format.name in ("image2", "tty"):
            raise ImportRefused(f"{path} is a still picture, not a film.")
        pictures = [s for s in source.streams.video if not s.disposition & COVER_ART]
        if not pictures:
            raise ImportRefused(f"{path} has no pictures in it, so it cannot be imported.")
        video = pictures[0]
        sounds = [s for s in source.streams.audio if s.codec_context is not None]
        audio = sounds[0] if sounds else None
        warnings = []
        if source.streams.audio and not sounds:
            warnings.append("The sound could not be read, so the film was imported without it.")
        elif len(source.streams.audio) > 1:
            warnings.append("Only the first sound track was imported; the others were left out.")
        moments = first_moments(source, video, audio) if video.codec_context else None
        if moments is None or moments.frame is None:
            raise ImportRefused(f"{path} could not be imported: its pictures cannot be decoded.")
        copy_video = (
            video.codec_context.name == "h264"
            and moments.frame.format.name in COPIED_PIXEL_FORMATS
            and not moments.trimmed  # an edit list cuts pictures away: only converting is exact
        )
        sound = audio.codec_context if audio is not None else None
        copy_audio = (
            copy_video
            and sound is not None
            and sound.name == "aac"
            and bool(sound.extradata)  # ADTS (MPEG-TS) AAC has none and cannot go in MP4 as is
            and sound.channels <= 2
            and moments.first_audio_s is not None
            and moments.first_dts_s is not None
            and moments.first_audio_s <= moments.first_dts_s + SYNC_TOLERANCE_S
        )
        by_video = bool(video.duration and video.time_base)
        declared = (
            float(video.duration * video.time_base)
            if by_video
            else (source.duration / av.time_base if source.duration else None)
        )
        return _Survey(
            video_index=video.index,
            audio_index=audio.index if audio is not None else None,
            copy_video=copy_video,
            copy_audio=copy_audio,
            # The display matrix turns counter-clockwise; the vault stores the clockwise turn.
            rotation=(-round(moments.frame.rotation / 90) * 90) % 360,
            declared_s=declared,
            declared_by_video=by_video,
            start_s=source.start_time / av.time_base if source.start_time else 0.0,
            warnings=tuple(warnings),
        )


def _write(
    vault: Vault,
    recording: Recording,
    path: Path,
    survey: _Survey,
    meter: ImportMeter,
    settings: EncoderSettings,
) -> ImportResult:
    writer = MediaWriter(vault, recording)
    damaged = False
    with (
        _open(path) as source,
        av.open(cast(BinaryIO, writer), "w", format="mp4", options=FRAGMENTED_MP4) as out,
    ):

        def mux(packets: Iterable[Any]) -> None:
            for packet in packets:
                out.mux(packet)

        video_in = source.streams[survey.video_index]
        audio_in = None if survey.audio_index is None else source.streams[survey.audio_index]
        video: VideoCopy | VideoTranscoder = (
            VideoCopy(out, video_in) if survey.copy_video
            else VideoTranscoder(out, video_in, settings)
        )  # fmt: skip
        audio: AudioCopy | AudioTranscoder | None = None
        if audio_in is not None:
            audio = (
                AudioCopy(out, audio_in) if survey.copy_audio
                else AudioTranscoder(out, audio_in, settings)
            )  # fmt: skip
        audio_started = False
        packets = iter(source.demux(*[s for s in (video_in, audio_in) if s is not None]))
        while True:
            try:
                packet = next(packets)
            except StopIteration:
                break
            except av.error.FFmpegError:
                damaged = True  # the demuxer cannot go on: the rest of the file is damaged
                break
            if packet.size == 0:
                continue  # the demuxer's end-of-stream marker
            meter.tick(packet)
            if packet.stream.index != video_in.index:
                mux(audio.push(packet) if audio is not None else ())
            else:
                try:
                    made = video.push(packet)
                except Damaged:
                    if not video.started:
                        continue  # an undecodable lead-in before the first picture
                    damaged = True
                    break
                mux(made)
            if audio is not None and not audio_started and video.origin_s is not None:
                audio_started = True
                mux(audio.start(video.origin_s))
        mux(video.flush(decoder=not damaged))
        if video.start_s is None or video.origin_s is None:
            raise ImportRefused(f"{path} is too damaged to import: no picture in it can be read.")
        if audio is not None:
            mux([*([] if audio_started else audio.start(video.origin_s)), *audio.flush()])
    finished = writer.finish()
    meter.done()
    return _result(finished, survey, video, audio, damaged)


def _result(
    recording: Recording,
    survey: _Survey,
    video: VideoCopy | VideoTranscoder,
    audio: AudioCopy | AudioTranscoder | None,
    damaged: bool,
) -> ImportResult:
    assert video.start_s is not None
    readable, declared = video.end_s - video.start_s, survey.declared_s
    warnings = list(survey.warnings)
    if isinstance(audio, AudioTranscoder) and audio.damaged_packets:
        warnings.append("Some of the sound was damaged; those moments are silent.")
    # The container's length may be the sound's: only the video track's own tells of a loss.
    short = survey.declared_by_video and declared is not None and readable < declared - SHORTFALL_S
    if damaged or short:
        end = video.end_s - survey.start_s
        whole = declared if declared and declared > end else None
        warnings.append(damage_warning(end, whole))
    if audio is None:
        sound = StreamHandling.NONE
    else:
        sound = StreamHandling.KEPT if survey.copy_audio else StreamHandling.CONVERTED
    return ImportResult(
        recording=recording,
        video=StreamHandling.KEPT if survey.copy_video else StreamHandling.CONVERTED,
        audio=sound,
        readable_s=round(readable, 3),
        declared_s=None if declared is None else round(declared, 3),
        warnings=tuple(warnings),
    )
