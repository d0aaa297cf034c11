"""Which cameras this computer has, and the modes each offers."""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

import cv2
from pydantic import BaseModel, ConfigDict

COMMON_MODES = ((640, 480), (1280, 720), (1920, 1080))


class CameraMode(BaseModel):
    model_config = ConfigDict(frozen=True)

    fourcc: str
    width: int
    height: int
    fps: tuple[float, ...]


class CameraInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    index: int
    name: str
    device: str
    modes: tuple[CameraMode, ...]


def platform_backend() -> int:
    if sys.platform.startswith("linux"):
        return int(cv2.CAP_V4L2)
    if sys.platform == "win32":
        return int(cv2.CAP_MSMF)
    return int(cv2.CAP_AVFOUNDATION)


def list_cameras() -> list[CameraInfo]:
    if sys.platform.startswith("linux"):
        return _v4l2_cameras(Path("/dev"))
    return _probed_cameras()


def _probed_cameras() -> list[CameraInfo]:
    """Windows and macOS: indices are contiguous; modes are found by asking and reading back."""
    found = []
    for index in range(8):
        capture = cv2.VideoCapture(index, platform_backend())
        try:
            if not capture.isOpened():
                break
            modes = []
            for width, height in COMMON_MODES:
                capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
                capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
                got = (
                    int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
                    int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
                )
                if got == (width, height):
                    fps = capture.get(cv2.CAP_PROP_FPS)
                    modes.append(
                        CameraMode(
                            fourcc="?", width=width, height=height, fps=(fps,) if fps > 0 else ()
                        )
                    )
        finally:
            capture.release()
        found.append(
            CameraInfo(
                index=index, name=f"Camera {index + 1}", device=str(index), modes=tuple(modes)
            )
        )
    return found


# V4L2 ioctls (linux/videodev2.h), used to tell capture nodes from metadata nodes and to
# list modes without opening a stream.
_QUERYCAP, _ENUM_FMT = 0x80685600, 0xC0405602
_ENUM_FRAMESIZES, _ENUM_FRAMEINTERVALS = 0xC02C564A, 0xC034564B
_CAPTURE, _CAPTURE_MPLANE, _DEVICE_CAPS = 0x1, 0x1000, 0x80000000


def _ioctl(fd: int, request: int, payload: bytes) -> bytearray:
    import fcntl  # POSIX only; this path runs on Linux

    buffer = bytearray(payload)
    fcntl.ioctl(fd, request, buffer, True)
    return buffer


def _v4l2_cameras(dev: Path) -> list[CameraInfo]:
    cameras = []
    for node in sorted(dev.glob("video[0-9]*"), key=lambda p: int(p.name[5:])):
        try:
            fd = os.open(node, os.O_RDWR | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            caps = _ioctl(fd, _QUERYCAP, bytes(104))
            card = caps[16:48].split(b"\0")[0].decode(errors="replace")
            device_caps, node_caps = struct.unpack_from("<II", caps, 84)
            own_caps = node_caps if device_caps & _DEVICE_CAPS else device_caps
            if not own_caps & (_CAPTURE | _CAPTURE_MPLANE):
                continue  # a metadata node of the same camera
            cameras.append(
                CameraInfo(
                    index=int(node.name[5:]),
                    name=card,
                    device=str(node),
                    modes=tuple(_v4l2_modes(fd)),
                )
            )
        except OSError:
            continue
        finally:
            os.close(fd)
    return cameras


def _v4l2_modes(fd: int) -> list[CameraMode]:
    modes = []
    for format_index in range(64):
        try:
            described = _ioctl(fd, _ENUM_FMT, struct.pack("<II", format_index, 1) + bytes(56))
        except OSError:
            break
        pixel_format = struct.unpack_from("<I", described, 44)[0]
        fourcc = pixel_format.to_bytes(4, "little").decode(errors="replace")
        for size_index in range(64):
            try:
                size = _ioctl(
                    fd, _ENUM_FRAMESIZES, struct.pack("<II", size_index, pixel_format) + bytes(36)
                )
            except OSError:
                break
            kind, width, height = struct.unpack_from("<III", size, 8)
            if kind != 1:  # only discrete sizes (what UVC webcams report)
                break
            rates = _v4l2_rates(fd, pixel_format, width, height)
            modes.append(CameraMode(fourcc=fourcc, width=width, height=height, fps=rates))
    return modes


def _v4l2_rates(fd: int, pixel_format: int, width: int, height: int) -> tuple[float, ...]:
    rates = []
    for rate_index in range(32):
        request = struct.pack("<IIIII", rate_index, pixel_format, width, height, 0) + bytes(32)
        try:
            interval = _ioctl(fd, _ENUM_FRAMEINTERVALS, request)
        except OSError:
            break
        kind, numerator, denominator = struct.unpack_from("<III", interval, 16)
        if kind == 1 and numerator:
            rates.append(round(denominator / numerator, 2))
    return tuple(rates)
