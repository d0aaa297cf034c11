from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from vfapp.domain.errors import InvalidInput
from vfapp.playback.frame_index import FrameIndex, snap_range


def _index(pts: list[int], keys: list[int]) -> FrameIndex:
    keyframe = np.zeros(len(pts), bool)
    keyframe[keys] = True
    array = np.array(pts, np.int64)
    return FrameIndex(array, array - 3000, keyframe, Fraction(1, 90_000))


def test_times_count_from_the_first_picture_and_map_both_ways() -> None:
    index = _index([6000 + 3000 * i for i in range(90)], [0, 1, 31, 61])
    assert index.time_of(0) == 0.0 and index.time_of(30) == 1.0
    assert index.frame_at_time(1.0) == 30
    assert index.frame_at_time(1.0 - 1e-6) == 29
    assert index.frame_at_time(-5) == 0 and index.frame_at_time(99) == 89
    assert [index.keyframe_at_or_before(n) for n in (0, 1, 30, 31, 89)] == [0, 1, 1, 31, 61]
    assert round(index.fps, 6) == 30 and not index.variable_rate
    assert index.duration_s == 3.0


def test_a_variable_rate_is_noticed() -> None:
    gaps = [3000 if i % 3 else 6000 for i in range(60)]  # 30 fps with every third frame late
    index = _index(list(np.cumsum(gaps)), [0])
    assert index.variable_rate


def test_the_index_round_trips_through_its_stored_form() -> None:
    index = _index([100 + 3003 * i for i in range(1001)], [0, 500, 1000])
    again = FrameIndex.from_bytes(index.to_bytes())
    assert np.array_equal(again.pts, index.pts) and np.array_equal(again.dts, index.dts)
    assert np.array_equal(again.keyframe, index.keyframe) and again.time_base == index.time_base
    assert len(index.to_bytes()) < 8 * 1001  # compact enough to cache for a 20-minute film


def test_a_range_is_snapped_to_whole_frames_for_pictures_and_sound_alike() -> None:
    index = _index([6000 + 3000 * i for i in range(90)], [0, 30, 60])  # 3 s at 30 fps
    span = snap_range(index, 0.95, 1.51)  # frames 28 (0.933 s) to 45 (ends at 1.533 s)
    assert (span.first, span.last) == (28, 45)
    assert span.start_s == index.time_of(28) and span.end_s == index.time_of(46)
    assert span.period_s == pytest.approx(0.6)
    whole = snap_range(index, 0.0, None)
    assert (whole.first, whole.last, whole.end_s) == (0, 89, index.duration_s)
    assert snap_range(index, 2.99, 50.0).last == 89  # an end past the film: to its end
    tiny = snap_range(index, 1.0, 1.0 + 1e-7)  # shorter than a frame: that one frame
    assert (tiny.first, tiny.last) == (30, 30)


def test_the_end_of_a_frame_is_the_next_frames_time_even_at_a_variable_rate() -> None:
    index = _index([0, 3000, 9000, 12000], [0])
    assert [index.end_of(n) for n in range(3)] == [index.time_of(n + 1) for n in range(3)]
    assert index.end_of(3) == index.duration_s


@pytest.mark.parametrize(
    ("start_s", "end_s"), [(2.0, 1.0), (1.0, 1.0), (3.0, None), (-0.1, 1.0), (float("inf"), None)]
)
def test_a_range_with_no_picture_is_refused(start_s: float, end_s: float | None) -> None:
    index = _index([3000 * i for i in range(90)], [0])
    with pytest.raises(InvalidInput):
        snap_range(index, start_s, end_s)
