"""Stills as PNG files from a real vault: each the film's exact frame (decoded from its seal
in memory), with its caption set under it and a faint watermark when asked, or the bare
picture; named still-01.png... (no names in them), 0600, never overwriting; refusals by
role and consent; a cancel removes what it wrote; audited once without captions."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from uuid import UUID

import numpy as np
import pytest

from tests.integration.test_stills import CAPTION, consent_to, decode_png, events, make_film
from vfapp.domain.errors import ConsentMissing, InvalidInput, NotFound, NotPermitted
from vfapp.domain.exports import ExportCancelled
from vfapp.domain.governance import Role
from vfapp.governance import still_export_ops, still_ops
from vfapp.governance.actor import Actor
from vfapp.playback.video_session import VideoSession
from vfapp.vault.recordings import get_recording


@pytest.fixture
def film(admin: Actor, family: UUID) -> UUID:
    consent_to(admin, family)
    return make_film(admin.vault, 3)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def frame(admin: Actor, film: UUID, number: int) -> np.ndarray:
    with VideoSession(admin.vault, film) as session:
        return session.seek(number).rgb().astype(np.int16)


def test_stills_with_captions_and_a_watermark(
    admin: Actor, film: UUID, out: Path, tmp_path: Path
) -> None:
    still_ops.make_still(admin, film, 10, CAPTION)
    still_ops.make_still(admin, film, 50, None)
    visit = get_recording(admin.vault, film).visit_id
    result = still_export_ops.export_stills(admin, visit, out)
    assert [p.name for p in result.paths] == ["still-01.png", "still-02.png"]
    assert sorted(out.iterdir()) == list(result.paths)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in result.paths)
    assert result.bytes == sum(p.stat().st_size for p in result.paths)
    captioned, plain = (decode_png(p.read_bytes()) for p in result.paths)
    source = frame(admin, film, 10)
    height, width = source.shape[:2]
    assert captioned.shape[1] == width and captioned.shape[0] > height + 20  # a caption band
    assert plain.shape[:2] == (height, width)  # no caption: only the watermark
    corner = np.s_[height - 20 : height, width // 2 :]  # where the watermark sits
    picture = captioned[:height].astype(np.int16)
    assert np.abs(picture - source)[: height - 20].mean() < 1
    assert np.abs(picture[corner] - source[corner]).mean() > 1
    keep = os.environ.get("VFAPP_STILL_PNGS")  # a folder to copy them to, for people to look at
    if keep:
        for path in result.paths:
            shutil.copy(path, Path(keep) / path.name)
    details = [e.detail for e in events(admin) if e.action == "recording.export"]
    assert details == ["2 still(s) exported as PNG (captions, watermark)"]


def test_bare_stills_are_the_frame_itself(admin: Actor, film: UUID, out: Path) -> None:
    still = still_ops.make_still(admin, film, 30, CAPTION)
    result = still_export_ops.export_stills(admin, film, out, caption=False, watermark=False)
    (path,) = result.paths
    assert np.array_equal(decode_png(path.read_bytes()), frame(admin, film, 30))
    assert path.read_bytes() == still_ops.still_png(admin, still.id)


def test_refusals_and_cancel(
    admin: Actor, as_role: Callable[[Role], Actor], film: UUID, out: Path
) -> None:
    visit = get_recording(admin.vault, film).visit_id
    with pytest.raises(InvalidInput, match=r"^The visit has no stills to export"):
        still_export_ops.export_stills(admin, visit, out)
    for number in (5, 15, 25):
        still_ops.make_still(admin, film, number, None)
    with pytest.raises(NotPermitted):
        still_export_ops.export_stills(as_role(Role.SUPERVISOR), visit, out)
    with pytest.raises(NotFound, match="There is no visit or film"):
        still_export_ops.export_stills(admin, UUID(int=5), out)
    with pytest.raises(InvalidInput, match="does not exist; make it first"):
        still_export_ops.export_stills(admin, visit, out / "missing")
    cancel = threading.Event()

    def after_the_first(fraction: float, what: str) -> None:
        if fraction > 0.5:
            cancel.set()

    with pytest.raises(ExportCancelled):
        still_export_ops.export_stills(admin, visit, out, progress=after_the_first, cancel=cancel)
    assert list(out.iterdir()) == []
    tried = [(e.outcome.value, e.detail) for e in events(admin) if e.action == "recording.export"]
    assert tried[-1] == ("failed", "stills as PNG: cancelled")
    (out / "still-02.png").write_bytes(b"mine")
    with pytest.raises(InvalidInput, match=r"already holds still-02\.png"):
        still_export_ops.export_stills(admin, visit, out)
    assert sorted(p.name for p in out.iterdir()) == ["still-02.png"]


def test_no_consent_no_stills(admin: Actor, family: UUID, out: Path) -> None:
    film = make_film(admin.vault, 2)
    visit = get_recording(admin.vault, film).visit_id
    with pytest.raises(ConsentMissing, match=r"^Cannot export a film for family PIP-0042"):
        still_export_ops.export_stills(admin, visit, out)
    assert list(out.iterdir()) == []
