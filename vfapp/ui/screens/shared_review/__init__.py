"""The shared review: the plan's moments shown full screen to the parent."""

from vfapp.ui.screens.shared_review.screen import SharedReviewScreen

__all__ = ["SharedReviewScreen"]
