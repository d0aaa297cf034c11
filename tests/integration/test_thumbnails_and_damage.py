"""Timeline thumbnails off the caller's thread, in memory only; damaged films play to the damage."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.integration.recording_helpers import record, synthetic
from vfapp.capture.frames import VideoMode
from vfapp.playback.player import Player
from vfapp.playback.thumbnails import ThumbnailsClosed, ThumbnailService
from vfapp.playback.video_session import DecodedFrame, VideoSession
from vfapp.vault.session import Vault


def test_a_strip_is_made_on_a_worker_and_cached_in_memory(vault: Vault, tmp_path: Path) -> None:
    camera, mic = synthetic(VideoMode(width=640, height=360, fps=30))
    film = record(vault, camera, mic, max_seconds=8).recording.id
    vault.db.execute("UPDATE recordings SET rotation = 90 WHERE id = ?", (str(film),))
    files_before = sorted(p.name for p in vault.folder.iterdir())
    service = ThumbnailService(vault)
    made_on: list[str] = []
    future = service.strip(film, count=8, height=72)
    future.add_done_callback(lambda _: made_on.append(threading.current_thread().name))
    strip = future.result(timeout=30)
    assert len(strip) == 8 and made_on and made_on[0] != threading.current_thread().name
    upright_width = round(360 * 72 / 640)  # turned 90 degrees: 360 wide, 640 tall
    assert all(t.image.shape == (72, upright_width, 3) for t in strip)
    times = [t.time_s for t in strip]
    assert times == sorted(times) and times[0] < 1.0 and times[-1] > 6.0
    assert service.strip(film, count=8, height=72).result(timeout=1) is strip  # from memory
    service.close()
    assert sorted(p.name for p in vault.folder.iterdir()) == files_before
    with pytest.raises(ThumbnailsClosed, match="picture maker was closed"):
        service.strip(film, count=8, height=72)


def test_the_same_strip_asked_for_twice_at_once_is_made_once(vault: Vault) -> None:
    camera, mic = synthetic(VideoMode(width=320, height=240, fps=30))
    film = record(vault, camera, mic, max_seconds=3).recording.id
    service = ThumbnailService(vault)
    first = service.strip(film, count=6, height=48)
    again = service.strip(film, count=6, height=48)  # the timeline redrawn before it is ready
    other = service.strip(film, count=4, height=48)
    assert again is first and other is not first
    assert len(first.result(timeout=30)) == 6 and len(other.result(timeout=30)) == 4
    assert service.strip(film, count=6, height=48).result(timeout=1) is first.result()
    service.close()


def test_a_damaged_film_plays_up_to_the_damage_and_says_so(vault: Vault) -> None:
    camera, mic = synthetic(VideoMode(width=320, height=240, fps=30))
    film = record(vault, camera, mic, max_seconds=6).recording.id
    (total,) = vault.db.query_one(
        "SELECT count(*) FROM media_chunks WHERE recording_id = ?", (str(film),)
    ) or (0,)
    vault.db.execute(
        "DELETE FROM media_chunks WHERE recording_id = ? AND seq = ?", (str(film), total // 2)
    )
    with VideoSession(vault, film) as session:
        assert session.damage is not None
        assert session.info.damaged_from_s is not None and 1.0 < session.info.damaged_from_s < 5.0
        playable = session.index.frame_count
    shown: list[int] = []

    def screen(frame: DecodedFrame) -> None:
        shown.append(frame.number)

    player = Player(vault, film, screen)
    player.play(speed=2.0)
    stats = player.wait(15)
    assert stats is not None and stats.end_reason == "film end"
    assert stats.message and "damaged from" in stats.message
    assert shown[-1] == playable - 1
