"""Faces in a reel's moments: found with OpenCV's Haar cascades on sample frames and linked
into numbered tracks for a person to choose from, then followed frame to frame (detected
again and matched by position) so that every face not kept is blurred.

Haar cascades find faces turned towards the camera or in profile, in fair light; a face
they miss is not blurred, so a person must watch a blurred reel before it is shared.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2

from vfapp.domain.exports import FaceBox, FaceSighting, FacesUnavailable, FaceTrack
from vfapp.playback.video_session import RGB

Box = tuple[int, int, int, int]  # x, y, width, height
DETECT_WIDTH = 640  # pictures are searched at this width at most: faces of 24+ px are found
HOLD_S = 1.0  # a face not kept stays blurred where last seen for this long after a miss
MARGIN = 0.3  # a blurred box grows by this share of its size on every side


class FaceDetector:
    """OpenCV's frontal and profile face cascades (the profile one both ways round)."""

    def __init__(self) -> None:
        self._frontal, self._profile = _cascades()

    def detect(self, rgb: RGB, *, thorough: bool = True) -> list[Box]:
        """Faces in the picture; `thorough=False` searches fewer sizes, about twice as fast
        (for following faces already found on sample frames)."""
        height, width = rgb.shape[:2]
        scale = min(1.0, DETECT_WIDTH / width)
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        if scale < 1.0:
            size = (round(width * scale), round(height * scale))
            gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
        smallest = max(24, gray.shape[1] // 30)
        found: list[Box] = []
        # Evening out the histogram first loses faces in webcam films: searched as they are.
        passes = ((self._frontal, False, 4), (self._profile, False, 5), (self._profile, True, 5))
        for cascade, flipped, neighbours in passes:
            picture = cv2.flip(gray, 1) if flipped else gray
            step = 1.1 if thorough else 1.2
            boxes = cascade.detectMultiScale(picture, step, neighbours, minSize=(smallest,) * 2)
            for x, y, w, h in boxes:
                x = gray.shape[1] - x - w if flipped else x
                found.append(tuple(round(v / scale) for v in (x, y, w, h)))
        return merge_boxes(found)


@functools.cache
def _cascades() -> tuple[Any, Any]:
    classifier = getattr(cv2, "CascadeClassifier", None)
    data = getattr(getattr(cv2, "data", None), "haarcascades", None)
    if classifier is None or not data:
        raise FacesUnavailable(
            f"this OpenCV ({cv2.__version__}) has no Haar cascade face detector; OpenCV 4 has it"
        )
    names = ("frontalface_default", "profileface")
    files = [Path(data) / f"haarcascade_{name}.xml" for name in names]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise FacesUnavailable(f"OpenCV's face model {missing[0]} is not installed")
    return classifier(str(files[0])), classifier(str(files[1]))


def overlap(a: Box, b: Box) -> float:
    """Intersection over union of two boxes."""
    left, top = max(a[0], b[0]), max(a[1], b[1])
    right, bottom = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, right - left) * max(0, bottom - top)
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union else 0.0


def near(a: Box, b: Box) -> bool:
    """The same face on a nearby frame: overlapping, or centres within ~a face's width."""
    if overlap(a, b) > 0.2:
        return True
    ax, ay = a[0] + a[2] / 2, a[1] + a[3] / 2
    bx, by = b[0] + b[2] / 2, b[1] + b[3] / 2
    reach = 0.8 * max(a[2], b[2])
    return (ax - bx) ** 2 + (ay - by) ** 2 <= reach**2


def merge_boxes(boxes: list[Box]) -> list[Box]:
    """One box per face: boxes that overlap much (two cascades, one face) become their union."""
    merged: list[Box] = []
    for box in sorted(boxes, key=lambda b: -b[2] * b[3]):
        for index, kept in enumerate(merged):
            if overlap(box, kept) > 0.3 or _inside(box, kept):
                merged[index] = _union(kept, box)
                break
        else:
            merged.append(box)
    return sorted(merged)


def link_sightings(
    samples: list[tuple[int, list[Box]]],
    first_id: int,
    moment: int,
    recording_id: Any,
    size: tuple[int, int],
) -> list[FaceTrack]:
    """Sample frames' faces (time in ms, boxes) linked into tracks: a face near one seen on
    one of the last two samples continues that track. Numbered left to right from `first_id`."""
    tracks: list[list[tuple[int, Box]]] = []
    for at_ms, boxes in samples:
        recent = [t for t in tracks if t[-1][0] >= _sample_before(samples, at_ms, 2)]
        taken: set[int] = set()
        for box in boxes:
            match = next((t for t in recent if id(t) not in taken and near(t[-1][1], box)), None)
            if match is None:
                tracks.append([(at_ms, box)])
            else:
                match.append((at_ms, box))
                taken.add(id(match))
    tracks.sort(key=lambda t: (t[0][1][0], t[0][0]))
    return [
        FaceTrack(
            id=first_id + number,
            moment=moment,
            recording_id=recording_id,
            frame_width=size[0],
            frame_height=size[1],
            sightings=tuple(FaceSighting(at_ms=at, box=_face_box(box)) for at, box in track),
        )
        for number, track in enumerate(tracks)
    ]


