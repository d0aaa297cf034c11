"""The recording screen: the live picture, one big Record/Stop button (Ctrl+R), the time,
the sound level, the space left, the device pickers, and markers dropped by key.

Keys while recording: Space drops a marker, 1-6 one coded with a VIG principle, Shift+Space
marks the last 10 seconds (see marker_codes.py). Nothing here waits on the camera, the
encoder or the vault: that happens in RecordingRun's threads and the background worker.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from uuid import UUID

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vfapp.capture.disk import FolderDiskProbe
from vfapp.capture.disk_estimate import estimated_minutes_left
from vfapp.capture.stats import RecordingResult
from vfapp.domain.models import Marker, Recording
from vfapp.governance.library_view import FamilyRow, family_row
from vfapp.ui.screens.recorder.device_memory import DeviceMemory
from vfapp.ui.screens.recorder.device_picker import DevicePicker
from vfapp.ui.screens.recorder.level_meter import LevelMeterWidget
from vfapp.ui.screens.recorder.marker_codes import LOOKBACK_S, code_for_key, vig_principles
from vfapp.ui.screens.recorder.marker_list import MarkerListWidget
from vfapp.ui.screens.recorder.panel import RecorderPanel, duration_words, elapsed_words
from vfapp.ui.screens.recorder.preview_view import FrameRelay, PreviewView
from vfapp.ui.screens.recorder.recording_run import Devices, RecordingRun
from vfapp.ui.screens.recorder.warnings import RecorderWarnings
from vfapp.ui.services import CameraChoice, MicrophoneChoice
from vfapp.ui.shell import Shell
from vfapp.ui.widgets.forms import title

POLL_MS = 200
RATE_SETTLES_S = 15.0


@dataclass(frozen=True)
class _Loaded:
    family: FamilyRow
    cameras: list[CameraChoice]
    microphones: list[MicrophoneChoice]


class RecorderScreen(QWidget):
    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        self._family: FamilyRow | None = None
        self._family_id: UUID | None = None
        self.relay = FrameRelay(self)
        self.run = RecordingRun(shell, self.relay, self)
        self.preview = PreviewView(self.relay)
        self.warnings = RecorderWarnings()
        self.heading = title(self.tr("Recording"))
        self.back = QPushButton(self.tr("&Back to the library"))
        self.back.clicked.connect(self._back)
        self.devices = DevicePicker(DeviceMemory(shell.services.settings.data_dir))
        self.devices.changed.connect(self._restart_preview)
        self.meter = LevelMeterWidget()
        self.markers = MarkerListWidget(shell)
        self.panel = RecorderPanel(self.devices, self.meter, self.markers)
        self.record_button = self.panel.record_button
        self.record_button.clicked.connect(self.toggle_recording)
        keys = QLabel(self._key_words())
        keys.setWordWrap(True)
        keys.setObjectName("keys")
        keys.setStyleSheet("QLabel#keys { color: palette(placeholder-text); }")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.back, 0, Qt.AlignmentFlag.AlignTop)
        left = QVBoxLayout()
        left.addWidget(self.warnings)
        left.addWidget(self.preview, 1)
        left.addWidget(keys)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.panel)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self._marker_keys: list[QShortcut] = []
        self._shortcuts()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._refresh)
        self.run.started.connect(self._started)
        self.run.refused.connect(self._refused)
        self.run.failed.connect(self._failed)
        self.run.ended.connect(self._ended)
        self.run.marked.connect(self._marked)
        self.run.preview_failed.connect(self.preview.show_words)
        self._show_state()

    # -- entry points (the window calls these) ---------------------------------------------
    def enter(self, family_id: UUID) -> None:
        """Open the camera preview for filming this family."""
        self._family_id = family_id
        self._family = None  # Record does nothing until this family is loaded
        self.heading.setText(self.tr("Recording"))
        self.panel.elapsed.setText(elapsed_words(0))
        self.warnings.clear()
        self.markers.clear()
        self.preview.show_words(self.tr("Starting the camera..."))
        shell = self._shell

        def job() -> _Loaded:
            return _Loaded(
                family_row(shell.actor(), family_id),
                shell.services.cameras(),
                shell.services.microphones(),
            )

        shell.background.run(job, self._entered, self._failed)
        self._poll.start()
        self.record_button.setFocus()

    def leave(self) -> None:
        """Stop the preview (and any recording, keeping what was filmed)."""
        self._poll.stop()
        was_recording = self.run.recording_now
        self.run.shut_down()
        if was_recording:
            self._shell.set_recording(False)
        self._show_state()

    def hide_preview(self, hidden: bool) -> None:
        """Behind the lock screen the recording goes on but its picture is hidden."""
        self.preview.set_hidden(hidden)

    # -- record, stop, mark ----------------------------------------------------------------
    def toggle_recording(self) -> None:
        if self.run.starting_or_stopping:
            return
        if self.run.recording_now:
            self.run.stop()
        else:
            self._start()
        self._show_state()

    def _start(self) -> None:
        if self._family is None or not self.devices.ready:
            return
        self.warnings.consent.hide()
        self.warnings.camera.hide()
        today = self._shell.services.clock().astimezone().date()
        # From the press on, a lock only covers the screen: the recording must not lose its
        # vault while it starts. Cleared again if it is refused or fails.
        self._shell.set_recording(True)
        self.run.start(self._family.id, self._family.case_code, today, self._chosen_devices())

    def mark(self, code: str | None = None, lookback_s: float = 0) -> None:
        self.run.mark(code, lookback_s)

    def _started(self, recording: Recording) -> None:
        self._shell.set_recording(True)
        self._show_state()

    def _refused(self, message: str) -> None:
        self._shell.set_recording(self.run.recording_now)
        family_id = self._family_id
        assert family_id is not None
        self.warnings.no_consent(message, lambda: self._open_consent(family_id))
        self._show_state()

    def _failed(self, message: str) -> None:
        self._shell.set_recording(self.run.recording_now)
        self.warnings.camera_problem(message)
        self._show_state()

    def _ended(self, result: RecordingResult) -> None:
        self._shell.set_recording(False)
        if result.can_continue_as_new_part:
            self.warnings.camera_problem(
                result.message or self.tr("The camera was lost."),
                continue_part=self.toggle_recording,
            )
        elif result.message:  # disk full, a fault, or "Nothing was recorded: ..."
            self.warnings.camera_problem(result.message)
        self.panel.elapsed.setText(
            self.tr("Saved: {t}").format(t=elapsed_words(result.stats.elapsed_s))
        )
        self._show_state()

    def _marked(self, marker: Marker) -> None:
        self.markers.add(marker)

    # -- the screen, kept true ---------------------------------------------------------------
    def _entered(self, loaded: _Loaded) -> None:
        family = loaded.family
        if family.id != self._family_id:
            return  # the answer for a family the user has already left: never film under it
        self._family = family
        name = f" ({family.display_name})" if family.display_name else ""
        words = self.tr("Filming {code}{name}")
        self.heading.setText(words.format(code=family.case_code, name=name))
        self.devices.set_cameras(loaded.cameras, loaded.microphones)
        self._restart_preview()
        self._show_state()

    def _restart_preview(self) -> None:
        if self.devices.ready and not self.run.recording_now:
            self.preview.show_words(self.tr("Starting the camera..."))
            self.run.preview(self._chosen_devices())

    def _chosen_devices(self) -> Devices:
        camera, mode, with_sound = self.devices.selection()
        return Devices(
            camera=camera,
            mode=mode,
            with_sound=with_sound,
            microphone=self.devices.microphone_key(),
        )

    def _refresh(self) -> None:
        """A few times a second: time, sound, space, and whether the recording ended itself."""
        run = self.run
        if run.recording_now and not run.starting_or_stopping and run.has_ended():
            run.stop()  # collect how it ended (camera lost, disk full) and save the last part
        stats = run.stats() if not run.starting_or_stopping else None
        devices = run.devices
        with_sound = devices is not None and devices.with_sound
        self.meter.set_level(run.meter.level() if with_sound else None)
        silent = run.meter.silent_for() if with_sound else None
        self.warnings.update_sound(stats, silent)
        self.warnings.update_disk(stats)
        left: float | None = None
        if stats is not None:
            self.panel.elapsed.setText(elapsed_words(stats.elapsed_s))
            self.panel.dropped(stats.frames_dropped)
            # The first seconds' bitrate says little: estimate until there is a real one.
            left = stats.minutes_left if stats.elapsed_s >= RATE_SETTLES_S else None
        if left is None:
            left = self._minutes_left_before_recording()
        self.panel.space.setText(duration_words(left))

    def _minutes_left_before_recording(self) -> float | None:
        if self.run.devices is None:
            return None
        with contextlib.suppress(OSError):
            free = FolderDiskProbe(self._shell.services.vault_folder).free_bytes()
            return estimated_minutes_left(free, self.run.devices.mode)
        return None

    def _show_state(self) -> None:
        recording = self.run.recording_now
        busy = self.run.starting_or_stopping
        self.panel.show_state(recording=recording, busy=busy)
        self.devices.setEnabled(not recording and not busy)
        self.back.setEnabled(not recording and not busy)
        for shortcut in self._marker_keys:
            shortcut.setEnabled(recording and not busy)

    def _shortcuts(self) -> None:
        def key(sequence: str, action: object) -> QShortcut:
            shortcut = QShortcut(QKeySequence(sequence), self)
            # The window's: focus may be anywhere on this screen (or nowhere) while filming;
            # hidden screens' shortcuts never fire.
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)
            return shortcut

        key("Ctrl+R", self.toggle_recording)
        self._marker_keys.append(key("Space", lambda: self.mark()))
        self._marker_keys.append(key("Shift+Space", lambda: self.mark(lookback_s=LOOKBACK_S)))
        for number in vig_principles():
            code = code_for_key(number)
            self._marker_keys.append(key(str(number), lambda c=code: self.mark(c)))

    def _key_words(self) -> str:
        # No line break inside "3 Receiving initiatives".
        nbsp = "\u00a0"
        principles = "   ".join(
            nbsp.join((str(n), *name.split())) for n, name in vig_principles().items()
        )
        return self.tr(
            "While recording: Space marks a moment, Shift+Space the last 10 seconds, and keys "
            "1 to 6 a VIG principle: {principles}. Ctrl+R starts and stops."
        ).format(principles=principles)

    def _open_consent(self, family_id: UUID) -> None:
        self.leave()
        self._shell.go_consent(family_id)

    def _back(self) -> None:
        self.leave()
        self._shell.go_library(self._family_id)
