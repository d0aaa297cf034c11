"""Frame-accurate decoding straight from the vault: exact seek, step both ways, stills."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import av
import av.error
import numpy as np
import numpy.typing as npt

from vfapp.domain.errors import ChunkDamaged, InvalidInput, VfappError
from vfapp.domain.models import RecordingStatus
from vfapp.playback.fingerprints import picture_digest
from vfapp.playback.frame_index import FORMAT, FrameIndex, build_frame_index
from vfapp.playback.media_info import MediaInfo, describe
from vfapp.vault.frame_indexes import load_frame_index, save_frame_index
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.recordings import get_recording
from vfapp.vault.session import Vault
from vfapp.vault.sync_films import is_arriving

RGB = npt.NDArray[np.uint8]
MAX_CACHED_FRAMES = 64  # one GOP of a 1 s keyframe interval, twice over; ~90 MB at 720p


class FrameNotDecoded(VfappError, IndexError):
    """A frame the index lists but the decoder never handed back (still an IndexError)."""

    def __init__(self, frame: int, detail: str) -> None:
        self.frame = frame
        super().__init__(f"Frame {frame} of the film could not be decoded ({detail}).")


@dataclass(frozen=True)
class DecodedFrame:
    number: int
    time_s: float
    frame: Any  # av.VideoFrame (YUV): converted only when drawn
    rotation: int

    def rgb(self) -> RGB:
        """The picture as an upright RGB array (the rotation applied)."""
        image: RGB = self.frame.to_ndarray(format="rgb24")
        turns = {0: 0, 90: 3, 180: 2, 270: 1}[self.rotation]  # np.rot90 turns anticlockwise
        return np.ascontiguousarray(np.rot90(image, turns)) if turns else image

    def fingerprint(self) -> str:
        """A digest of the decoded picture, to check that two frames are the same frame."""
        return picture_digest(self.frame)


def _has_fragment_index(reader: MediaReader) -> bool:
    """A finished fragmented MP4 ends with an 'mfro' box: the demuxer can then open it
    without reading every fragment first (8 ms instead of 300 ms for 20 minutes)."""
    if reader.size < 16:
        return False
    reader.seek(reader.size - 16)
    tail = reader.read(16)
    reader.seek(0)
    return tail[4:8] == b"mfro"


class VideoSession:
    """One open film. Not shared between threads: the player opens its own."""

    def __init__(self, vault: Vault, recording_id: UUID) -> None:
        self.recording = get_recording(vault, recording_id)
        self._reader = MediaReader(vault, recording_id, allow_partial=True)
        self.damage: ChunkDamaged | None = self._reader.damage
        # Not damage but a film whose later parts are still coming down from the team store.
        self.arriving = self.damage is not None and is_arriving(vault.db, str(recording_id))
        options = {"use_mfra_for": "pts"} if _has_fragment_index(self._reader) else {}
        self._container = av.open(self._reader, "r", options=options)
        self._stream = self._container.streams.video[0]
        self.index = self._load_index(vault)
        self.info: MediaInfo = describe(
            self._container, self.index, self.recording.rotation, self.damage is not None
        )
        self._frame_of_pts = self.index.frame_of_pts()
        self._cache: OrderedDict[int, DecodedFrame] = OrderedDict()
        self._frames: Any = None  # the decoder's output, frame after frame
        self._next: int | None = None  # the frame number the decoder will give next
        self._restarted_at = 0
        self.current: DecodedFrame | None = None

    def _load_index(self, vault: Vault) -> FrameIndex:
        cacheable = self.damage is None and self.recording.status is not RecordingStatus.RECORDING
        stored = load_frame_index(vault, self.recording.id, FORMAT) if cacheable else None
        if stored is not None:
            return FrameIndex.from_bytes(stored)
        index = build_frame_index(self._container)
        self._container.seek(0)
        if cacheable:
            save_frame_index(vault, self.recording.id, FORMAT, index.to_bytes())
        return index

    def seek(self, frame: int) -> DecodedFrame:
        """Exactly frame `frame` (clamped to the film): decoded from its keyframe if need be."""
        target = self.index.clamp(frame)
        cached = self._cache.get(target)
        if cached is None:
            keyframe = self.index.keyframe_at_or_before(target)
            ahead = self._next is not None and keyframe <= self._next <= target
            if not ahead:
                self._restart_at(keyframe)
            cached = self._decode_until(target)
        self._cache.move_to_end(target)
        self.current = cached
        return cached

    def seek_time(self, seconds: float) -> DecodedFrame:
        return self.seek(self.index.frame_at_time(seconds))

    def step(self, delta: int) -> DecodedFrame:
        """`delta` frames on from the current one (clamped to the film). A fresh session is
        just before the first frame: step(+1) gives frame 0, step(+2) frame 1, step(-1) frame 0.
        """
        start = self.current.number if self.current else -1
        return self.seek(start + delta)

    def frame_at(self, seconds: float) -> RGB:
        """A still: the picture on screen at `seconds`, upright, as RGB. A time outside the
        film is refused (InvalidInput); past the damage of a damaged film, ChunkDamaged."""
        length = self.index.duration_s
        if not 0 <= seconds < length:
            if seconds >= length and self.damage is not None:
                raise self.damage
            where = "before the start" if seconds < 0 else "after the end"
            raise InvalidInput(
                "time", f"{seconds:.2f} s is {where} of the film, which lasts {length:.2f} s"
            )
        return self.seek_time(seconds).rgb()

    def _restart_at(self, keyframe: int) -> None:
        # The demuxer seeks by decode time: by presentation time it could land on a later
        # keyframe whose decode time is earlier (B-frames) and skip the one we want.
        self._container.seek(int(self.index.dts[keyframe]), stream=self._stream, backward=True)
        self._frames = self._container.decode(self._stream)
        self._next = None
        self._restarted_at = keyframe

    def _decode_until(self, target: int) -> DecodedFrame:
        while True:
            try:
                frame = next(self._frames)
            except StopIteration:
                raise self._end_of_film(target) from None
            except (av.error.FFmpegError, ChunkDamaged) as error:
                raise self._end_of_film(target) from error
            number = self._frame_of_pts.get(int(frame.pts)) if frame.pts is not None else None
            if number is None:
                continue  # a frame the index never saw (should not happen): skip it
            if number < self._restarted_at:
                continue  # leads an open GOP: decoded without its references, never shown
            decoded = DecodedFrame(
                number, self.index.time_of(number), frame, self.recording.rotation
            )
            self._remember(decoded)
            self._next = number + 1
            if number == target:
                return decoded
            if number > target:  # never hand back a neighbour instead of the frame asked for
                raise FrameNotDecoded(target, f"the decoder went on to frame {number}")

    def _remember(self, decoded: DecodedFrame) -> None:
        self._cache[decoded.number] = decoded
        while len(self._cache) > MAX_CACHED_FRAMES:
            self._cache.popitem(last=False)

    def _end_of_film(self, target: int) -> ChunkDamaged | FrameNotDecoded:
        if self.damage is not None:
            return self.damage
        return FrameNotDecoded(target, "the film ended before it")

    def close(self) -> None:
        self._container.close()

    def __enter__(self) -> VideoSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
