"""Exports from the workspace: report, reel, stills and codes, each consent-checked and audited."""

from vfapp.ui.screens.exports.dialog import ExportDialog

__all__ = ["ExportDialog"]
