"""Pictures on screen: frames wrapped as QImage without a copy, fitted with their shape kept."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage


def rgb_image(pixels: npt.NDArray[np.uint8]) -> QImage:
    """An RGB array as a QImage sharing its memory: keep `pixels` alive as long as the image."""
    height, width = pixels.shape[:2]
    return QImage(pixels.data, width, height, pixels.strides[0], QImage.Format.Format_RGB888)


def fitted(picture: QSize, box: QRect) -> QRect:
    """The largest rectangle of the picture's shape centred in `box`."""
    if picture.isEmpty() or box.isEmpty():
        return QRect()
    scaled = picture.scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
    left = box.left() + (box.width() - scaled.width()) // 2
    top = box.top() + (box.height() - scaled.height()) // 2
    return QRect(left, top, scaled.width(), scaled.height())
