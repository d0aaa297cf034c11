"""The camera's life on the recording screen, off the GUI thread: the preview before and
between recordings, then a Recorder (checked against the family's filming consent, and
audited) that is started, marked and stopped through the one background worker. Signals
bring each outcome back to the GUI thread."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from PySide6.QtCore import QObject, Signal

from vfapp.capture.frames import VideoMode
from vfapp.capture.level_meter import LevelMeter, MeteredMicrophone
from vfapp.capture.pipeline import Recorder
from vfapp.capture.preview import PreviewTap
from vfapp.capture.preview_pump import PreviewPump
from vfapp.capture.sources import AudioSource, FrameSource
from vfapp.capture.stats import RecordingResult, RecordingStats
from vfapp.domain.errors import ConsentMissing
from vfapp.domain.models import Marker, Recording
from vfapp.governance import marker_ops
from vfapp.governance.gates import start_filming
from vfapp.governance.policy import Action
from vfapp.ui.screens.recorder.preview_view import FrameRelay
from vfapp.ui.services import CameraChoice
from vfapp.ui.shell import Shell


@dataclass(frozen=True)
class Devices:
    camera: CameraChoice
    mode: VideoMode
    with_sound: bool
    microphone: str | None = None  # a specific microphone's key; None: the default one


@dataclass(frozen=True)
class _Refused:
    message: str


@dataclass(frozen=True)
class _Started:
    recorder: Recorder
    recording: Recording


class RecordingRun(QObject):
    started = Signal(object)  # Recording
    refused = Signal(str)  # no filming consent: the ConsentMissing sentence
    failed = Signal(str)  # the recording could not start, in words
    ended = Signal(object)  # RecordingResult, after the last part is saved
    marked = Signal(object)  # Marker
    preview_failed = Signal(str)  # crosses from the pump's thread

    def __init__(self, shell: Shell, relay: FrameRelay, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shell = shell
        self._relay = relay
        self.meter = LevelMeter()
        self._tap = PreviewTap()
        self._tap.attach(relay.offer)
        self._pump = PreviewPump(self._tap, self.meter)
        self.recorder: Recorder | None = None
        self.recording: Recording | None = None
        self.devices: Devices | None = None
        self._stopping = False
        self._cancelled = threading.Event()

    @property
    def recording_now(self) -> bool:
        return self.recorder is not None

    @property
    def starting_or_stopping(self) -> bool:
        return self._stopping

    # -- preview ---------------------------------------------------------------------------
    def preview(self, devices: Devices) -> None:
        self.devices = devices
        self._pump.stop()
        self._pump.start(lambda: self._open(devices, metered=False), self.preview_failed.emit)

    def stop_preview(self) -> None:
        self._pump.stop()

    def _open(self, devices: Devices, *, metered: bool) -> tuple[FrameSource, AudioSource | None]:
        services = self._shell.services
        camera, microphone = services.open_sources(devices.camera, devices.mode)
        if devices.with_sound and devices.microphone and not devices.camera.synthetic:
            microphone = services.open_microphone(devices.microphone) or microphone
        if not devices.with_sound or microphone is None:
            return camera, None
        return camera, MeteredMicrophone(microphone, self.meter) if metered else microphone

    # -- recording -------------------------------------------------------------------------
    def start(self, family_id: UUID, case_code: str, on: date, devices: Devices) -> None:
        """Check filming consent, hand the camera from the preview to a new Recorder, start."""
        if self.recorder is not None or self._stopping:
            return
        self._stopping = True  # busy until the answer comes back
        self._cancelled.clear()
        self.devices = devices
        shell = self._shell

        def job() -> _Started | _Refused:
            actor = shell.actor()
            try:
                place = start_filming(actor, Action.RECORD, case_code, on)
            except ConsentMissing as missing:
                return _Refused(str(missing))
            self._pump.stop()
            self._pump.wait()
            camera, microphone = self._open(devices, metered=True)
            recorder = Recorder(actor.vault, place.visit_id, camera, microphone)
            recorder.preview.attach(self._relay.offer)
            recording = recorder.start()
            actor.audit(
                Action.RECORD,
                record_kind="recording",
                record_id=recording.id,
                family_id=family_id,
                detail="film started",
            )
            if self._cancelled.is_set():  # the screen was left while this was starting
                recorder.stop()
            return _Started(recorder, recording)

        shell.background.run(job, self._started, self._not_started)

    def _started(self, outcome: _Started | _Refused) -> None:
        self._stopping = False
        if isinstance(outcome, _Refused):
            self.refused.emit(outcome.message)
            return
        if self._cancelled.is_set():
            # The screen was left after the job's own check: stop it here, keeping the film.
            recorder = outcome.recorder
            if recorder.wait(0) is None:
                self._shell.background.run(recorder.stop)
            return
        self.recorder, self.recording = outcome.recorder, outcome.recording
        self.started.emit(outcome.recording)

    def _not_started(self, message: str) -> None:
        self._stopping = False
        self.failed.emit(message)
        if self.devices is not None and not self._cancelled.is_set():
            self.preview(self.devices)

    def stats(self) -> RecordingStats | None:
        return self.recorder.stats() if self.recorder is not None else None

    def has_ended(self) -> bool:
        """The recording ended by itself (camera lost, disk full): call stop() to collect it."""
        return self.recorder is not None and self.recorder.wait(0) is not None

    def mark(self, code: str | None = None, lookback_s: float = 0) -> None:
        """A marker at the picture on screen now (the time is taken at the key press)."""
        if self.recorder is None or self.recording is None or self._stopping:
            return
        at_ms = round(self.recorder.stats().elapsed_s * 1000)
        actor, recording_id = self._shell.actor(), self.recording.id
        lookback_ms = round(lookback_s * 1000)

        def job() -> Marker:
            return marker_ops.add(actor, recording_id, at_ms, lookback_ms=lookback_ms, code=code)

        self._shell.background.run(job, self.marked.emit)

    def stop(self) -> None:
        """Stop and save (off the GUI thread), then bring the preview back."""
        recorder = self.recorder
        if recorder is None or self._stopping:
            return
        self._stopping = True
        self._shell.background.run(recorder.stop, self._stopped, self._stop_failed)

    def _stopped(self, result: RecordingResult) -> None:
        self.recorder, self.recording, self._stopping = None, None, False
        self.ended.emit(result)
        if self.devices is not None:
            self.preview(self.devices)

    def _stop_failed(self, message: str) -> None:
        self.recorder, self.recording, self._stopping = None, None, False
        self.failed.emit(message)

    def shut_down(self) -> RecordingResult | None:
        """Leaving the screen: stop everything now (waiting for the last part to be saved:
        the vault may be locked straight after)."""
        self._cancelled.set()
        self._pump.stop()
        recorder, self.recorder, self.recording = self.recorder, None, None
        self._stopping = False
        return recorder.stop() if recorder is not None else None
