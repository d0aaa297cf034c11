"""A session's edges: the first step from a fresh session, stills outside the film."""

from __future__ import annotations

import pytest

from tests.integration.recording_helpers import record, synthetic
from vfapp.capture.frames import VideoMode
from vfapp.domain.errors import InvalidInput, VfappError
from vfapp.playback.video_session import FrameNotDecoded, VideoSession
from vfapp.vault.session import Vault


def test_a_fresh_session_steps_onto_the_first_frame(vault: Vault) -> None:
    camera, mic = synthetic(VideoMode(width=320, height=240, fps=30))
    film = record(vault, camera, mic, max_seconds=2).recording.id
    with VideoSession(vault, film) as session:
        assert session.step(+1).number == 0  # nothing shown yet: +1 is the first picture
        assert session.step(+1).number == 1
    with VideoSession(vault, film) as session:
        assert session.step(-1).number == 0
    with VideoSession(vault, film) as session:
        assert session.step(+3).number == 2


def test_a_still_outside_the_film_is_refused_in_words(vault: Vault) -> None:
    camera, mic = synthetic(VideoMode(width=320, height=240, fps=30))
    film = record(vault, camera, mic, max_seconds=2).recording.id
    with VideoSession(vault, film) as session:
        length = session.index.duration_s
        last = session.index.frame_count - 1
        assert session.frame_at(length - 0.001).shape == (240, 320, 3)
        assert session.current is not None and session.current.number == last
        with pytest.raises(InvalidInput, match=r"after the end of the film, which lasts 2\.00 s"):
            session.frame_at(length)
        with pytest.raises(InvalidInput, match=r"before the start of the film"):
            session.frame_at(-0.5)


def test_a_frame_that_cannot_be_decoded_is_a_plain_error_and_still_an_index_error() -> None:
    error = FrameNotDecoded(12, "the film ended before it")
    assert isinstance(error, VfappError) and isinstance(error, IndexError)
    assert str(error) == "Frame 12 of the film could not be decoded (the film ended before it)."
