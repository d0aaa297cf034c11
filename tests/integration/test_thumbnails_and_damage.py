"""Timeline thumbnails off the caller's thread, in memory only; damaged films play to the damage."""

from __future__ import annotations

import threading
from pathlib import Path

from tests.integration.recording_helpers import record, synthetic
from vfapp.capture.frames import VideoMode
from vfapp.playback.player import Player
from vfapp.playback.thumbnails import ThumbnailService
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
