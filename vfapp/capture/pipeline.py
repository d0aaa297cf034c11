"""The recorder: camera and microphone threads feed one encoder thread that seals into the vault.

camera thread --frames--> bounded queue --\\
                                           encoder thread -> fMP4 -> MediaWriter -> vault.db
microphone thread --blocks--> queue -------/

Frames that cannot be queued in time are dropped and counted, never silently; the encoder
commits each ~1 s fragment as it closes, so a crash loses little more than a second.
"""

from __future__ import annotations

import contextlib
import math
import queue
import threading
from typing import cast
from uuid import UUID

import cv2

from vfapp.capture.control import LiveCounters, StopSignal
from vfapp.capture.disk import DiskSpaceProbe, FolderDiskProbe
from vfapp.capture.encoding_loop import EncodingLoop, QueuedFrame
from vfapp.capture.frames import AudioBlock, AudioFormat, Image
from vfapp.capture.preview import PreviewTap
from vfapp.capture.recorder_settings import RecorderSettings
from vfapp.capture.sources import AudioSource, FrameSource
from vfapp.capture.stats import AudioState, RecordingResult, RecordingStats, StopReason
from vfapp.domain.errors import CameraLost, MicrophoneLost, MicrophoneUnavailable, SourceEnded
from vfapp.domain.models import Marker, Recording
from vfapp.vault.markers import add_marker
from vfapp.vault.media_writer import MediaWriter
from vfapp.vault.recordings import begin_recording
from vfapp.vault.session import Vault


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
        self._disk_probe = disk_probe or FolderDiskProbe(vault.folder)
        self.preview = PreviewTap()
        self.counters = LiveCounters()
        self._stop = StopSignal()
        self._done = threading.Event()
        self._loop: EncodingLoop | None = None
        self._encoder_thread: threading.Thread | None = None
        self._result: RecordingResult | None = None

    @property
    def audio_message(self) -> str | None:
        return self.counters.audio_message

    def start(self) -> Recording:
        """Open the sources, create the recording, and start the threads."""
        mode = self._camera.open()  # CameraUnavailable: nothing has been created yet
        try:
            audio = self._open_microphone()
            recording = begin_recording(self.vault, self._visit_id).value
            writer = MediaWriter(self.vault, recording)
        except BaseException:
            self._close_sources()
            raise
        frames: queue.Queue[QueuedFrame | None] = queue.Queue(
            maxsize=max(2, math.ceil(mode.fps * self.settings.video_queue_s))
        )
        blocks: queue.Queue[AudioBlock] = queue.Queue(maxsize=self.settings.audio_queue_blocks)
        self._loop = EncodingLoop(
            vault=self.vault,
            recording=recording,
            writer=writer,
            mode=mode,
            audio=audio,
            frames=frames,
            blocks=blocks,
            settings=self.settings,
            preview=self.preview,
            disk_probe=self._disk_probe,
            counters=self.counters,
            stop=self._stop,
            on_done=self._finished,
        )
        camera = threading.Thread(
            target=self._camera_thread, args=(frames, mode.fps), name="camera", daemon=True
        )
        # Not a daemon: the interpreter waits for the last fragment and the final commit.
        self._encoder_thread = threading.Thread(target=self._loop.run, name="encoder")
        threads = [camera, self._encoder_thread]
        if audio is not None:
            threads.append(
                threading.Thread(
                    target=self._microphone_thread, args=(blocks,), name="mic", daemon=True
                )
            )
        for thread in threads:
            thread.start()
        return recording

    def _open_microphone(self) -> AudioFormat | None:
        if self._microphone is None:
            self.counters.audio_message = "No microphone was chosen: recording picture only."
            return None
        try:
            audio = self._microphone.open()
        except MicrophoneUnavailable as error:
            self.counters.audio_message = str(error)
            self._microphone = None
            return None
        self.counters.audio_state = AudioState.RECORDING
        return audio

    def _close_sources(self) -> None:
        for source in (self._camera, self._microphone):
            if source is not None:
                with contextlib.suppress(Exception):
                    source.close()

    def mark(
        self, code: str | None = None, note: str | None = None, lookback_s: float = 0
    ) -> Marker:
        """Mark the moment on screen now (optionally the `lookback_s` seconds before it too).

        Times are seconds after the recording's first picture.
        """
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

    def request_stop(self) -> None:
        self._stop.request(StopReason.REQUESTED)

    def stop(self) -> RecordingResult:
        """Stop, write the last fragment, close the recording, and wait for all of it."""
        self._require_loop()
        self.request_stop()
        result = self.wait()
        assert result is not None
        if self._encoder_thread is not None:
            self._encoder_thread.join()
        return result

    def wait(self, timeout: float | None = None) -> RecordingResult | None:
        """The result once the recording has ended (by request, duration or a fault)."""
        if not self._done.wait(timeout):
            return None
        return self._result

    def _finished(self, result: RecordingResult) -> None:
        self._result = result
        self._done.set()

    def _require_loop(self) -> EncodingLoop:
        if self._loop is None:
            raise RuntimeError("start() the recorder first")
        return self._loop

    def _camera_thread(self, frames: queue.Queue[QueuedFrame | None], fps: float) -> None:
        limit = self.settings.max_seconds
        first_t: float | None = None
        # Strictly increasing times, at least half a frame apart: a camera stamped on arrival
        # can deliver a burst after a stall, and the encoder needs distinct timestamps.
        last_t: float | None = None
        try:
            while not self._stop.is_set:
                frame = self._camera.read()
                first_t = frame.t if first_t is None else first_t
                if limit is not None and frame.t - first_t >= limit:
                    self._stop.request(StopReason.DURATION_REACHED)
                    break
                t = frame.t if last_t is None else max(frame.t, last_t + 0.5 / fps)
                last_t = t
                self.counters.frames_captured += 1
                self.preview.offer(frame)
                i420 = cast(Image, cv2.cvtColor(frame.image, cv2.COLOR_BGR2YUV_I420))
                self._enqueue(frames, QueuedFrame(i420, t))
        except SourceEnded:
            self._stop.request(StopReason.SOURCE_ENDED)
        except CameraLost as error:
            self._stop.request(StopReason.CAMERA_LOST, str(error))
        except Exception:
            self._stop.request(
                StopReason.CAPTURE_FAILED,
                "The recording stopped after an unexpected problem with the camera; it is "
                "kept up to the last good picture.",
            )
        finally:
            with contextlib.suppress(Exception):
                self._camera.close()  # only this thread reads the camera, so only it closes it
            self._enqueue(frames, None)

    def _enqueue(self, frames: queue.Queue[QueuedFrame | None], item: QueuedFrame | None) -> None:
        """Queue a frame (live: drop and count it if the encoder is behind) or the end."""
        if item is not None and self._camera.live:
            try:
                frames.put_nowait(item)
            except queue.Full:
                self.counters.frames_dropped += 1
            return
        while not self._done.is_set():  # the encoder drains the queue until it is done
            with contextlib.suppress(queue.Full):
                frames.put(item, timeout=0.1)
                return

    def _microphone_thread(self, blocks: queue.Queue[AudioBlock]) -> None:
        assert self._microphone is not None
        ours = 0
        try:
            while not self._stop.is_set:
                block = self._microphone.read()
                try:
                    blocks.put_nowait(block)
                except queue.Full:
                    ours += 1
                self.counters.audio_blocks_dropped = ours + self._microphone.dropped_blocks
        except (MicrophoneLost, MicrophoneUnavailable) as error:
            if not self._stop.is_set:
                self.counters.audio_state = AudioState.LOST
                self.counters.audio_message = str(error)
        finally:
            with contextlib.suppress(Exception):
                self._microphone.close()
