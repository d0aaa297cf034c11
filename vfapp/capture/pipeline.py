"""The recorder: camera and microphone threads feed one encoder thread that seals into the vault.

camera thread --frames--> bounded queue --\\
                                           encoder thread -> fMP4 -> MediaWriter -> vault.db
microphone thread --blocks--> queue -------/

Frames that cannot be queued in time are dropped and counted, never silently; the encoder
commits each ~1 s fragment as it closes, so a crash loses at most the last ~2 s.
"""

from __future__ import annotations

import contextlib
import math
import queue
import threading
from typing import cast
from uuid import UUID

import cv2
from pydantic import BaseModel, ConfigDict

from vfapp.capture.disk import DiskPolicy, DiskSpaceProbe, FolderDiskProbe
from vfapp.capture.encoder import EncoderSettings
from vfapp.capture.encoding_loop import EncodingLoop, QueuedFrame
from vfapp.capture.frames import AudioBlock, AudioFormat, Image
from vfapp.capture.preview import PreviewTap
from vfapp.capture.sources import AudioSource, FrameSource
from vfapp.capture.stats import AudioState, RecordingResult, RecordingStats, StopReason
from vfapp.domain.errors import (
    CameraLost,
    MicrophoneLost,
    MicrophoneUnavailable,
    SourceEnded,
    VfappError,
)
from vfapp.domain.models import Marker, Recording
from vfapp.vault.markers import add_marker
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import begin_recording
from vfapp.vault.session import Vault


class RecorderSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    encoder: EncoderSettings = EncoderSettings()
    disk: DiskPolicy = DiskPolicy()
    video_queue_s: float = 1.5  # I420 720p frames are 1.4 MB each: ~60 MB at most
    audio_queue_blocks: int = 1000
    camera_silence_s: float = 3.0  # no picture for this long while live: the camera is lost
    max_seconds: float | None = None
    scheduled_marks_s: tuple[float, ...] = ()