@dataclass
class _Followed:
    box: Box
    seen_s: float
    keep: bool
    sightings: list[tuple[float, Box]] = field(default_factory=list)


class FaceFollower:
    """Follows one moment's faces frame to frame and says which boxes to blur: every face
    not kept, where it is seen, where a sample saw it, and where it was lost a moment ago."""

    def __init__(self, tracks: list[FaceTrack], keep: set[int]) -> None:
        self._faces = [
            _Followed(
                box=_box(t.sightings[0].box),
                seen_s=-HOLD_S - 1,
                keep=t.id in keep,
                sightings=[(s.at_ms / 1000, _box(s.box)) for s in t.sightings],
            )
            for t in tracks
        ]

    def update(self, t_s: float, detections: list[Box]) -> None:
        """Match this frame's detections to the faces followed; a new face is not kept."""
        for face in self._faces:
            nearest = min(face.sightings, key=lambda s: abs(s[0] - t_s), default=None)
            if nearest is not None and abs(nearest[0] - t_s) < abs(face.seen_s - t_s):
                face.box = nearest[1]  # a sample nearer in time than the last match
        free = list(self._faces)
        for box in sorted(detections, key=lambda b: -b[2] * b[3]):
            match = max(
                (f for f in free if near(f.box, box)),
                key=lambda f: overlap(f.box, box) + (1.0 if f.seen_s >= t_s - HOLD_S else 0.0),
                default=None,
            )
            if match is None:
                self._faces.append(_Followed(box=box, seen_s=t_s, keep=False))
                continue
            match.box, match.seen_s = box, t_s
            free.remove(match)

    def to_blur(self, t_s: float) -> list[Box]:
        boxes = []
        for face in self._faces:
            if face.keep:
                continue
            if t_s - face.seen_s <= HOLD_S:
                boxes.append(face.box)
            boxes += [box for at, box in face.sightings if abs(at - t_s) <= HOLD_S / 2]
        return boxes


def blur_boxes(rgb: RGB, boxes: list[Box]) -> RGB:
    """The picture with each box (grown by MARGIN) pixelated coarsely and then smoothed, so
    no feature survives."""
    if not boxes:
        return rgb
    out = rgb.copy()
    height, width = rgb.shape[:2]
    for x, y, w, h in boxes:
        left, top = max(0, int(x - w * MARGIN)), max(0, int(y - h * MARGIN))
        right, bottom = (
            min(width, int(x + w * (1 + MARGIN))),
            min(height, int(y + h * (1 + MARGIN))),
        )
        if right - left < 2 or bottom - top < 2:
            continue
        patch = out[top:bottom, left:right]
        tiny = cv2.resize(patch, (6, 6), interpolation=cv2.INTER_AREA)
        coarse = cv2.resize(tiny, (right - left, bottom - top), interpolation=cv2.INTER_NEAREST)
        kernel = max(3, (min(right - left, bottom - top) // 4) | 1)
        out[top:bottom, left:right] = cv2.GaussianBlur(coarse, (kernel, kernel), 0)
    return out


def _sample_before(samples: list[tuple[int, list[Box]]], at_ms: int, back: int) -> int:
    times = [t for t, _ in samples if t < at_ms]
    return times[-back] if len(times) >= back else (times[0] if times else at_ms)


def _inside(a: Box, b: Box) -> bool:
    inside_x = a[0] >= b[0] and a[0] + a[2] <= b[0] + b[2]
    return inside_x and a[1] >= b[1] and a[1] + a[3] <= b[1] + b[3]


def _union(a: Box, b: Box) -> Box:
    left, top = min(a[0], b[0]), min(a[1], b[1])
    right, bottom = max(a[0] + a[2], b[0] + b[2]), max(a[1] + a[3], b[1] + b[3])
    return (left, top, right - left, bottom - top)


def _face_box(box: Box) -> FaceBox:
    x, y, width, height = box
    return FaceBox(x=max(0, x), y=max(0, y), width=max(1, width), height=max(1, height))


def _box(box: FaceBox) -> Box:
    return (box.x, box.y, box.width, box.height)
