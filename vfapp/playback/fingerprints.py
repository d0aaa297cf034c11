"""Digests of decoded pictures, to tell whether two frames are the same frame; and every
picture of a film from one plain sequential decode (the truth an exact seek must match)."""

from __future__ import annotations

import hashlib
from io import RawIOBase
from typing import Any, BinaryIO

import av


def picture_digest(frame: Any) -> str:
    """A short digest of every plane of an av.VideoFrame."""
    digest = hashlib.blake2b(digest_size=12)
    for plane in frame.planes:
        digest.update(bytes(plane))
    return digest.hexdigest()


def sequential_fingerprints(source: BinaryIO | RawIOBase) -> list[str]:
    """Every picture in presentation order, decoded front to back by PyAV alone (no seeking,
    no index, no threads), so it does not share the engine's logic it is used to check."""
    with av.open(source, "r") as container:
        stream = container.streams.video[0]
        stream.thread_type = "NONE"
        return [picture_digest(frame) for frame in container.decode(stream)]
