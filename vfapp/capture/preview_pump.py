"""The camera (and microphone) before a recording starts: pictures for the preview and sound
for the level meter, read on threads of their own, nothing recorded.

A real webcam can be opened by one reader at a time, so the pump closes its sources before
the recorder opens them (`stop()` then `wait()`), and each new start waits for the previous
reader to let go. Opening happens on the pump's thread: a webcam can take a second to open.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable

from vfapp.capture.frames import VideoMode
from vfapp.capture.level_meter import LevelMeter
from vfapp.capture.preview import PreviewTap
from vfapp.capture.sources import AudioSource, FrameSource
from vfapp.domain.errors import VfappError

log = logging.getLogger(__name__)
SourcesFactory = Callable[[], tuple[FrameSource, AudioSource | None]]
Failed = Callable[[str], None]

CANNOT_OPEN = "The camera could not be opened. Check that no other program is using it."


class PreviewPump:
    """Reads a camera into `tap` and a microphone into `meter` until stopped."""

    def __init__(self, tap: PreviewTap, meter: LevelMeter) -> None:
        self.tap = tap
        self.meter = meter
        self.mode: VideoMode | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stop.is_set()

    def start(self, sources: SourcesFactory, failed: Failed | None = None) -> None:
        """Open the sources (after the previous reader has closed them) and start reading.
        `failed(message)` is called from the pump's thread if the camera cannot be opened."""
        previous = self._thread
        self._stop = stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run,
            args=(sources, stop, previous, failed),
            name="preview-camera",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Ask the readers to close their sources; returns at once."""
        self._stop.set()

    def wait(self, timeout: float = 5.0) -> bool:
        """Wait until the camera and microphone are closed; False if still open at timeout."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def _run(
        self,
        sources: SourcesFactory,
        stop: threading.Event,
        previous: threading.Thread | None,
        failed: Failed | None,
    ) -> None:
        if previous is not None:
            previous.join()
        if stop.is_set():
            return
        try:
            camera, microphone = sources()
            self.mode = camera.open()
        except VfappError as error:
            log.info("preview camera: %s", error)
            if failed is not None:
                failed(str(error) or CANNOT_OPEN)
            return
        except Exception:
            log.exception("preview camera failed to open")
            if failed is not None:
                failed(CANNOT_OPEN)
            return
        listener = None
        if microphone is not None:
            listener = threading.Thread(
                target=self._listen, args=(microphone, stop), name="preview-mic", daemon=True
            )
            listener.start()
        try:
            while not stop.is_set():
                self.tap.offer(camera.read())
        except Exception as error:  # lost or ended: the screen shows no picture, and says so
            if failed is not None and not stop.is_set():
                failed(str(error) if isinstance(error, VfappError) else CANNOT_OPEN)
        finally:
            stop.set()
            with contextlib.suppress(Exception):
                camera.close()
            if listener is not None:
                listener.join()

    def _listen(self, microphone: AudioSource, stop: threading.Event) -> None:
        try:
            microphone.open()
            self.meter.start()
            while not stop.is_set():
                self.meter.feed(microphone.read().samples)
        except Exception as error:  # no microphone: the meter stays at the floor
            log.info("preview microphone: %s", error)
        finally:
            with contextlib.suppress(Exception):
                microphone.close()
