"""Make test files with the real ffmpeg, and measure sources independently of the importer."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from statistics import median
from uuid import UUID

import numpy as np

from tests.conftest import SHARED
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.session import Vault

CORPUS = SHARED / "corpus" / "video"


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True, capture_output=True)


def make_clip(target: Path, *args: str, size: str = "320x240", seconds: float = 2) -> Path:
    """A test pattern (and a tone, unless `-an` is among `args`) encoded as `args` say."""
    ffmpeg(
        "-f", "lavfi", "-i", f"testsrc=size={size}:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", str(seconds), *args, str(target),
    )  # fmt: skip
    return target


def video_span_s(path: Path) -> float:
    """How long the source's pictures last, from its own packets: first shown to last ended."""
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "packet=pts_time,duration_time", "-of", "json", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    packets = json.loads(done.stdout)["packets"]
    shown = sorted(float(p["pts_time"]) for p in packets if "pts_time" in p)
    steps = [float(p["duration_time"]) for p in packets if float(p.get("duration_time", 0))]
    step = median(steps) if steps else median(np.diff(shown))
    return shown[-1] + step - shown[0]


def clockwise_turn_shown_by_ffmpeg(path: Path) -> int:
    """The turn ffmpeg's own autorotate applies to show the first picture (0/90/180/270)."""
    pictures = []
    for rotate in ([], ["-noautorotate"]):
        done = subprocess.run(
            ["ffmpeg", "-v", "error", *rotate, "-i", str(path), "-frames:v", "1",
             "-pix_fmt", "gray", "-f", "rawvideo", "-"],
            capture_output=True, check=True,
        )  # fmt: skip
        pictures.append(np.frombuffer(done.stdout, np.uint8))
    shown, raw = pictures
    height, width = _size(path)
    upright = raw.reshape(height, width)
    for turn in (0, 90, 180, 270):
        turned = np.rot90(upright, -turn // 90)  # np.rot90 turns counter-clockwise
        if turned.size == shown.size and np.array_equal(turned.ravel(), shown):
            return turn
    raise AssertionError("ffmpeg showed the picture in a way no quarter turn explains")


def _size(path: Path) -> tuple[int, int]:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=width,height", "-of", "json", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    stream = json.loads(done.stdout)["streams"][0]
    return int(stream["height"]), int(stream["width"])


def stored_mp4(vault: Vault, recording_id: UUID) -> bytes:
    """The recording's plaintext as the vault holds it (sealed on disk)."""
    return MediaReader(vault, recording_id).read()
