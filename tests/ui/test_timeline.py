"""The review timeline: seeking, selecting, scrubbing, picking tags, zoom, keys it leaves to
the workspace, what it tells a screen reader, and painting big and empty films."""

from __future__ import annotations

import itertools
import math
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, SignalInstance
from PySide6.QtGui import QHelpEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from bench.timeline_paint import make_timeline, sample
from vfapp.ui.widgets.timeline import Timeline, TimelineItem, TimelineLane, words
from vfapp.ui.widgets.timeline.layout import GUTTER
from vfapp.ui.widgets.timeline.model import ItemIndex, Spacing
from vfapp.ui.widgets.timeline.scale import TimeScale

FILM_MS = 12_000
FRAME_MS = 1000 / 30
LANES = [
    TimelineLane(key="VIG-1", title="Being attentive", colour="#1a73e8"),
    TimelineLane(key="VIG-3", title="Receiving initiatives", colour="#e37400"),
    TimelineLane(key="uncoded", title="Not coded yet", colour="#80868b"),
]
RANGE = TimelineItem(
    id=uuid.UUID(int=1), lane="VIG-1", start_ms=5_000, end_ms=7_000, colour="#1a73e8",
    label="VIG-1.2 parent",
)  # fmt: skip
POINT = TimelineItem(
    id=uuid.UUID(int=2), lane="VIG-3", start_ms=9_000, end_ms=None, colour="#e37400",
    label="VIG-3.1 infant",
)  # fmt: skip
MARKER = TimelineItem(
    id=uuid.UUID(int=3), lane="uncoded", start_ms=2_000, colour="#80868b", label="Marker 1",
    uncoded=True,
)  # fmt: skip


@pytest.fixture
def timeline(qtbot: QtBot) -> Iterator[Timeline]:
    widget = Timeline()
    qtbot.addWidget(widget)
    widget.resize(1200, 220)
    widget.set_film(FILM_MS, FRAME_MS)
    widget.set_lanes(LANES)
    widget.set_items([RANGE, POINT, MARKER])
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()


def lane_y(timeline: Timeline, index: int) -> int:
    box = timeline._layout.lane(index)
    return round(box.center().y())


def spot(timeline: Timeline, ms: float, lane: int = 0) -> QPoint:
    return QPoint(round(timeline.x_for(ms)), lane_y(timeline, lane))


def frame_start(ms: float) -> int:
    return round(math.floor(ms / FRAME_MS + 1e-9) * FRAME_MS)


def record(signal: SignalInstance) -> list[Any]:
    """What a signal sends: each emission's value, or its values as a tuple."""
    seen: list[Any] = []
    signal.connect(lambda *args: seen.append(args if len(args) > 1 else args[0]))
    return seen


# -- mouse ------------------------------------------------------------------------------
def test_a_click_on_empty_ground_seeks_to_the_start_of_the_frame_under_it(
    qtbot: QtBot, timeline: Timeline
) -> None:
    where = spot(timeline, 3_210)
    under = timeline.time_at(where.x())
    with qtbot.waitSignal(timeline.seek_requested) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=where)
    assert blocker.args == [frame_start(under)]
    assert blocker.args[0] <= under < blocker.args[0] + FRAME_MS + 1


def test_a_drag_on_empty_ground_selects_whole_frames_and_shows_the_band(
    qtbot: QtBot, timeline: Timeline
) -> None:
    y = lane_y(timeline, 2)
    start, end = QPoint(round(timeline.x_for(3_000)), y), QPoint(round(timeline.x_for(4_500)), y)
    before = timeline.grab().toImage()
    ranges = record(timeline.range_selected)
    seeks = record(timeline.seek_requested)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(timeline, QPoint(start.x() + 30, y))
    qtbot.mouseMove(timeline, end)
    assert timeline.selection is not None  # the band follows the mouse before release
    middle = QPoint(round(timeline.x_for(3_700)), y - 2)
    during = timeline.grab().toImage()
    assert during.pixelColor(middle) != before.pixelColor(middle)
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=end)
    first, last = timeline.time_at(start.x()), timeline.time_at(end.x())
    # From the start of the first frame to the start of the one after the last.
    assert ranges == [(frame_start(first), frame_start(last + FRAME_MS))]
    assert timeline.selection == ranges[0]
    assert seeks == []  # a drag is not a click


