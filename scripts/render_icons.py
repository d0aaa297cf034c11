"""Render Attune's icon (resources/icons/attune.svg) to the PNG sizes desktops ask for.

    .venv/bin/python scripts/render_icons.py

Writes vfapp/resources/icons/hicolor/<N>x<N>/apps/org.attune.Attune.png for each size and
copies the SVG beside them (vfapp/resources/icons/attune.svg), so the running app, the bundle
and the Linux desktop files all use the same pictures. Run it again after editing the SVG and
commit the PNGs.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "attune.svg"
TARGET = ROOT / "vfapp" / "resources" / "icons"
APP_ID = "org.attune.Attune"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(source: Path = SOURCE, target: Path = TARGET) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["render_icons"])
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source} is not an SVG Qt can draw")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = target / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"could not write {path}")
        written.append(path)
    shutil.copyfile(source, target / "attune.svg")
    return written


def main() -> int:
    for path in render():
        print(path.relative_to(ROOT))
    print((TARGET / "attune.svg").relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
