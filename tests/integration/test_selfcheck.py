"""`vfapp selfcheck` proves each native part works; the desktop files and icons are valid.

The bundle itself is built and checked by packaging/build_linux.sh + packaging/check_bundle.sh
(about a minute): set VFAPP_BUNDLE_TEST=1 to run that here too.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import vfapp
from tests.integration.test_cli import vfapp as run_vfapp

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "org.attune.Attune"
DESKTOP = ROOT / "resources" / "linux" / f"{APP_ID}.desktop"
METAINFO = ROOT / "resources" / "linux" / f"{APP_ID}.metainfo.xml"
ICONS = Path(vfapp.__file__).resolve().parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
REQUIRED = {"SQLCipher", "PyAV", "OpenCV", "Qt", "rclone"}
needs_qt = pytest.mark.skipif(
    bool(os.environ.get("VFAPP_BLOCK_QT")), reason="Qt is blocked in this run"
)


@pytest.fixture
def headless(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a display, Qt draws offscreen (what selfcheck itself would choose)."""
    if not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")


@needs_qt
def test_selfcheck_finds_every_required_part_working(headless: None) -> None:
    done = run_vfapp("selfcheck", "--json")
    report = done.json()
    assert isinstance(report, dict)
    parts = {part["name"]: part for part in report["parts"]}
    assert set(parts) >= REQUIRED and "PortAudio" in parts
    failed = {name: parts[name]["detail"] for name in REQUIRED if not parts[name]["ok"]}
    assert not failed
    assert all(parts[name]["required"] for name in REQUIRED)
    assert parts["PortAudio"]["required"] is False
    assert "libx264 present" in parts["PyAV"]["detail"]
    assert report["ok"] is True and done.code == 0


@needs_qt
def test_selfcheck_says_one_line_a_part(headless: None) -> None:
    done = run_vfapp("selfcheck")
    lines = done.out.splitlines()
    assert done.code == 0
    assert [line.split()[0] for line in lines[:6]] == [
        "SQLCipher",
        "PyAV",
        "OpenCV",
        "Qt",
        "rclone",
        "PortAudio",
    ]
    assert lines[-1] == "All the parts Attune needs work here."


def _validator(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def test_desktop_file_is_valid() -> None:
    done = subprocess.run(
        [_validator("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_metainfo_is_valid() -> None:
    done = subprocess.run(
        [_validator("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_desktop_metadata_agree_with_the_app() -> None:
    entry = dict(line.split("=", 1) for line in DESKTOP.read_text().splitlines() if "=" in line)
    assert entry["Icon"] == APP_ID and entry["Exec"] == "attune app"
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.find("launchable").text == f"{APP_ID}.desktop"  # type: ignore[union-attr]
    newest = component.find("releases/release")
    assert newest is not None and newest.get("version") == vfapp.__version__


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_every_icon_size_is_rendered() -> None:
    for size in SIZES:
        png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png.is_file(), f"missing {png.relative_to(ROOT)}: run scripts/render_icons.py"
        assert _png_size(png) == (size, size)


def test_icon_svg_parses_and_the_package_copy_is_current() -> None:
    source = ROOT / "resources" / "icons" / "attune.svg"
    assert ET.parse(source).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    if not os.environ.get("VFAPP_BLOCK_QT"):
        from PySide6.QtSvg import QSvgRenderer  # draws without a QApplication

        assert QSvgRenderer(str(source)).isValid()
    assert (ICONS / "attune.svg").read_bytes() == source.read_bytes(), "run scripts/render_icons.py"


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("VFAPP_BUNDLE_TEST"), reason="set VFAPP_BUNDLE_TEST=1 (about a minute)"
)
def test_bundle_builds_and_runs_without_the_venv() -> None:
    subprocess.run([str(ROOT / "packaging" / "build_linux.sh")], check=True, timeout=900)
    done = subprocess.run(
        [str(ROOT / "packaging" / "check_bundle.sh")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All the parts Attune needs work here." in done.stdout
