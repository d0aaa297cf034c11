"""Following faces without a detector: boxes merged, sample sightings linked into numbered
tracks, faces followed frame to frame, and only those not kept blurred (beyond recognition)."""

from __future__ import annotations

from uuid import UUID

import numpy as np

from vfapp.playback.reel_faces import (
    HOLD_S,
    FaceFollower,
    blur_boxes,
    link_sightings,
    merge_boxes,
    near,
    overlap,
)

FILM = UUID(int=9)
PARENT = (100, 50, 60, 60)
BABY = (300, 120, 40, 40)


def test_boxes_of_one_face_are_merged_and_near_ones_are_the_same_face() -> None:
    assert overlap(PARENT, PARENT) == 1.0 and overlap(PARENT, BABY) == 0.0
    assert merge_boxes([PARENT, (105, 55, 55, 55), BABY]) == [(100, 50, 60, 60), BABY]
    assert near(PARENT, (130, 60, 60, 60)) and not near(PARENT, BABY)


def test_sightings_become_tracks_numbered_left_to_right() -> None:
    samples = [
        (0, [BABY, PARENT]),
        (500, [(305, 125, 40, 40)]),  # the parent missed once
        (1000, [(104, 52, 60, 60), (310, 126, 40, 40)]),
        (1500, [(104, 52, 60, 60), (310, 126, 40, 40), (500, 10, 30, 30)]),
    ]
    tracks = link_sightings(samples, 3, 2, FILM, (640, 480))
    assert [t.id for t in tracks] == [3, 4, 5]
    parent, baby, stranger = tracks
    assert [s.at_ms for s in parent.sightings] == [0, 1000, 1500]
    assert [s.at_ms for s in baby.sightings] == [0, 500, 1000, 1500]
    assert [s.at_ms for s in stranger.sightings] == [1500]
    assert {t.moment for t in tracks} == {2} and parent.describe().endswith("on 3 sample frames")


def test_faces_not_kept_are_blurred_where_seen_and_a_moment_after() -> None:
    tracks = link_sightings([(0, [PARENT, BABY])], 1, 1, FILM, (640, 480))
    follower = FaceFollower(tracks, keep={1})  # keep the parent
    follower.update(0.0, [PARENT, BABY])
    assert follower.to_blur(0.0) == [BABY, BABY]  # seen now, and the sample's box
    moved = (320, 130, 40, 40)
    follower.update(0.4, [(102, 50, 60, 60), moved])
    assert follower.to_blur(0.4) == [moved, BABY]
    follower.update(0.8, [(104, 50, 60, 60)])  # the baby not found this time
    assert follower.to_blur(0.8) == [moved]  # still blurred where last seen
    assert follower.to_blur(0.4 + HOLD_S + 0.1) == []
    follower.update(2.0, [(104, 50, 60, 60), (400, 300, 50, 50)])  # someone new
    assert follower.to_blur(2.0) == [(400, 300, 50, 50)]


def test_a_blurred_box_keeps_nothing_of_the_face() -> None:
    rng = np.random.default_rng(7)
    picture = rng.integers(0, 256, (240, 320, 3), dtype=np.uint8)
    out = blur_boxes(picture, [(100, 60, 80, 80)])
    face = np.s_[60:140, 100:180]
    assert out[face].std() < 0.2 * picture[face].std()
    assert np.array_equal(out[:30], picture[:30])  # outside the grown box: untouched
    assert blur_boxes(picture, []) is picture
