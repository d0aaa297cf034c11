"""GUI latency in the review workspace: from a keypress (or a click on the timeline) to the
new frame painted on screen, at 720p, in the real window under pytest-qt.

Run from the repository root:  .venv/bin/python -m bench.gui_latency [--quick] [--json]

Each press is timed from just before Qt gets the key to the moment the frame view has painted
the frame asked for (the paint is timed inside paintEvent, so polling adds nothing). The
baseline, measured in the same run on the same film and interleaved with the window's seeks,
is the engine alone: VideoSession.seek to the same frames, without any GUI. The target is
p95 under 100 ms for step and seek.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from tests.ui.workspace_flows import film_for_review, open_workspace
from vfapp.capture.frames import VideoMode
from vfapp.playback.video_session import VideoSession
from vfapp.ui.main_window import MainWindow
from vfapp.ui.screens.workspace.film_deck import Picture

FILM_S = {"full": 60.0, "quick": 20.0}
PRESSES = {"full": 200, "quick": 60}


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def figures(name: str, samples_s: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples_s]
    return {
        f"{name}_p50_ms": round(statistics.median(ms), 2),
        f"{name}_p95_ms": round(percentile(ms, 95), 2),
        f"{name}_max_ms": round(max(ms), 2),
    }


def test_gui_latency(qtbot: QtBot, window: MainWindow) -> None:  # run through main(), not CI
    plan = os.environ.get("VFAPP_BENCH_PLAN", "full")
    random.seed(7)
    p720 = VideoMode(width=1280, height=720, fps=30)
    film = film_for_review(qtbot, window, seconds=FILM_S[plan], mode=p720)
    screen = open_workspace(qtbot, window, film)
    painted: dict[int, float] = {}

    def watch(picture: Picture, _took: float) -> None:
        painted.setdefault(picture.number, time.perf_counter())

    screen.view.watchers.append(watch)
    facts = screen.deck.facts
    assert facts is not None
    frames = facts.frame_count

    def timed(act: Callable[[], object], expected: int) -> float:
        painted.pop(expected, None)
        started = time.perf_counter()
        act()
        qtbot.waitUntil(lambda: expected in painted, timeout=10_000)
        return painted[expected] - started

    def key(which: Qt.Key, shift: bool = False) -> Callable[[], None]:
        modifiers = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
        return partial(qtbot.keyClick, screen, which, modifiers)

    presses = PRESSES[plan]
    results: dict[str, list[float]] = {
        "step_forward": [],
        "step_back": [],
        "second": [],
        "seek": [],
    }
    # The baseline, interleaved so that a noisy moment hits both alike: the engine alone
    # (a session of its own, so nothing is cached) seeking to the same frame as the window.
    engine: list[float] = []
    baseline = VideoSession(window.actor().vault, film)
    for _ in range(presses):
        start = random.randrange(40, frames - 40)
        results["seek"].append(timed(partial(screen.control.seek_ms, facts.time_ms(start)), start))
        began = time.perf_counter()
        baseline.seek(start)
        engine.append(time.perf_counter() - began)
        baseline.seek(random.randrange(0, frames))  # the next seek starts from elsewhere too
        results["step_forward"].append(timed(key(Qt.Key.Key_Right), start + 1))
        results["step_back"].append(timed(key(Qt.Key.Key_Left), start))
        results["second"].append(timed(key(Qt.Key.Key_Right, shift=True), start + 30))
    baseline.close()
    clicks: list[float] = []
    timeline = screen.timeline
    for _ in range(presses // 2):
        x = random.randrange(timeline.width() // 5, timeline.width() - 10)
        before = screen.deck.target
        painted.clear()
        started = time.perf_counter()
        where = QPoint(x, timeline.height() - 30)
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=where)  # type: ignore[no-untyped-call]
        target = screen.deck.target
        if target != before:
            qtbot.waitUntil(partial(painted.__contains__, target), timeout=10_000)
            clicks.append(painted[target] - started)
    numbers: dict[str, float] = {}
    for name, samples in results.items():
        numbers |= figures(name, samples)
    if clicks:
        numbers |= figures("timeline_click", clicks)
    numbers |= figures("engine_seek", engine)
    ratio = round(numbers["seek_p95_ms"] / numbers["engine_seek_p95_ms"], 2)
    median_ratio = round(numbers["seek_p50_ms"] / numbers["engine_seek_p50_ms"], 2)
    report = {"plan": plan, "film_s": FILM_S[plan], "size": "1280x720", **numbers}
    report["seek_p95_ratio_vs_engine"] = ratio
    report["seek_p50_ratio_vs_engine"] = median_ratio
    out = os.environ.get("VFAPP_BENCH_OUT")
    if out:
        Path(out).write_text(json.dumps(report))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"gui-latency-{os.getpid()}.json"
    os.environ |= {
        "VFAPP_BENCH_PLAN": "quick" if args.quick else "full",
        "VFAPP_BENCH_OUT": str(out),
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    }
    code = pytest.main(
        ["-q", "-p", "tests.conftest", "-p", "tests.ui.conftest", "-o", "testpaths=", __file__]
    )
    if code != 0 or not out.exists():
        sys.exit(f"the benchmark did not finish (pytest exit {code})")
    report = json.loads(out.read_text())
    out.unlink()
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"GUI latency, {report['size']}, a {report['film_s']:.0f} s film ({report['plan']}):")
    for name in ("step_forward", "step_back", "second", "seek", "timeline_click", "engine_seek"):
        if f"{name}_p50_ms" in report:
            print(
                f"  {name:15s} p50 {report[f'{name}_p50_ms']:7.2f} ms   "
                f"p95 {report[f'{name}_p95_ms']:7.2f} ms   max {report[f'{name}_max_ms']:7.2f} ms"
            )
    print(
        f"  seek vs engine alone: p50 {report['seek_p50_ratio_vs_engine']}x, "
        f"p95 {report['seek_p95_ratio_vs_engine']}x (target: p95 under 100 ms)"
    )


if __name__ == "__main__":
    main()
