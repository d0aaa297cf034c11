"""The consent form a parent reads along with."""

from vfapp.ui.screens.consent.screen import ConsentScreen

__all__ = ["ConsentScreen"]
