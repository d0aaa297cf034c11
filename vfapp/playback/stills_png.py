"""A still as a PNG file for people: decoded from its sealed PNG in memory, then (if asked)
its caption set beneath it and a faint watermark, and encoded again, all in memory."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from vfapp.playback.picture_text import with_caption
from vfapp.playback.video_session import RGB


def decode_png(png: bytes) -> RGB:
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGB"), dtype=np.uint8).copy()


def encode_png(rgb: RGB) -> bytes:
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, format="PNG", optimize=False)
    return out.getvalue()


def presented_png(png: bytes, caption: str | None, *, watermark: bool) -> bytes:
    """`png` as it leaves the vault: with `caption` under it (None: none) and a watermark."""
    if caption is None and not watermark:
        return png
    return encode_png(with_caption(decode_png(png), caption, watermark))
