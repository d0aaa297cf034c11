"""Timeline paint benchmark: how long one full repaint and one playhead move take, for a long
film with many tags, at the whole-film view and zoomed in.

Run from the repository root:  QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.timeline_paint
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from vfapp.ui.widgets.timeline import Timeline, TimelineItem, TimelineLane

VIG_LANES = (
    ("VIG-1", "Being attentive", "#1a73e8"),
    ("VIG-2", "Encouraging initiatives", "#188038"),
    ("VIG-3", "Receiving initiatives", "#e37400"),
    ("VIG-4", "Developing attuned interactions", "#a142f4"),
    ("VIG-5", "Guiding", "#d93025"),
    ("VIG-6", "Deepening discussion", "#12b5cb"),
)
WHO = ("parent", "infant", "both")


@dataclass(frozen=True)
class Sample:
    duration_ms: int
    frame_ms: float
    lanes: list[TimelineLane]
    items: list[TimelineItem]
    pictures: list[tuple[float, QImage]]


def sample(duration_ms: int, tags: int, *, pictures: int = 60, seed: int = 7) -> Sample:
    """A film with tags spread over six VIG lanes and an uncoded lane, and coloured pictures."""
    rng = random.Random(seed)
    lanes = [TimelineLane(key=key, title=title, colour=colour) for key, title, colour in VIG_LANES]
    lanes.append(TimelineLane(key="uncoded", title="Not coded yet", colour="#80868b"))
    items = []
    for number in range(tags):
        lane = lanes[rng.randrange(len(lanes))]
        start = rng.randrange(0, max(1, duration_ms - 12_000))
        point = rng.random() < 0.35 or lane.key == "uncoded"
        end = None if point else start + rng.randrange(1_000, 12_000)
        code = f"{lane.key}.{rng.randint(1, 4)}" if lane.key != "uncoded" else "Marker"
        items.append(
            TimelineItem(
                id=uuid.UUID(int=rng.getrandbits(128)),
                lane=lane.key,
                start_ms=start,
                end_ms=end,
                colour=lane.colour,
                label=f"{code} {rng.choice(WHO)}" if lane.key != "uncoded" else f"Marker {number}",
                uncoded=lane.key == "uncoded",
            )
        )
    return Sample(duration_ms, 1000 / 30, lanes, items, coloured_pictures(duration_ms, pictures))


def coloured_pictures(duration_ms: int, count: int) -> list[tuple[float, QImage]]:
    """Evenly spaced 16:9 pictures whose colour drifts through the film, with a darker band."""
    pictures = []
    for index in range(count):
        image = QImage(160, 90, QImage.Format.Format_RGB32)
        hue = int(360 * index / max(1, count)) % 360
        image.fill(QColor.fromHsv(hue, 90, 210))
        painter = QPainter(image)
        painter.fillRect(0, 55, 160, 35, QColor.fromHsv(hue, 120, 120))
        painter.fillRect(20 + index % 7 * 18, 20, 24, 30, QColor.fromHsv((hue + 180) % 360, 80, 90))
        painter.end()
        pictures.append((duration_ms / 1000 * index / count, image))
    return pictures


def make_timeline(data: Sample, width: int = 1400, height: int = 260) -> Timeline:
    timeline = Timeline()
    timeline.resize(width, height)
    timeline.set_film(data.duration_ms, data.frame_ms)
    timeline.set_lanes(data.lanes)
    timeline.set_items(data.items)
    timeline.set_thumbnails(data.pictures)
    timeline.set_playhead(data.duration_ms // 3)
    return timeline


def median_ms(action: Callable[[], object], repeats: int) -> float:
    action()  # the first run fills caches
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def measure(repeats: int) -> dict[str, float]:
    """Median ms: a full repaint (after a change that redraws everything, such as a tag
    selected), one frame of playback (the playhead moves a frame and the widget repaints
    what that dirtied), and a Ctrl+wheel zoom step (stacking again, then a full repaint)."""
    data = sample(60 * 60 * 1000, 2000, pictures=3600)
    timeline = make_timeline(data)
    timeline.show()
    QApplication.processEvents()
    figures = {}
    for view, zoom in (
        ("whole film", timeline.zoom_to_fit),
        ("30 s in view", lambda: timeline.zoom_at(data.duration_ms / 30_000, 1_200_000)),
        ("frame level", timeline.zoom_to_frames),
    ):
        zoom()
        figures[f"{view}: full repaint"] = median_ms(_full_repaint(timeline, data), repeats)
        figures[f"{view}: one playback frame"] = median_ms(_playback(timeline, data), repeats)
        figures[f"{view}: zoom step"] = median_ms(_zoom_step(timeline), repeats)
    timeline.close()
    return figures


def _full_repaint(timeline: Timeline, data: Sample) -> Callable[[], None]:
    choices = iter(range(10**9))

    def repaint() -> None:
        timeline.select_item(data.items[next(choices) % 2].id)
        timeline.repaint()

    return repaint


def _playback(timeline: Timeline, data: Sample) -> Callable[[], None]:
    frames = iter(range(10**9))
    start = timeline.playhead_ms

    def one_frame() -> None:
        timeline.set_playhead(start + round(next(frames) * data.frame_ms))
        QApplication.processEvents()

    return one_frame


def _zoom_step(timeline: Timeline) -> Callable[[], None]:
    steps = iter(range(10**9))
    anchor = timeline.playhead_ms

    def step() -> None:
        timeline.zoom_at(1.25 if next(steps) % 2 else 0.8, anchor)
        timeline.repaint()

    return step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    print("1-hour film, 2000 tags, 7 lanes, 3600 pictures, 1400x260 px")
    for name, value in measure(args.repeats).items():
        print(f"  {name:36s} median {value:7.2f} ms")
    app.quit()


if __name__ == "__main__":
    main()
