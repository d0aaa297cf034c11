"""The review workspace: play, step, tag, freeze stills and plan the shared review."""

from vfapp.ui.screens.workspace.screen import WorkspaceScreen

__all__ = ["WorkspaceScreen"]
