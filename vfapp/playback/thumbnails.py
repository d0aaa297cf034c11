"""Small pictures for a timeline strip: made on a worker thread, kept in memory only."""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from uuid import UUID

import cv2
import numpy as np

from vfapp.domain.errors import VfappError
from vfapp.playback.video_session import RGB, VideoSession
from vfapp.vault.session import Vault


class ThumbnailsClosed(VfappError):
    def __init__(self) -> None:
        super().__init__("No more timeline pictures can be made: the picture maker was closed.")


@dataclass(frozen=True)
class Thumbnail:
    time_s: float  # where in the film it was taken (the nearest keyframe at or before)
    image: RGB  # upright, `height` pixels tall


class ThumbnailService:
    """One worker thread for every strip asked for; finished strips are cached by film.
    The same strip asked for again while it is being made shares that one computation.
    After `close()`, asking for a strip raises ThumbnailsClosed."""

    def __init__(self, vault: Vault, *, cached_strips: int = 16) -> None:
        self._vault = vault
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="thumbnails")
        self._cache: OrderedDict[tuple[UUID, int, int], list[Thumbnail]] = OrderedDict()
        self._limit = cached_strips
        self._making: dict[tuple[UUID, int, int], Future[list[Thumbnail]]] = {}
        self._closed = False
        self._lock = threading.Lock()

    def strip(self, recording_id: UUID, count: int, height: int = 72) -> Future[list[Thumbnail]]:
        """`count` evenly spaced pictures; the future completes off the caller's thread."""
        key = (recording_id, count, height)
        with self._lock:
            if self._closed:
                raise ThumbnailsClosed()
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                done: Future[list[Thumbnail]] = Future()
                done.set_result(cached)
                return done
            making = self._making.get(key)
            if making is None:
                making = self._making[key] = self._worker.submit(self._make, key)
            return making

    def _make(self, key: tuple[UUID, int, int]) -> list[Thumbnail]:
        try:
            strip = self._pictures(key)
        except BaseException:
            with self._lock:
                self._making.pop(key, None)
            raise
        with self._lock:
            self._making.pop(key, None)
            self._cache[key] = strip
            while len(self._cache) > self._limit:
                self._cache.popitem(last=False)
        return strip

    def _pictures(self, key: tuple[UUID, int, int]) -> list[Thumbnail]:
        recording_id, count, height = key
        with VideoSession(self._vault, recording_id) as session:
            index = session.index
            strip = []
            for slot in range(count):
                wanted = index.duration_s * (slot + 0.5) / count
                keyframe = index.keyframe_at_or_before(index.frame_at_time(wanted))
                decoded = session.seek(keyframe)  # one decode: a keyframe needs nothing else
                strip.append(Thumbnail(decoded.time_s, _shrink(decoded.rgb(), height)))
        return strip

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._making.clear()
        self._worker.shutdown(wait=True, cancel_futures=True)


def _shrink(image: RGB, height: int) -> RGB:
    width = max(1, round(image.shape[1] * height / image.shape[0]))
    small = cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(small, dtype=np.uint8)
