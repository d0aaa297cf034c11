from __future__ import annotations

import cv2
import numpy as np

from vfapp.capture.encoder import EncoderSettings, FragmentedMp4Encoder
from vfapp.capture.frames import AudioBlock, AudioFormat, VideoMode


class _Sink:
    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)

    def tell(self) -> int:
        return self.size


def _commits(audio_until_s: float, seconds: float = 6.0) -> list[int]:
    """Frame counts at which the encoder asked for a commit."""
    sink, commits = _Sink(), []
    mode = VideoMode(width=160, height=120, fps=30)
    encoder = FragmentedMp4Encoder(
        sink,
        mode,
        AudioFormat(),
        EncoderSettings(),
        t0=0.0,
        on_fragment=lambda: commits.append(encoder.frames),
    )
    rng = np.random.default_rng(5)
    for index in range(int(seconds * mode.fps)):
        t = index / mode.fps
        image = rng.integers(0, 255, (mode.height, mode.width, 3), np.uint8)
        encoder.add_video(cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420), t)
        if t < audio_until_s:
            for k in range(10):
                encoder.add_audio(AudioBlock(np.zeros(160, np.float32), t + k * 160 / 48_000))
    return commits


def test_a_fragment_is_committed_every_second_of_film() -> None:
    commits = _commits(audio_until_s=99)
    gaps = np.diff(commits[2:])
    assert commits[1] <= 10, "the first picture must be safe within a fraction of a second"
    assert (gaps <= 31).all()


def test_commits_go_on_every_second_after_the_microphone_is_lost() -> None:
    """The muxer would otherwise hold video back for 10 s, waiting for audio to interleave."""
    commits = _commits(audio_until_s=2.0)
    after_loss = [c for c in commits if c > 60]
    assert len(after_loss) >= 3
    assert (np.diff([60, *after_loss]) <= 46).all()
