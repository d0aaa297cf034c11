"""The encoder thread: encode, commit each fragment, watch the disk and the camera, then close."""

from __future__ import annotations

import contextlib
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass

from vfapp.capture.control import LiveCounters, StopSignal
from vfapp.capture.disk import DiskSpaceProbe
from vfapp.capture.encoder import FragmentedMp4Encoder
from vfapp.capture.frames import AudioBlock, AudioFormat, Image, VideoMode
from vfapp.capture.preview import PreviewTap
from vfapp.capture.recorder_settings import RecorderSettings
from vfapp.capture.stats import RecordingResult, RecordingStats, StopReason
from vfapp.domain.errors import DiskFull, VaultWriteFailed, VfappError
from vfapp.domain.models import Recording
from vfapp.vault.markers import add_marker
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import delete_recording, get_recording
from vfapp.vault.session import Vault

HOUSEKEEPING_S = 1.0


@dataclass(frozen=True, slots=True)
class QueuedFrame:
    i420: Image
    t: float


@dataclass(kw_only=True)
class EncodingLoop:
    vault: Vault
    recording: Recording
    writer: MediaWriter
    mode: VideoMode
    audio: AudioFormat | None
    frames: queue.Queue[QueuedFrame | None]
    blocks: queue.Queue[AudioBlock]
    settings: RecorderSettings
    preview: PreviewTap
    disk_probe: DiskSpaceProbe
    counters: LiveCounters
    stop: StopSignal
    on_done: Callable[[RecordingResult], None]

    def __post_init__(self) -> None:
        self._encoder: FragmentedMp4Encoder | None = None
        self._t0: float | None = None
        self._last_t: float | None = None
        self._marks = list(self.settings.scheduled_marks_s)
        self._free: int | None = None
        self._disk_warning = False

    def elapsed_s(self) -> float:
        """Seconds after the first picture, for the picture on screen now."""
        latest = self.preview.latest()
        if self._t0 is None or latest is None:
            return 0.0
        return max(0.0, latest.t - self._t0)

    def run(self) -> None:
        try:
            self._encode_until_end()
            self._close()
        except (DiskFull, VaultWriteFailed) as error:
            self.stop.request(
                StopReason.VAULT_WRITE_FAILED,
                f"{error} The recording is kept up to its last saved second.",
            )
        except Exception:
            self.stop.request(
                StopReason.ENCODER_FAILED,
                "The recording could not be encoded any further; it is kept up to its last "
                "saved second.",
            )
            with contextlib.suppress(Exception):
                self.writer.discard_unsaved()  # a half-written fragment must not end the film
                self.writer.finish()
        finally:
            self.stop.request(StopReason.REQUESTED)  # no-op if a reason is already set
            self.on_done(self._result())

    def _encode_until_end(self) -> None:
        last_frame_at = last_housekeeping = time.monotonic()
        silence_limit = self.settings.camera_silence_s
        while True:
            try:
                item = self.frames.get(timeout=0.25)
            except queue.Empty:
                silent_for = time.monotonic() - last_frame_at
                if silent_for > silence_limit:
                    if self.stop.is_set:
                        return  # the camera thread is stuck in a read: do not wait for it
                    self.stop.request(
                        StopReason.CAMERA_LOST,
                        f"The camera sent no picture for {silence_limit:.0f} seconds. The "
                        "recording was saved up to the last good picture; you can start a "
                        "new part when the camera is back.",
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
                self.writer,
                self.mode,
                self.audio,
                self.settings.encoder,
                t0=item.t,
                on_fragment=self.writer.commit_buffered,
            )
        self._encoder.add_video(item.i420, item.t)
        self._last_t = item.t
        self._drain_audio()
        assert self._t0 is not None
        elapsed = item.t - self._t0
        while self._marks and elapsed >= self._marks[0]:
            add_marker(self.vault, self.recording.id, round(self._marks.pop(0) * 1000))

    def _drain_audio(self) -> None:
        assert self._encoder is not None
        while True:
            try:
                block = self.blocks.get_nowait()
            except queue.Empty:
                return
            self._encoder.add_audio(block)

    def _housekeeping(self) -> None:
        policy = self.settings.disk
        with contextlib.suppress(OSError):
            self._free = self.disk_probe.free_bytes()
        if self._free is None:
            return
        rate = self._bytes_per_second()
        self._disk_warning = policy.should_warn(self._free, rate)
        if policy.must_stop(self._free, rate) and not self.stop.is_set:
            self.stop.request(
                StopReason.DISK_NEARLY_FULL,
                f"The disk is nearly full ({self._free / 2**20:.0f} MB left), so the recording "
                "was stopped and saved. Free some space before recording again.",
            )

    def _close(self) -> None:
        if self._encoder is None:
            # Not one picture arrived: keep no empty film, and say so.
            delete_recording(self.vault, self.recording.id)
            self.recording = self.recording.model_copy(update={"deleted": True})
            self.stop.request(StopReason.REQUESTED)
            self.stop.explain_first("Nothing was recorded: the camera sent no picture.")
            return
        self._drain_audio()
        self._encoder.close()
        self.recording = self.writer.finish()

    def _bytes_per_second(self) -> float:
        if self._t0 is None or self._last_t is None or self._last_t <= self._t0:
            return 0.0
        return self.writer.committed_bytes / (self._last_t - self._t0)

    def stats(self) -> RecordingStats:
        counters, free, rate = self.counters, self._free, self._bytes_per_second()
        latest = self.preview.latest()
        lag = (latest.t - self._last_t) if latest and self._last_t is not None else 0.0
        return RecordingStats(
            elapsed_s=self.elapsed_s(),
            frames_captured=counters.frames_captured,
            frames_encoded=self._encoder.frames if self._encoder else 0,
            frames_dropped=counters.frames_dropped,
            audio_blocks_dropped=counters.audio_blocks_dropped,
            encoder_lag_s=max(0.0, lag),
            bytes_committed=self.writer.committed_bytes,
            fragments_committed=self._encoder.fragments if self._encoder else 0,
            bytes_per_second=rate,
            free_bytes=free,
            minutes_left=self.settings.disk.minutes_left(free, rate) if free is not None else None,
            disk_warning=self._disk_warning,
            audio=counters.audio_state,
            audio_message=counters.audio_message,
        )

    def _result(self) -> RecordingResult:
        if not self.recording.deleted:
            with contextlib.suppress(VfappError):
                self.recording = get_recording(self.vault, self.recording.id)
        return RecordingResult(
            recording=self.recording,
            reason=self.stop.reason or StopReason.REQUESTED,
            message=self.stop.message,
            stats=self.stats(),
        )
