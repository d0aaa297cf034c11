"""Files trimmed on a phone (MP4 edit lists): only what the file shows comes into the vault.

`ffmpeg -ss T -i src -c copy cut.mp4` keeps the pictures from the keyframe before T and marks
those before T as cut away, as a phone's trim does. ffmpeg then plays the film from T; the
vault must hold the same pictures at the same times, in sync with the sound, and nothing of the
part that was cut away.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import BinaryIO, cast

import av
import pytest

from tests.integration.import_helpers import ffmpeg
from tests.integration.recording_helpers import record, synthetic
from tests.integration.recording_helpers import visit_for as visit_in
from vfapp.capture import importer
from vfapp.capture.import_copy import Moments
from vfapp.capture.importer import ImportResult, StreamHandling, import_video
from vfapp.capture.sync_probe import measure_av_sync
from vfapp.playback.export import export_recording
from vfapp.vault.media_reader import MediaReader
from vfapp.vault.recordings import list_recordings
from vfapp.vault.session import Vault

FPS = 30
KEPT, CONVERTED = StreamHandling.KEPT, StreamHandling.CONVERTED


@pytest.fixture
def original(vault: Vault, tmp_path: Path) -> Path:
    """Six seconds of the synthetic scene: a flash and a beep on each whole second."""
    recorded = record(vault, *synthetic(), max_seconds=6).recording
    path = tmp_path / "recorded.mp4"
    export_recording(vault, recorded.id, path)
    return path


def phone_film(original: Path, folder: Path, *, b_frames: int) -> Path:
    """H.264 with a keyframe every 2 s, AAC sound, as a phone makes it."""
    film = folder / f"phone-bf{b_frames}.mp4"
    ffmpeg(
        "-i", str(original), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "60",
        "-keyint_min", "60", "-sc_threshold", "0", "-bf", str(b_frames), "-c:a", "aac",
        str(film),
    )  # fmt: skip
    return film


def trimmed(film: Path, start_s: float) -> Path:
    cut = film.with_name(f"{film.stem}-from-{start_s}.mp4")
    ffmpeg("-ss", str(start_s), "-i", str(film), "-c", "copy", str(cut))
    return cut


def shown_by_ffprobe(media: Path) -> tuple[int, float]:
    """Pictures ffmpeg decodes from the file, and how long its picture track says it lasts."""
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
         "-show_entries", "stream=nb_read_frames,duration", "-of", "json", str(media)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    stream = json.loads(done.stdout)["streams"][0]
    return int(stream["nb_read_frames"]), float(stream["duration"])


def rewound(media: Path | BinaryIO) -> Path | BinaryIO:
    if not isinstance(media, Path):
        media.seek(0)
    return media


def picture_times(media: Path | BinaryIO) -> list[float]:
    with av.open(rewound(media), "r") as container:
        return [float(frame.time) for frame in container.decode(video=0)]


def flashes_from_first_picture(media: Path | BinaryIO) -> list[float]:
    first = picture_times(media)[0]
    return [t - first for t in measure_av_sync(rewound(media)).flashes_s]


def cut_away_packets(media: Path) -> dict[str, int]:
    """How many packets of each kind the demuxer marks as cut away by the edit list."""
    counts = {"video": 0, "audio": 0}
    with av.open(str(media)) as container:
        for packet in container.demux():
            if packet.size and packet.is_discard:
                counts[packet.stream.type] += 1
    return counts


def assert_same_film(vault: Vault, result: ImportResult, source: Path) -> None:
    """The vault holds what ffmpeg shows of the file: as many pictures, as long, flashes at
    the same moments, each beep as close to its flash as in the file."""
    frames, duration = shown_by_ffprobe(source)
    stored = cast(BinaryIO, MediaReader(vault, result.recording.id))
    times = picture_times(stored)
    assert len(times) == frames
    assert abs(result.readable_s - duration) < 0.5 / FPS
    assert abs(times[-1] + 1 / FPS - times[0] - duration) < 0.5 / FPS

    before, after = flashes_from_first_picture(source), flashes_from_first_picture(stored)
    assert len(after) == len(before) >= 3
    assert max(abs(a - b) for a, b in zip(after, before, strict=True)) < 0.5 / FPS
    sync_before = measure_av_sync(source).offsets_ms
    sync_after = measure_av_sync(rewound(stored)).offsets_ms
    assert len(sync_after) == len(sync_before) >= 3
    # Copied AAC starts with the packet nearest time zero: within half a packet (11.6 ms).
    assert max(abs(a - b) for a, b in zip(sync_after, sync_before, strict=True)) < 12


def test_a_trim_between_keyframes_is_converted_to_exactly_what_the_file_shows(
    vault: Vault, tmp_path: Path, original: Path
) -> None:
    full = phone_film(original, tmp_path, b_frames=2)
    cut = trimmed(full, 1.3)  # pictures 1.3-2.0 s need the keyframe at 0 s, which is cut away
    assert cut_away_packets(cut)["video"] > 0
    (all_frames, whole), (frames, duration) = shown_by_ffprobe(full), shown_by_ffprobe(cut)
    assert frames == all_frames - round(1.3 * FPS) and abs(duration - (whole - 1.3)) < 0.01

    result = import_video(vault, visit_in(vault), cut)
    assert (result.video, result.audio) == (CONVERTED, CONVERTED)
    assert result.warnings == ()
    assert_same_film(vault, result, cut)
    assert [r.id for r in list_recordings(vault)][-1] == result.recording.id


@pytest.mark.parametrize("start_s", [0.0, 2.0])
def test_a_film_cut_on_a_keyframe_is_copied_without_its_cut_away_sound(
    vault: Vault, tmp_path: Path, original: Path, start_s: float
) -> None:
    """On the keyframe at 2 s no picture needs what was cut away: the pictures are copied as
    they are. Sound the edit list cuts away (at least the AAC encoder's priming) stays out."""
    full = phone_film(original, tmp_path, b_frames=0)
    cut = trimmed(full, start_s) if start_s else full
    away = cut_away_packets(cut)
    assert away["video"] == 0 and away["audio"] >= (1 if start_s == 0 else 0)

    result = import_video(vault, visit_in(vault), cut)
    assert (result.video, result.audio) == (KEPT, KEPT)
    assert_same_film(vault, result, cut)


def test_pictures_cut_away_later_in_the_file_switch_the_copy_to_converting(
    vault: Vault, tmp_path: Path, original: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits past the start are only met while copying: that copy is shredded and the file
    converted, with progress still only going forwards."""
    cut = trimmed(phone_film(original, tmp_path, b_frames=2), 1.3)
    probe_start = importer.first_moments

    def miss_the_trim(*args: object) -> Moments:
        found = probe_start(*args)
        return Moments(found.frame, found.first_dts_s, found.first_audio_s, trimmed=False)

    monkeypatch.setattr(importer, "first_moments", miss_the_trim)
    fractions: list[float] = []
    result = import_video(vault, visit_in(vault), cut, progress=fractions.append)
    assert result.video is CONVERTED
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    live = [r for r in list_recordings(vault) if r.origin.value == "import"]
    assert [r.id for r in live] == [result.recording.id]
    assert_same_film(vault, result, cut)
