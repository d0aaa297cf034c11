"""`vfapp record`, `vfapp cameras` and `vfapp recording export` as an administrator uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.governance_fixtures import give_consent
from tests.integration.recording_helpers import Probe
from tests.integration.test_cli import vfapp


@pytest.fixture
def vault_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VFAPP_PASSWORD", "correct horse battery staple")
    folder = tmp_path / "vault"
    assert vfapp("vault", "init", str(folder)).code == 0
    assert vfapp("family", "add", "--vault", str(folder), "PIP-7").code == 0
    give_consent(folder, "PIP-7")
    return folder


def test_record_fast_with_markers_then_export_a_checked_mp4(
    vault_dir: Path, tmp_path: Path
) -> None:
    v = str(vault_dir)
    made = vfapp(
        "record", "--vault", v, "--family", "PIP-7", "--seconds", "5", "--fast",
        "--size", "320x240", "--mark-at", "1,3.5", "--json",
    )  # fmt: skip
    assert made.code == 0, made.err
    summary = json.loads(made.out)
    assert summary["reason"] == "duration_reached" and summary["status"] == "complete"
    assert summary["markers_ms"] == [1000, 3500] and summary["frames_dropped"] == 0
    recording_id = summary["recording_id"]

    out = tmp_path / "check.mp4"
    exported = vfapp("recording", "export", "--vault", v, recording_id[-12:], str(out))
    assert exported.code == 0, exported.err
    assert "UNENCRYPTED" in exported.err
    assert out.stat().st_mode & 0o777 == 0o600
    probe = Probe(out)
    assert probe.decode_errors() == "" and probe.kinds == ["video", "audio"]
    again = vfapp("recording", "export", "--vault", v, recording_id, str(out))
    assert again.code == 1 and "already exists" in again.err


def test_recording_needs_a_known_family_and_a_real_source(vault_dir: Path) -> None:
    v = str(vault_dir)
    unknown = vfapp("record", "--vault", v, "--family", "NOPE", "--seconds", "1", "--fast")
    assert unknown.code == 1 and "no family with case code 'NOPE'" in unknown.err
    bad = vfapp("record", "--vault", v, "--source", "webcam", "--seconds", "1")
    assert bad.code == 1 and "is not synthetic, camera[:N] or file:PATH" in bad.err
    missing = vfapp("record", "--vault", v, "--source", "camera:7", "--seconds", "1")
    assert missing.code == 1 and "camera 7 was not found" in missing.err


def test_cameras_lists_what_there_is_in_words_or_json() -> None:
    listed = vfapp("cameras", "--json")
    assert listed.code == 0 and isinstance(json.loads(listed.out), list)
    human = vfapp("cameras")
    assert human.code == 0 and human.out.strip()


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--mark-at", "-1", "cannot hold negative seconds"),
        ("--mark-at", "1,x", "is not like 2,5.5,10"),
        ("--seconds", "0", "must be more than 0"),
        ("--fps", "0", "must be between 1 and 120"),
        ("--size", "1281x720", "in even numbers"),
    ],
)
def test_bad_recording_options_are_refused_in_words(
    vault_dir: Path, option: str, value: str, words: str
) -> None:
    refused = vfapp("record", "--vault", str(vault_dir), "--fast", option, value)
    assert refused.code == 1 and words in refused.err


def test_ctrl_c_twice_still_saves_the_recording(
    vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vfapp.capture.pipeline import Recorder

    real_wait, real_stop = Recorder.wait, Recorder.stop
    interrupts = iter([True, True])

    def impatient_wait(self: Recorder, timeout: float | None = None) -> object:
        if timeout is not None and next(interrupts, False):
            raise KeyboardInterrupt
        return real_wait(self, timeout)

    stops = iter([True])

    def stop_interrupted_once(self: Recorder) -> object:
        if next(stops, False):
            raise KeyboardInterrupt  # the second Ctrl-C, while the end is being saved
        return real_stop(self)

    monkeypatch.setattr(Recorder, "wait", impatient_wait)
    monkeypatch.setattr(Recorder, "stop", stop_interrupted_once)
    made = vfapp("record", "--vault", str(vault_dir), "--fast", "--size", "320x240", "--json")
    assert made.code == 0, made.err
    assert json.loads(made.out)["status"] == "complete"
    assert "Saving the end of the recording" in made.err