def test_a_drag_backwards_selects_the_same_frames(qtbot: QtBot, timeline: Timeline) -> None:
    y = lane_y(timeline, 2)
    ranges = record(timeline.range_selected)
    a, b = QPoint(round(timeline.x_for(6_000)), y), QPoint(round(timeline.x_for(4_000)), y)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(timeline, b)
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=b)
    (got,) = ranges
    assert got[0] == frame_start(timeline.time_at(b.x()))
    assert got[0] < got[1] <= FILM_MS


def test_dragging_the_playhead_scrubs_once_per_frame(qtbot: QtBot, timeline: Timeline) -> None:
    timeline.zoom_to_frames()  # 12 px a frame: each step below crosses whole frames
    timeline.set_playhead(3_000)
    seeks = record(timeline.seek_requested)
    x = round(timeline.x_for(3_000))
    y = lane_y(timeline, 1)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert seeks == []  # grabbing the playhead does not move it
    for step in range(1, 6):
        qtbot.mouseMove(timeline, QPoint(x + 13 * step, y))
        qtbot.mouseMove(timeline, QPoint(x + 13 * step + 1, y))  # same frame: no new seek
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x + 66, y))
    assert len(seeks) == 5
    assert seeks == sorted(seeks) and len(set(seeks)) == 5
    assert all(ms == frame_start(ms + 1) for ms in seeks)  # each the start of a frame
    assert timeline.playhead_ms == seeks[-1]
    assert timeline.selection is None


def test_a_press_in_the_ruler_jumps_there_and_scrubs(qtbot: QtBot, timeline: Timeline) -> None:
    seeks = record(timeline.seek_requested)
    x = round(timeline.x_for(8_000))
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, 8))
    qtbot.mouseMove(timeline, QPoint(x + 40, 8))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x + 40, 8))
    assert seeks[0] == frame_start(timeline.time_at(x))
    assert seeks[-1] == frame_start(timeline.time_at(x + 40))


def test_clicking_a_tag_selects_it(qtbot: QtBot, timeline: Timeline) -> None:
    seeks = record(timeline.seek_requested)
    with qtbot.waitSignal(timeline.item_clicked) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=spot(timeline, 6_000))
    assert blocker.args == [RANGE.id]
    assert timeline.selected_item == RANGE.id
    assert "VIG-1.2 parent" in timeline.accessibleDescription()
    with qtbot.waitSignal(timeline.item_clicked) as blocker:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=spot(timeline, 9_000, 1))
    assert blocker.args == [POINT.id]
    assert timeline.item_at(QPointF(spot(timeline, 2_000, 2))) == MARKER.id
    assert seeks == []


def test_overlapping_tags_in_one_lane_stack_so_each_can_be_clicked(
    qtbot: QtBot, timeline: Timeline
) -> None:
    under = RANGE.model_copy(update={"id": uuid.UUID(int=9), "start_ms": 5_500})
    timeline.set_items([RANGE, under])
    top = timeline._layout.lane(0).top()
    high, low = QPointF(timeline.x_for(6_000), top + 5), QPointF(timeline.x_for(6_000), top + 17)
    assert {timeline.item_at(high), timeline.item_at(low)} == {RANGE.id, under.id}


# -- zoom and scrolling -----------------------------------------------------------------
def test_zoom_in_out_fit_and_frames(qtbot: QtBot, timeline: Timeline) -> None:
    assert timeline.visible_range_ms == (0, FILM_MS)
    changes = record(timeline.zoom_changed)
    timeline.set_playhead(6_000)
    x = timeline.x_for(6_000)
    timeline.zoom_in()
    start, end = timeline.visible_range_ms
    assert end - start < FILM_MS and start < 6_000 < end
    assert timeline.x_for(6_000) == pytest.approx(x, abs=0.5)  # the playhead stays put
    timeline.zoom_out()
    assert timeline.visible_range_ms == (0, FILM_MS)
    timeline.zoom_out()  # no further than the whole film
    assert timeline.visible_range_ms == (0, FILM_MS)
    timeline.zoom_to_frames()
    start, end = timeline.visible_range_ms
    assert timeline.at_frame_level
    assert (end - start) / FRAME_MS * 12 == pytest.approx(timeline._layout.content_width, rel=0.01)
    assert start <= 6_000 <= end
    timeline.zoom_in()  # frame level is the closest
    assert timeline.visible_range_ms == (start, end)
    timeline.zoom_to_fit()
    assert timeline.visible_range_ms == (0, FILM_MS)
    assert changes[0] > 1 and changes[-1] == pytest.approx(1.0)


