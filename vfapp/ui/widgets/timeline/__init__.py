"""The review workspace's timeline: ruler, picture strip, tag lanes, playhead and zoom."""

from vfapp.ui.widgets.timeline.model import TimelineItem, TimelineLane
from vfapp.ui.widgets.timeline.widget import Timeline

__all__ = ["Timeline", "TimelineItem", "TimelineLane"]