class Recorder:
    """Records one camera (and a microphone if there is one) into a new vault recording."""

    def __init__(
        self,
        vault: Vault,
        visit_id: UUID,
        camera: FrameSource,
        microphone: AudioSource | None = None,
        *,
        settings: RecorderSettings | None = None,
        disk_probe: DiskSpaceProbe | None = None,
    ) -> None:
        self.vault = vault
        self._visit_id = visit_id
        self._camera = camera
        self._microphone = microphone
        self.settings = settings or RecorderSettings()
        self.disk_probe = disk_probe or FolderDiskProbe(vault.folder)
        self.preview = PreviewTap()
        self._stop = threading.Event()
        self._done = threading.Event()
        self._loop: EncodingLoop | None = None
        self._threads: list[threading.Thread] = []
        self.audio_state = AudioState.NONE
        self.audio_message: str | None = None
        self.frames_captured = 0
        self.frames_dropped = 0
        self.audio_blocks_dropped = 0
        self._result: RecordingResult | None = None
        self._mode_fps = 30.0

    def start(self) -> Recording:
        """Open the sources, create the recording, and start the threads."""
        mode = self._camera.open()  # CameraUnavailable: nothing has been created yet
        self._mode_fps = mode.fps
        audio = self._open_microphone()
        recording = begin_recording(self.vault, self._visit_id).value
        writer = MediaWriter(self.vault, recording)
        video_queue: queue.Queue[QueuedFrame | None] = queue.Queue(
            maxsize=max(2, math.ceil(mode.fps * self.settings.video_queue_s))
        )
        audio_queue: queue.Queue[AudioBlock] = queue.Queue(maxsize=self.settings.audio_queue_blocks)
        self._loop = EncodingLoop(self, recording, writer, mode, audio, video_queue, audio_queue)
        self._threads = [
            threading.Thread(target=self._camera_thread, args=(video_queue,), name="camera"),
            threading.Thread(target=self._loop.run, name="encoder"),
        ]
        if audio is not None and self._microphone is not None:
            mic = threading.Thread(target=self._microphone_thread, args=(audio_queue,), name="mic")
            self._threads.append(mic)
        for thread in self._threads:
            thread.daemon = True
            thread.start()
        return recording

    def _open_microphone(self) -> AudioFormat | None:
        if self._microphone is None:
            self.audio_message = "No microphone was chosen: recording picture only."
            return None
        try:
            audio = self._microphone.open()
        except MicrophoneUnavailable as error:
            self.audio_message = str(error)
            return None
        self.audio_state = AudioState.RECORDING
        return audio

    def mark(
        self, code: str | None = None, note: str | None = None, lookback_s: float = 0
    ) -> Marker:
        """Mark the moment on screen now (optionally the `lookback_s` seconds before it too)."""
        loop = self._require_loop()
        return add_marker(
            self.vault,
            loop.recording.id,
            round(loop.elapsed_s() * 1000),
            lookback_ms=round(lookback_s * 1000),
            code=code,
            note=note,
        ).value

    def stats(self) -> RecordingStats:
        return self._require_loop().stats()

    def request_stop(
        self, reason: StopReason = StopReason.REQUESTED, message: str | None = None
    ) -> None:
        self._require_loop().set_reason(reason, message)
        self._stop.set()

    def stop(self) -> RecordingResult:
        """Stop, write the last fragment, and close the recording."""
        self.request_stop()
        result = self.wait()
        assert result is not None
        return result

    def wait(self, timeout: float | None = None) -> RecordingResult | None:
        """The result once the recording has ended (by request, duration or a fault)."""
        if not self._done.wait(timeout):
            return None
        return self._result

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def finished(self, result: RecordingResult) -> None:
        """Called by the encoding loop once everything is committed."""
        self._result = result
        self._stop.set()
        for source in (self._camera, self._microphone):
            if source is not None:
                with contextlib.suppress(Exception):
                    source.close()
        self._done.set()

    def _require_loop(self) -> EncodingLoop:
        if self._loop is None:
            raise RuntimeError("start() the recorder first")
        return self._loop

    def _camera_thread(self, frames: queue.Queue[QueuedFrame | None]) -> None:
        loop = self._require_loop()
        limit = self.settings.max_seconds
        first_t: float | None = None
        # Strictly increasing times, at least half a frame apart: a camera stamped on arrival
        # can deliver a burst after a stall, and the encoder needs distinct timestamps.
        last_t: float | None = None
        min_gap = 0.5 / self._mode_fps
        try:
            while not self._stop.is_set():
                frame = self._camera.read()
                first_t = frame.t if first_t is None else first_t
                t = frame.t if last_t is None else max(frame.t, last_t + min_gap)
                last_t = t
                if limit is not None and frame.t - first_t >= limit:
                    loop.set_reason(StopReason.DURATION_REACHED, None)
                    break
                self.frames_captured += 1
                self.preview.offer(frame)
                i420 = cast(Image, cv2.cvtColor(frame.image, cv2.COLOR_BGR2YUV_I420))
                item = QueuedFrame(i420, t)
                if self._camera.live:
                    try:
                        frames.put_nowait(item)
                    except queue.Full:
                        self.frames_dropped += 1
                else:
                    while not self._stop.is_set():
                        with contextlib.suppress(queue.Full):
                            frames.put(item, timeout=0.1)
                            break
        except SourceEnded:
            loop.set_reason(StopReason.SOURCE_ENDED, None)
        except CameraLost as error:
            loop.set_reason(StopReason.CAMERA_LOST, str(error))
        except VfappError as error:
            loop.set_reason(StopReason.CAMERA_LOST, str(error))
        finally:
            self._stop.set()
            _put_end(frames)

    def _microphone_thread(self, blocks: queue.Queue[AudioBlock]) -> None:
        assert self._microphone is not None
        try:
            while not self._stop.is_set():
                block = self._microphone.read()
                try:
                    blocks.put_nowait(block)
                except queue.Full:
                    self.audio_blocks_dropped += 1
        except (MicrophoneLost, MicrophoneUnavailable) as error:
            if not self._stop.is_set():
                self.audio_state = AudioState.LOST
                self.audio_message = str(error)


def _put_end(frames: queue.Queue[QueuedFrame | None]) -> None:
    """Tell the encoder no more frames come. It drains the queue, so this never drops one."""
    frames.put(None)
