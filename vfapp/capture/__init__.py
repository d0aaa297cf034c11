"""Capture: camera and microphone sources, encoding and the recording pipeline (no Qt)."""

import os

# OpenCV reads these once, when cv2 is first imported, which happens inside this package.
# Quiet logs keep stderr plain; a 2 s V4L2 select timeout notices an unplugged camera sooner
# than the default 10 s; hardware transforms make Windows' MSMF take seconds to open.
os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")
os.environ.setdefault("OPENCV_VIDEOIO_V4L_SELECT_TIMEOUT", "2")
os.environ.setdefault("OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS", "0")
