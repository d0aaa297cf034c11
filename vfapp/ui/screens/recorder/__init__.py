"""The recording screen: live preview, Record/Stop, markers, warnings."""

from vfapp.ui.screens.recorder.screen import RecorderScreen

__all__ = ["RecorderScreen"]
