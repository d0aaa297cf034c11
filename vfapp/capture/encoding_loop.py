"""The encoder thread: encode, commit each fragment, watch the disk and the camera, then close."""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vfapp.capture.encoder import FragmentedMp4Encoder
from vfapp.capture.frames import AudioBlock, AudioFormat, Image, VideoMode
from vfapp.capture.stats import RecordingResult, RecordingStats, StopReason
from vfapp.domain.errors import DiskFull, VaultWriteFailed, VfappError
from vfapp.domain.models import Recording
from vfapp.vault.markers import add_marker
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import get_recording

if TYPE_CHECKING:
    from vfapp.capture.pipeline import Recorder

HOUSEKEEPING_S = 1.0


@dataclass(frozen=True, slots=True)
class QueuedFrame:
    i420: Image
    t: float


class EncodingLoop:
    def __init__(
        self,
        recorder: Recorder,
        recording: Recording,
        writer: MediaWriter,
        mode: VideoMode,
        audio: AudioFormat | None,
        frames: queue.Queue[QueuedFrame | None],
        blocks: queue.Queue[AudioBlock],
    ) -> None:
        self.recorder = recorder
        self.recording = recording
        self._writer = writer
        self._mode = mode
        self._audio = audio
        self._frames = frames
        self._blocks = blocks
        self._encoder: FragmentedMp4Encoder | None = None
        self._t0: float | None = None
        self._last_t: float | None = None
        self._reason: StopReason | None = None
        self._message: str | None = None
        self._reason_lock = threading.Lock()
        self._marks = sorted(recorder.settings.scheduled_marks_s)
        self._free: int | None = None
        self._disk_warning = False

    def set_reason(self, reason: StopReason, message: str | None) -> None:
        """The first reason to stop wins: later ones are consequences of it."""
        with self._reason_lock:
            if self._reason is None:
                self._reason, self._message = reason, message

    def elapsed_s(self) -> float:
        """Where the picture on screen is on the recording's timeline."""
        latest = self.recorder.preview.latest()
        if self._t0 is None or latest is None:
            return 0.0
        return max(0.0, latest.t - self._t0)

    def run(self) -> None:
        try:
            self._encode_until_end()
            self._close()
        except (DiskFull, VaultWriteFailed) as error:
            self.set_reason(
                StopReason.VAULT_WRITE_FAILED,
                f"{error} The recording is kept up to its last saved second.",
            )
        except Exception:
            self.set_reason(
                StopReason.ENCODER_FAILED,
                "The recording could not be encoded any further; it is kept up to its last "
                "saved second.",
            )
            with contextlib.suppress(Exception):
                self._writer.finish()
        finally:
            self.recorder.finished(self._result())

    def _encode_until_end(self) -> None:
        last_frame_at = last_housekeeping = time.monotonic()
        settings = self.recorder.settings
        while True:
            try:
                item = self._frames.get(timeout=0.25)
            except queue.Empty:
                silent_for = time.monotonic() - last_frame_at
                if self.recorder.stopping and silent_for > settings.camera_silence_s:
                    return  # the camera thread is stuck in a read: do not wait for it
                if silent_for > settings.camera_silence_s and not self.recorder.stopping:
                    self.recorder.request_stop(
                        StopReason.CAMERA_LOST,
                        f"The camera sent no picture for {settings.camera_silence_s:.0f} "
                        "seconds. The recording was saved up to the last good picture; you "
                        "can start a new part when the camera is back.",
                    )
                continue
            if item is None:
                return
            last_frame_at = time.monotonic()
            self._encode_frame(item)
            if time.monotonic() - last_housekeeping >= HOUSEKEEPING_S:
                last_housekeeping = time.monotonic()
                self._housekeeping()

    def _encode_frame(self, item: QueuedFrame) -> None:
        if self._encoder is None:
            self._t0 = item.t
            self._encoder = FragmentedMp4Encoder(
                self._writer,  # type: ignore[arg-type]
                self._mode,
                self._audio,
                self.recorder.settings.encoder,
                t0=item.t,
                on_fragment=self._writer.commit_buffered,
            )
        self._encoder.add_video(item.i420, item.t)
        self._last_t = item.t
        self._drain_audio()
        elapsed = item.t - (self._t0 or item.t)
        while self._marks and elapsed >= self._marks[0]:
            add_marker(self.recorder.vault, self.recording.id, round(self._marks.pop(0) * 1000))

    def _drain_audio(self) -> None:
        assert self._encoder is not None
        while True:
            try:
                block = self._blocks.get_nowait()
            except queue.Empty:
                return
            self._encoder.add_audio(block)

    def _housekeeping(self) -> None:
        policy = self.recorder.settings.disk
        with contextlib.suppress(OSError):
            self._free = self.recorder.disk_probe.free_bytes()
        if self._free is None:
            return
        rate = self._bytes_per_second()
        self._disk_warning = policy.should_warn(self._free, rate)
        if policy.must_stop(self._free, rate) and not self.recorder.stopping:
            self.recorder.request_stop(
                StopReason.DISK_NEARLY_FULL,
                f"The disk is nearly full ({self._free / 2**20:.0f} MB left), so the recording "
                "was stopped and saved. Free some space before recording again.",
            )

    def _close(self) -> None:
        if self._encoder is not None:
            self._drain_audio()
            self._encoder.close()
        self.recording = self._writer.finish()
        self.set_reason(StopReason.REQUESTED, None)

    def _bytes_per_second(self) -> float:
        if self._t0 is None or self._last_t is None or self._last_t <= self._t0:
            return 0.0
        return self._writer.committed_bytes / (self._last_t - self._t0)

    def stats(self) -> RecordingStats:
        recorder = self.recorder
        free, rate = self._free, self._bytes_per_second()
        latest = recorder.preview.latest()
        lag = (latest.t - self._last_t) if latest and self._last_t is not None else 0.0
        return RecordingStats(
            elapsed_s=self.elapsed_s(),
            frames_captured=recorder.frames_captured,
            frames_encoded=self._encoder.frames if self._encoder else 0,
            frames_dropped=recorder.frames_dropped,
            audio_blocks_dropped=recorder.audio_blocks_dropped,
            encoder_lag_s=max(0.0, lag),
            bytes_committed=self._writer.committed_bytes,
            fragments_committed=self._encoder.fragments if self._encoder else 0,
            bytes_per_second=rate,
            free_bytes=free,
            minutes_left=recorder.settings.disk.minutes_left(free, rate) if free else None,
            disk_warning=self._disk_warning,
            audio=recorder.audio_state,
            audio_message=recorder.audio_message,
        )

    def _result(self) -> RecordingResult:
        with contextlib.suppress(VfappError):
            self.recording = get_recording(self.recorder.vault, self.recording.id)
        return RecordingResult(
            recording=self.recording,
            reason=self._reason or StopReason.REQUESTED,
            message=self._message,
            stats=self.stats(),
        )
