"""`vfapp export report|faces|reel|stills` as a script uses them: by id prefixes, progress on
stderr, the result in words or JSON, a warning that the copy is unencrypted, refusals in one
sentence, and Ctrl-C leaving nothing behind."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from uuid import UUID

import pytest

from tests.conftest import PASSWORD
from tests.governance_fixtures import give_consent
from tests.integration.recording_helpers import Probe
from tests.integration.test_cli import vfapp
from tests.integration.test_stills import make_film
from vfapp.domain.governance import ConsentTier
from vfapp.governance import plan_ops, still_ops
from vfapp.governance.actor import sign_in
from vfapp.playback import reel
from vfapp.vault.lifecycle import unlock_vault
from vfapp.vault.recordings import get_recording


@pytest.fixture
def planned(vault_dir: Path) -> tuple[UUID, UUID]:
    """A 6 s film of PIP-0042 with a still and two planned moments: (film, visit)."""
    give_consent(vault_dir, "PIP-0042")
    with sign_in(unlock_vault(vault_dir, PASSWORD)) as actor:
        film = make_film(actor.vault, 6)
        visit = get_recording(actor.vault, film).visit_id
        still = still_ops.make_still(actor, film, 20, "Look at me!")
        plan_ops.add_moment(actor, visit, film, 500, 2_500, "Rolling the ball", None, still.id)
        plan_ops.add_moment(actor, visit, film, 3_000, 5_000, "Peekaboo", "What next?")
    return film, visit


def test_report_reel_and_stills_from_the_command_line(
    vault_dir: Path, planned: tuple[UUID, UUID], tmp_path: Path
) -> None:
    film, visit = planned
    base = ("--vault", str(vault_dir), "--visit", str(visit)[:13])
    report = vfapp("export", "report", *base, str(tmp_path / "report.pdf"))
    assert report.code == 0, report.err
    assert report.out.startswith("Wrote the session report (")
    assert "Writing the report: 100% (done)" in report.err
    assert "UNENCRYPTED" in report.err
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "PIP-0042" in text and "Rolling the ball" in text

    made = vfapp("export", "reel", *base, str(tmp_path / "reel.mp4"), "--mute", "--json")
    assert made.code == 0, made.err
    data = made.json()
    assert isinstance(data, dict) and data["streams"] == ["video"] and data["kind"] == "reel"
    probe = Probe(tmp_path / "reel.mp4")
    assert probe.kinds == ["video"] and probe.decode_errors() == ""
    assert abs(probe.duration("video") - (4.0 + 2 * reel.CARD_S)) <= 2 / 30

    again = vfapp("export", "reel", *base, str(tmp_path / "reel.mp4"))
    assert again.code == 1 and again.err.strip().endswith("already exists; choose another name.")
    forced = vfapp("export", "reel", *base, str(tmp_path / "reel.mp4"), "--force", "--no-titles")
    assert forced.code == 0, forced.err
    assert "(4.0 s, video + audio)" in forced.out

    folder = tmp_path / "stills"
    folder.mkdir()
    by_film = ("--vault", str(vault_dir), "--recording", str(film)[-12:])
    stills = vfapp("export", "stills", *by_film, str(folder), "--no-watermark")
    assert stills.code == 0, stills.err
    assert stills.out.startswith(f"Wrote 1 still(s): {folder} (")
    assert [p.name for p in folder.iterdir()] == ["still-01.png"]


def test_training_reels_need_consent_and_faces_are_listed(
    vault_dir: Path, planned: tuple[UUID, UUID], tmp_path: Path
) -> None:
    _film, visit = planned
    base = ("--vault", str(vault_dir), "--visit", str(visit)[-12:])
    target = str(tmp_path / "training.mp4")
    refused = vfapp("export", "reel", *base, target, "--purpose", "training", "--mute")
    assert refused.code == 3  # a refusal by role or consent
    assert refused.err.startswith("Cannot export a film for training for family PIP-0042")
    assert not (tmp_path / "training.mp4").exists()
    give_consent(vault_dir, "PIP-0042", ConsentTier.TRAINING)
    faces = vfapp("export", "faces", *base)
    if faces.code == 1 and "no Haar cascade" in faces.err:
        pytest.skip(faces.err.strip())
    assert faces.code == 0, faces.err
    # The synthetic film has no face, though the cascades may see one in its noise.
    lines = faces.out.splitlines()
    if lines != ["No faces were found in the planned moments."]:
        line = (
            r"Face \d+: moment [12], 0:0\d, (left|middle|right), \d+x\d+ px, on \d+ sample frames?"
        )
        assert all(re.fullmatch(line, text) for text in lines[:-1]), lines
        assert lines[-1].startswith("Keep faces with: vfapp export reel ... --keep N,N")
    blurred = vfapp(
        "export", "reel", *base, target, "--purpose", "training", "--mute", "--keep", "99"
    )
    assert blurred.code == 1
    assert re.fullmatch(
        r"The faces to keep include 99, which is not one of the faces found "
        r"\((none were found|1 to \d+)\)\.\n",
        blurred.err,
    )
    made = vfapp("export", "reel", *base, target, "--purpose", "training", "--blur-faces")
    assert made.code == 0, made.err
    assert re.search(r", \d+ face\(s\) blurred\)", made.out)


def test_ctrl_c_leaves_nothing(
    vault_dir: Path, planned: tuple[UUID, UUID], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _film, visit = planned
    out = tmp_path / "out"
    out.mkdir()
    pictures = 0
    real = reel._Output.picture

    def interrupted(self: reel._Output, rgb: object, at_s: float) -> None:
        nonlocal pictures
        pictures += 1
        if pictures == 40:
            raise KeyboardInterrupt
        real(self, rgb, at_s)  # type: ignore[arg-type]

    monkeypatch.setattr(reel._Output, "picture", interrupted)
    base = ("--vault", str(vault_dir), "--visit", str(visit)[:13])
    stopped = vfapp("export", "reel", *base, str(out / "reel.mp4"))
    assert stopped.code == 130
    assert stopped.err.splitlines()[-1] == "The export was cancelled; nothing was written."
    assert list(out.iterdir()) == []
