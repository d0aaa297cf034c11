"""The recording screen as a practitioner uses it: record with markers and stop, refused
without filming consent, a lost camera and a new part, the lock during a recording, and all
of it from the keyboard."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import PASSWORD
from tests.fakes.sources import CameraThatFails
from tests.ui.flows import WAIT_MS, type_into
from tests.ui.recorder_flows import (
    action_button,
    family_for_filming,
    key,
    open_recorder,
    start_recording,
    stop_recording,
    wait_recorded,
)
from vfapp.app.bootstrap import SYNTHETIC, open_sources
from vfapp.capture.frames import VideoMode
from vfapp.capture.sources import AudioSource, FrameSource
from vfapp.domain.models import Recording, RecordingStatus
from vfapp.settings import Settings
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.recorder.device_memory import DeviceMemory
from vfapp.ui.screens.recorder.device_picker import DevicePicker
from vfapp.ui.services import AppServices, CameraChoice, MicrophoneChoice
from vfapp.vault import casework
from vfapp.vault.audit_store import chain_rows
from vfapp.vault.markers import list_markers
from vfapp.vault.recordings import list_recordings


@pytest.fixture
def camera_fails_on_call() -> list[int]:
    """Which openings of the camera (1 = the first preview) get one that is unplugged after
    half a second."""
    return []


@pytest.fixture
def services(tmp_path: Path, camera_fails_on_call: list[int]) -> AppServices:
    calls = 0

    def sources(choice: CameraChoice, mode: VideoMode) -> tuple[FrameSource, AudioSource | None]:
        nonlocal calls
        calls += 1
        camera, microphone = open_sources(choice, mode)
        if calls in camera_fails_on_call:
            return CameraThatFails(camera, frames=15), microphone
        return camera, microphone

    return AppServices(
        settings=Settings(data_dir=tmp_path / "data"),
        vault_folder=tmp_path / "vault",
        cameras=lambda: [SYNTHETIC],
        open_sources=sources,
    )


def films(window: MainWindow, family_id: UUID) -> list[Recording]:
    vault = window.actor().vault
    return [r for v in casework.list_visits(vault, family_id) for r in list_recordings(vault, v.id)]


def test_a_recording_with_markers_is_in_the_vault_with_its_markers(
    qtbot: QtBot, window: MainWindow
) -> None:
    family_id = family_for_filming(qtbot, window)
    screen = open_recorder(qtbot, window, family_id)
    assert screen.record_button.text() == "Record"
    assert screen.preview.has_picture
    start_recording(qtbot, screen, seconds=1.5)
    assert window.session.recording_active
    assert not screen.back.isEnabled() and not screen.devices.isEnabled()
    key(qtbot, screen, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(screen.markers.markers) == 1, timeout=WAIT_MS)
    for number in range(1, 7):
        key(qtbot, screen, getattr(Qt.Key, f"Key_{number}"))
    wait_recorded(qtbot, screen, 2.5)
    key(qtbot, screen, Qt.Key.Key_Space, shift=True)
    qtbot.waitUntil(lambda: len(screen.markers.markers) == 8, timeout=WAIT_MS)
    assert screen.markers.list.count() == 8
    assert "Being attentive" in screen.markers.list.item(1).text()
    stop_recording(qtbot, screen)
    assert not window.session.recording_active
    assert screen.record_button.text() == "Record"

    (film,) = films(window, family_id)
    assert film.status is RecordingStatus.COMPLETE and film.byte_size > 0
    marks = list_markers(window.actor().vault, film.id)
    assert [m.code for m in marks] == [None, *(f"VIG-{n}" for n in range(1, 7)), None]
    assert [m.lookback_ms for m in marks[:7]] == [0] * 7
    assert marks[7].lookback_ms == 10_000 or marks[7].lookback_ms == marks[7].at_ms
    assert marks[0].at_ms >= 1000 and marks[7].at_ms >= 2500
    vault = window.actor().vault
    audited = {e.record_id for e in chain_rows(vault.db, vault.device_id)}
    assert {m.id for m in marks} <= audited  # each marker is in the audit trail
    # The preview is back, ready for another part.
    qtbot.waitUntil(lambda: screen.preview.has_picture, timeout=WAIT_MS)


def test_recording_without_filming_consent_is_refused_and_offers_the_form(
    qtbot: QtBot, window: MainWindow
) -> None:
    family_id = family_for_filming(qtbot, window, consent=False)
    screen = open_recorder(qtbot, window, family_id)
    qtbot.mouseClick(screen.record_button, Qt.MouseButton.LeftButton)
    banner = screen.warnings.consent
    qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    assert "Cannot film for family PIP-7" in banner.text
    assert "consent" in banner.text and "Recording has not started" in banner.text
    assert not screen.run.recording_now and not window.session.recording_active
    assert films(window, family_id) == []
    # The banner sits above the picture, never over it.
    assert (
        banner.geometry().bottom()
        < screen.preview.mapTo(screen.warnings, screen.preview.rect().topLeft()).y() + 1
    )
    button = action_button(banner)
    assert button.text() == "Open the consent form"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.consent


def test_a_lost_camera_ends_the_part_and_a_new_part_can_follow(
    qtbot: QtBot, window: MainWindow, camera_fails_on_call: list[int]
) -> None:
    family_id = family_for_filming(qtbot, window)
    screen = open_recorder(qtbot, window, family_id)
    camera_fails_on_call.append(2)  # the first recording's camera (the preview's was 1)
    start_recording(qtbot, screen, seconds=0.2)
    banner = screen.warnings.camera
    qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    assert not screen.run.recording_now and not window.session.recording_active
    assert "unplugged" in banner.text or "camera" in banner.text.lower()
    button = action_button(banner)
    assert button.text() == "Continue as a new part"
    qtbot.waitUntil(lambda: screen.preview.has_picture, timeout=WAIT_MS)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.run.recording_now, timeout=WAIT_MS)
    assert banner.isHidden()
    wait_recorded(qtbot, screen, 1.0)
    stop_recording(qtbot, screen)
    first, second = sorted(films(window, family_id), key=lambda r: r.started_at)
    assert first.visit_id == second.visit_id
    assert first.byte_size > 0 and second.byte_size > 0


def test_the_lock_hides_the_picture_and_the_recording_goes_on(
    qtbot: QtBot, window: MainWindow
) -> None:
    family_id = family_for_filming(qtbot, window)
    screen = open_recorder(qtbot, window, family_id)
    start_recording(qtbot, screen, seconds=0.5)
    with qtbot.waitSignal(window.session.screen_locked, timeout=WAIT_MS):
        qtbot.keyClick(screen.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen is window.lock_screen
    assert screen.preview.picture_hidden and not screen.preview.has_picture
    shown = screen.preview.frames_shown
    wait_recorded(qtbot, screen, 2.0)
    assert screen.run.recording_now
    assert screen.preview.frames_shown == shown  # nothing drawn behind the lock
    type_into(qtbot, window.lock_screen.password, PASSWORD)
    with qtbot.waitSignal(window.session.resumed, timeout=WAIT_MS):
        qtbot.mouseClick(window.lock_screen.button, Qt.MouseButton.LeftButton)
    assert window.current_screen is screen
    qtbot.waitUntil(lambda: screen.preview.has_picture, timeout=WAIT_MS)
    assert screen.run.recording_now
    stop_recording(qtbot, screen)
    (film,) = films(window, family_id)
    assert film.status is RecordingStatus.COMPLETE


def test_everything_from_the_keyboard_including_a_note(qtbot: QtBot, window: MainWindow) -> None:
    family_id = family_for_filming(qtbot, window)
    screen = open_recorder(qtbot, window, family_id)
    assert screen.focusWidget() is screen.record_button
    start_recording(qtbot, screen, seconds=0.5)
    key(qtbot, screen, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: len(screen.markers.markers) == 1, timeout=WAIT_MS)
    assert screen.run.recording_now  # the key did not press the focused Stop button
    key(qtbot, screen, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(screen.markers.markers) == 2, timeout=WAIT_MS)
    assert screen.run.recording_now  # Space marks; it does not press the focused button
    stop_recording(qtbot, screen)
    qtbot.keyClick(screen.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert screen.focusWidget() is screen.markers.list
    qtbot.keyClick(screen.markers.list, Qt.Key.Key_Up)
    qtbot.keyClick(screen.markers.list, Qt.Key.Key_Tab)
    assert screen.focusWidget() is screen.markers.note
    qtbot.keyClicks(screen.markers.note, "shared smile 1 2")
    with qtbot.waitSignal(window.background.settled, timeout=WAIT_MS):
        qtbot.keyClick(screen.markers.note, Qt.Key.Key_Return)
    (film,) = films(window, family_id)
    first, second = list_markers(window.actor().vault, film.id)
    assert (first.code, first.note, second.note) == ("VIG-3", "shared smile 1 2", None)
    # The list is redrawn from the saved marker just after the worker settles.
    qtbot.waitUntil(lambda: "shared smile" in screen.markers.list.item(0).text(), timeout=WAIT_MS)


def test_the_devices_chosen_are_remembered_for_this_laptop_without_family_data(
    qtbot: QtBot, window: MainWindow, services: AppServices
) -> None:
    family_id = family_for_filming(qtbot, window)
    screen = open_recorder(qtbot, window, family_id)
    picker = screen.devices
    picker.picture_size.setCurrentIndex(picker.picture_size.findText("640 x 360"))
    picker.microphone.setCurrentIndex(1)
    with qtbot.waitSignal(picker.changed):
        picker.microphone.activated.emit(1)
    qtbot.waitUntil(lambda: screen.preview.has_picture, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: screen.preview._image is not None and screen.preview._image.width() == 640
    )
    saved = (services.settings.data_dir / "recorder-devices.json").read_text()
    assert "PIP-7" not in saved and "Rose" not in saved
    again = DevicePicker(DeviceMemory(services.settings.data_dir))
    again.set_cameras([SYNTHETIC])
    camera, mode, with_sound = again.selection()
    assert (camera.key, mode.width, mode.height, with_sound) == ("synthetic", 640, 360, False)
    qtbot.waitUntil(lambda: screen.meter.accessibleDescription() == "No microphone")


def test_a_particular_microphone_can_be_chosen_and_is_remembered(
    qtbot: QtBot, services: AppServices
) -> None:
    webcam = CameraChoice(
        key="camera:0", label="Laptop webcam", synthetic=False, modes=((640, 480),)
    )
    usb = MicrophoneChoice(key="input:7", label="USB conference microphone")
    picker = DevicePicker(DeviceMemory(services.settings.data_dir))
    qtbot.addWidget(picker)
    picker.set_cameras([webcam], [usb])
    words = [picker.microphone.itemText(i) for i in range(picker.microphone.count())]
    assert words == [
        "This laptop's microphone",
        "USB conference microphone",
        "None: record the picture only",
    ]
    assert picker.microphone_key() is None  # the default one until someone chooses
    picker.microphone.setCurrentIndex(1)
    with qtbot.waitSignal(picker.changed):
        picker.microphone.activated.emit(1)
    assert picker.microphone_key() == "input:7" and picker.selection()[2]
    again = DevicePicker(DeviceMemory(services.settings.data_dir))
    qtbot.addWidget(again)
    again.set_cameras([webcam], [usb])
    assert again.microphone_key() == "input:7"
    again.set_cameras([webcam], [])  # unplugged since: back to the default, with sound
    assert again.microphone_key() is None and again.selection()[2]
