"""The library: families, their visits and each visit's recordings."""

from vfapp.ui.screens.library.screen import LibraryScreen

__all__ = ["LibraryScreen"]
