"""Faults inside the recorder itself: each ends in words, with every source closed."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import PASSWORD
from tests.fakes.sources import CameraThatFails, ClosingTracker
from tests.integration.recording_helpers import record, synthetic, visit_for
from vfapp.capture import pipeline
from vfapp.capture.encoder import FragmentedMp4Encoder
from vfapp.capture.frames import CapturedFrame
from vfapp.capture.pipeline import Recorder
from vfapp.capture.recorder_settings import RecorderSettings
from vfapp.capture.stats import StopReason
from vfapp.domain.errors import DiskFull
from vfapp.domain.models import RecordingStatus
from vfapp.vault.lifecycle import unlock_vault
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import list_recordings
from vfapp.vault.session import Vault


def test_a_failed_final_save_is_reported_as_a_failure(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: MediaWriter) -> None:
        raise DiskFull()

    monkeypatch.setattr(MediaWriter, "finish", full)
    camera, mic = synthetic()
    result = record(vault, camera, mic, max_seconds=2)
    assert result.reason is StopReason.VAULT_WRITE_FAILED and not result.ended_cleanly
    assert result.message and "disk holding the vault is full" in result.message
    assert result.recording.status is RecordingStatus.RECORDING  # recovered at the next unlock
    folder = vault.folder
    vault.lock()
    monkeypatch.undo()
    with unlock_vault(folder, PASSWORD) as reopened:
        (recovered,) = list_recordings(reopened)
        assert recovered.status is RecordingStatus.RECOVERED and recovered.byte_size > 0


def test_the_camera_thread_ends_when_the_encoder_dies(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_add = FragmentedMp4Encoder.add_video

    def add_then_break(self: FragmentedMp4Encoder, i420: object, t: float) -> None:
        if self.frames >= 10:
            raise RuntimeError("codec crashed")
        real_add(self, i420, t)  # type: ignore[arg-type]

    monkeypatch.setattr(FragmentedMp4Encoder, "add_video", add_then_break)
    before = set(threading.enumerate())  # other tests may leave frozen cameras behind
    camera, mic = synthetic()
    result = record(vault, camera, mic, max_seconds=20)
    assert result.reason is StopReason.ENCODER_FAILED and not result.ended_cleanly
    assert result.message and "could not be encoded" in result.message
    ours = [t for t in threading.enumerate() if t.name == "camera" and t not in before]
    for thread in ours:
        thread.join(timeout=3)
    assert not any(thread.is_alive() for thread in ours)


def test_a_start_that_fails_half_way_closes_camera_and_microphone(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_room(*args: object, **kwargs: object) -> None:
        raise DiskFull()

    monkeypatch.setattr(pipeline, "begin_recording", no_room)
    camera, mic = synthetic()
    tracked_camera, tracked_mic = ClosingTracker(camera), ClosingTracker(mic)
    recorder = Recorder(vault, visit_for(vault), tracked_camera, tracked_mic)  # type: ignore[arg-type]
    with pytest.raises(DiskFull):
        recorder.start()
    assert tracked_camera.closed and tracked_mic.closed


def test_a_camera_lost_before_any_picture_keeps_no_empty_film(vault: Vault) -> None:
    camera, _ = synthetic()
    result = record(vault, CameraThatFails(camera, frames=0), None)
    assert result.recording.deleted
    assert result.message and result.message.startswith("Nothing was recorded")
    assert list_recordings(vault) == []


def test_a_screen_that_fails_to_draw_never_stops_the_recording(vault: Vault) -> None:
    camera, mic = synthetic()
    recorder = Recorder(
        vault, visit_for(vault), camera, mic, settings=RecorderSettings(max_seconds=2)
    )

    def broken_screen(frame: CapturedFrame) -> None:
        raise ValueError("widget deleted")

    recorder.preview.attach(broken_screen)
    recorder.start()
    result = recorder.wait(30)
    assert result is not None and result.ended_cleanly
    assert result.stats.frames_encoded == 60 and recorder.preview.callback_errors == 60


def test_an_unexpected_camera_error_is_a_failure_in_words(vault: Vault) -> None:
    camera, _ = synthetic()

    class Broken(CameraThatFails):
        def read(self) -> CapturedFrame:
            if self._left <= 0:
                raise OSError("driver fell over")
            return super().read()

    result = record(vault, Broken(camera, frames=20), None)
    assert result.reason is StopReason.CAPTURE_FAILED and not result.ended_cleanly
    assert result.message and "unexpected problem with the camera" in result.message
    assert result.recording.status is RecordingStatus.COMPLETE
