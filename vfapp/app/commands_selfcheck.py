"""`vfapp selfcheck`: prove, without a screen, that each native part Attune needs works here.

Meant for an installed bundle (IT staff, the packaging check) as much as for a developer's
machine: every part is exercised for real, not merely imported. One line per part; exit 0 only
when every required part passed (a missing sound device or PortAudio is reported, not failed).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vfapp.app.context import CommandContext

EXIT_FAILED = 1


@dataclass
class PartResult:
    name: str
    ok: bool
    required: bool
    detail: str
    seconds: float = 0.0


class PartFailed(Exception):
    """A part ran but did not do what it should: the message says what, in plain words."""


def check_sqlcipher() -> str:
    import sqlcipher3

    with tempfile.TemporaryDirectory(prefix="attune-selfcheck-") as folder:
        path = Path(folder) / "check.db"
        db = sqlcipher3.connect(str(path))
        try:
            db.execute("PRAGMA key = \"x'" + "2b" * 32 + "'\"")
            db.execute("CREATE TABLE t (n INTEGER, s TEXT)")
            db.executemany("INSERT INTO t VALUES (?, ?)", [(i, f"row {i}") for i in range(100)])
            db.commit()
            version = db.execute("PRAGMA cipher_version").fetchone()
        finally:
            db.close()
        if path.read_bytes()[:16] == b"SQLite format 3\x00":
            raise PartFailed("the database was written without encryption")
        db = sqlcipher3.connect(str(path))
        try:
            db.execute("PRAGMA key = \"x'" + "2b" * 32 + "'\"")
            count, total = db.execute("SELECT count(*), sum(n) FROM t").fetchone()
        finally:
            db.close()
    if (count, total) != (100, sum(range(100))):
        raise PartFailed(f"read back {count} rows instead of 100")
    cipher = version[0] if version else "unknown version"
    return f"SQLCipher {cipher}: wrote, encrypted and read back a database"


def check_pyav() -> str:
    import av
    import numpy as np

    if "libx264" not in av.codecs_available:
        raise PartFailed("PyAV's FFmpeg has no libx264 encoder, so films cannot be recorded")
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(10):
            picture = np.full((48, 64, 3), i * 20, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    size = buffer.tell()
    buffer.seek(0)
    with av.open(buffer, "r") as source:
        decoded = sum(1 for _ in source.decode(video=0))
    if decoded != 10:
        raise PartFailed(f"encoded 10 frames but decoded {decoded}")
    return (
        f"PyAV {av.__version__} (FFmpeg {av.ffmpeg_version_info}): libx264 present; "
        f"encoded 10 H.264 frames ({size} bytes) and decoded them back"
    )


def check_opencv() -> str:
    import cv2
    import numpy as np

    path = Path(cv2.data.haarcascades) / "haarcascade_frontalface_default.xml"
    if not path.is_file():
        raise PartFailed(f"the face-finding data is missing ({path.name})")
    cascade = cv2.CascadeClassifier(str(path))
    if cascade.empty():
        raise PartFailed(f"the face-finding data would not load ({path.name})")
    faces = cascade.detectMultiScale(np.zeros((120, 160), dtype=np.uint8))
    if len(faces):
        raise PartFailed("found faces in a blank picture")
    return f"OpenCV {cv2.__version__}: loaded the face finder and ran it on a blank picture"


def check_qt() -> str:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt, qVersion
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(["attune-selfcheck"])
    label = QLabel("Attune")
    label.setStyleSheet("color: black; background: white; font-size: 20px;")
    label.resize(120, 40)
    image = QImage(120, 40, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    label.render(image)
    inked = any(QColor(image.pixel(x, y)).lightness() < 128 for x in range(120) for y in range(40))
    label.deleteLater()
    if not inked:
        raise PartFailed("drew a label but no text appeared (fonts may be missing)")
    platform = QApplication.platformName() if isinstance(app, QApplication) else "unknown"
    return f"Qt {qVersion()}: drew a label with the '{platform}' platform plugin"


def check_rclone() -> str:
    from vfapp.sync.rclone_store import rclone_binary

    try:
        binary = rclone_binary()
    except Exception as error:
        raise PartFailed("the rclone program is not installed with Attune") from error
    done = subprocess.run(
        [binary, "version"], capture_output=True, text=True, timeout=30, check=False
    )
    if done.returncode != 0:
        raise PartFailed(f"'rclone version' failed (exit {done.returncode})")
    first = done.stdout.splitlines()[0] if done.stdout else "rclone (no version text)"
    return f"{first.strip()} ({binary})"


def check_portaudio() -> str:
    try:
        import sounddevice
    except OSError as error:
        raise PartFailed(
            "PortAudio is not installed, so microphones cannot be used "
            "(Debian: apt install libportaudio2)"
        ) from error
    devices = sounddevice.query_devices()
    inputs = sum(1 for d in devices if d.get("max_input_channels", 0) > 0)
    version = sounddevice.get_portaudio_version()[1]
    return f"{version}: {len(devices)} sound devices, {inputs} with an input"


PARTS: list[tuple[str, Callable[[], str], bool]] = [
    ("SQLCipher", check_sqlcipher, True),
    ("PyAV", check_pyav, True),
    ("OpenCV", check_opencv, True),
    ("Qt", check_qt, True),
    ("rclone", check_rclone, True),
    ("PortAudio", check_portaudio, False),
]


def run_checks() -> list[PartResult]:
    results = []
    for name, check, required in PARTS:
        started = time.monotonic()
        try:
            detail, ok = check(), True
        except PartFailed as failure:
            detail, ok = str(failure), False
        except Exception as error:
            detail, ok = f"did not work: {type(error).__name__}: {error}", False
        results.append(PartResult(name, ok, required, detail, time.monotonic() - started))
    return results


def selfcheck(ctx: CommandContext) -> int:
    results = run_checks()
    passed = all(r.ok for r in results if r.required)
    if ctx.wants_json:
        ctx.emit_json(
            {
                "ok": passed,
                "parts": [
                    {
                        "name": r.name,
                        "ok": r.ok,
                        "required": r.required,
                        "detail": r.detail,
                        "seconds": round(r.seconds, 3),
                    }
                    for r in results
                ],
            }
        )
    else:
        for r in results:
            status = "ok" if r.ok else ("FAILED" if r.required else "missing (optional)")
            ctx.say(f"{r.name:<10} {status:<8} {r.detail}")
        ctx.say(
            "All the parts Attune needs work here."
            if passed
            else "Some parts Attune needs do not work here: see the lines marked FAILED."
        )
    return 0 if passed else EXIT_FAILED


def register(nouns: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `selfcheck` to the command line."""
    parser = nouns.add_parser(
        "selfcheck", help="check, without a screen, that each part Attune needs works here"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=selfcheck)