def wheel(timeline: Timeline, x: float, notches: float, ctrl: bool) -> QWheelEvent:
    where = QPointF(x, lane_y(timeline, 1))
    event = QWheelEvent(
        where,
        timeline.mapToGlobal(where),
        QPoint(),
        QPoint(0, round(120 * notches)),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(timeline, event)
    return event


def test_ctrl_wheel_zooms_keeping_the_time_under_the_mouse(timeline: Timeline) -> None:
    x = timeline.x_for(2_500)
    under = timeline.time_at(x)
    assert wheel(timeline, x, 3, ctrl=True).isAccepted()
    start, end = timeline.visible_range_ms
    assert end - start < FILM_MS / 2
    assert timeline.time_at(x) == pytest.approx(under, abs=1)
    wheel(timeline, x, -1, ctrl=True)
    assert timeline.time_at(x) == pytest.approx(under, abs=1)


def test_plain_wheel_scrolls_only_when_zoomed(timeline: Timeline) -> None:
    assert not wheel(timeline, 600, -1, ctrl=False).isAccepted()  # the screen may scroll
    timeline.zoom_in()
    timeline.zoom_in()
    before = timeline.visible_range_ms
    assert wheel(timeline, 600, -1, ctrl=False).isAccepted()
    after = timeline.visible_range_ms
    assert after[0] > before[0] and after[1] - after[0] == pytest.approx(before[1] - before[0], 1)


def test_the_view_follows_the_playhead_unless_told_not_to(timeline: Timeline) -> None:
    timeline.set_playhead(0)
    timeline.zoom_to_frames()
    start, end = timeline.visible_range_ms
    timeline.set_playhead(end + 500)
    start, end = timeline.visible_range_ms
    assert start <= timeline.playhead_ms <= end
    timeline.follow_playhead = False
    timeline.set_playhead(1_000)
    assert timeline.visible_range_ms == (start, end)


# -- keys and words ---------------------------------------------------------------------
def press(timeline: Timeline, key: Qt.Key, text: str = "", ctrl: bool = False) -> QKeyEvent:
    modifiers = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    event = QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text)
    QApplication.sendEvent(timeline, event)
    return event


def test_workspace_keys_pass_through(timeline: Timeline) -> None:
    keys = [Qt.Key.Key_Space, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down]
    keys += [Qt.Key(Qt.Key.Key_0.value + n) for n in range(10)]
    keys += [Qt.Key(Qt.Key.Key_A.value + n) for n in range(26)]
    for key in keys:
        assert not press(timeline, key).isAccepted(), key
    assert timeline.visible_range_ms == (0, FILM_MS)


def test_zoom_keys(timeline: Timeline) -> None:
    assert timeline.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert press(timeline, Qt.Key.Key_Plus, "+").isAccepted()
    zoomed = timeline.visible_range_ms
    assert zoomed[1] - zoomed[0] < FILM_MS
    assert press(timeline, Qt.Key.Key_Equal, "=").isAccepted()
    assert press(timeline, Qt.Key.Key_Minus, "-").isAccepted()
    assert timeline.visible_range_ms == zoomed
    assert press(timeline, Qt.Key.Key_0, "0", ctrl=True).isAccepted()
    assert timeline.visible_range_ms == (0, FILM_MS)


def test_it_says_where_the_playhead_is_in_words(timeline: Timeline) -> None:
    assert timeline.accessibleName() == "Timeline"
    timeline.set_playhead(3_456)
    said = timeline.accessibleDescription()
    assert "Playhead at 0:03.4 of 0:12" in said and "3 tags" in said
    assert "whole film" in said
    timeline.set_items([RANGE])
    timeline.zoom_to_frames()
    said = timeline.accessibleDescription()
    assert "1 tag;" in said and "showing 0:0" in said


