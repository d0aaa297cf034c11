"""Starting Attune: the synthetic camera stands in (and says so) when there is no webcam, and
with no display the window gives way to the headless demo."""

from __future__ import annotations

import pytest

from tests.integration.test_cli import vfapp
from vfapp.app import bootstrap


def test_without_a_webcam_the_demo_camera_is_offered_and_labelled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bootstrap, "list_cameras", lambda: [])
    (choice,) = bootstrap.camera_choices()
    assert choice.synthetic and "synthetic" in choice.label and "no webcam" in choice.label
    camera, microphone = bootstrap.open_sources(
        choice, bootstrap.VideoMode(width=640, height=360, fps=30)
    )
    assert camera.open().width == 640 and microphone is not None


def test_with_no_display_the_app_command_runs_the_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    ran = vfapp("app")
    assert ran.code == 0, ran.err
    assert "no display here" in ran.err and "Verified the whole vault: intact" in ran.out
