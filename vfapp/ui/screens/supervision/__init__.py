"""Supervision: a guider's progress towards accreditation, and logging supervision time."""

from vfapp.ui.screens.supervision.dialog import SupervisionDialog

__all__ = ["SupervisionDialog"]