def test_tooltips_name_the_tag_and_its_times(qtbot: QtBot, timeline: Timeline) -> None:
    assert words.tooltip(RANGE, FILM_MS) == "VIG-1.2 parent\n0:05.0 to 0:07.0 (2.0 s)"
    assert words.tooltip(MARKER, FILM_MS) == "Marker 1\nat 0:02.0\nnot coded yet"
    where = spot(timeline, 6_000)
    event = QHelpEvent(QEvent.Type.ToolTip, where, timeline.mapToGlobal(where))
    QApplication.sendEvent(timeline, event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == words.tooltip(RANGE, FILM_MS)
    QToolTip.hideText()


def test_the_pointer_shows_what_a_press_would_do(qtbot: QtBot, timeline: Timeline) -> None:
    qtbot.mouseMove(timeline, spot(timeline, 6_000))
    assert timeline.cursor().shape() == Qt.CursorShape.PointingHandCursor
    timeline.set_playhead(3_000)
    qtbot.mouseMove(timeline, spot(timeline, 3_000, 2))
    assert timeline.cursor().shape() == Qt.CursorShape.SizeHorCursor
    qtbot.mouseMove(timeline, spot(timeline, 8_000, 2))
    assert timeline.cursor().shape() == Qt.CursorShape.ArrowCursor


def test_it_shows_when_it_has_the_keyboard(qtbot: QtBot, timeline: Timeline) -> None:
    corner = QPoint(timeline.width() // 2, timeline.height() - 2)
    timeline.clearFocus()
    qtbot.waitUntil(lambda: not timeline.hasFocus())
    without = timeline.grab().toImage().pixelColor(corner)
    timeline.setFocus()
    qtbot.waitUntil(timeline.hasFocus)
    assert timeline.grab().toImage().pixelColor(corner) != without


# -- painting -----------------------------------------------------------------------------
def test_an_hour_with_two_thousand_tags_paints_at_every_zoom(qtbot: QtBot) -> None:
    data = sample(60 * 60 * 1000, 2000, pictures=600)
    widget = make_timeline(data, 1200, 220)
    qtbot.addWidget(widget)
    widget.show()
    for zoom in (widget.zoom_to_fit, widget.zoom_in, widget.zoom_to_frames):
        zoom()
        picture = widget.grab()
        assert not picture.isNull() and picture.width() == 1200
    widget.set_playhead(data.duration_ms - 1)
    assert not widget.grab().isNull()


def test_empty_and_zero_length_films_paint(qtbot: QtBot) -> None:
    widget = Timeline()
    qtbot.addWidget(widget)
    widget.resize(1200, 220)
    widget.show()
    assert not widget.grab().isNull()
    assert widget.accessibleDescription() == "No film"
    widget.set_film(0, 0)
    widget.set_lanes([])
    widget.set_items([])
    widget.set_thumbnails([])
    for action in (widget.zoom_in, widget.zoom_out, widget.zoom_to_frames, widget.zoom_to_fit):
        action()
    widget.set_playhead(500)
    widget.set_selection(0, 10)
    seeks = record(widget.seek_requested)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(600, 100))
    assert seeks == []
    assert not widget.grab().isNull()
    widget.set_lanes(LANES)
    widget.set_items([RANGE, POINT.model_copy(update={"lane": "nowhere"})])
    widget.resize(300, 60)  # too small for its lanes
    assert not widget.grab().isNull()


# -- the pure parts -----------------------------------------------------------------------
@pytest.mark.parametrize("px_per_ms", [1052 / 3_600_000, 0.003, 0.03, 0.1, 12 / FRAME_MS])
def test_ruler_labels_never_overlap(px_per_ms: float) -> None:
    scale = TimeScale(GUTTER, 1052, 0, px_per_ms, FRAME_MS, 3_600_000)
    width = 7.0  # px a character

    def measure(text: str) -> float:
        return width * len(text)

    ticks = [t for t in scale.ticks(0, scale.end_ms, measure) if t.major]
    assert len(ticks) >= 2
    for left, right in itertools.pairwise(ticks):
        assert right.x - left.x >= measure(left.label) + 8


def test_items_validate_and_stack() -> None:
    with pytest.raises(ValueError, match="end before it starts"):
        TimelineItem(id=uuid.uuid4(), lane="a", start_ms=10, end_ms=5, colour="#000000", label="x")
    with pytest.raises(ValueError):
        TimelineLane(key="a", title="A", colour="blue")
    items = [
        RANGE,
        RANGE.model_copy(update={"id": uuid.uuid4(), "start_ms": 6_000, "end_ms": 8_000}),
        RANGE.model_copy(update={"id": uuid.uuid4(), "start_ms": 7_500, "end_ms": 9_000}),
    ]
    rows = ItemIndex(items).stack(Spacing(10, 5, 5), max_rows=4)["VIG-1"]
    assert [len(row.items) for row in rows] == [2, 1]  # the third fits after the first
    found = [item.id for item, _ in rows[0].touching(6_900, 7_100)]
    assert found == [RANGE.id]
