"""The codebook editor: the team's codebooks, edited as new versions, imported and exported."""

from vfapp.ui.screens.codebooks.dialog import CodebookEditor

__all__ = ["CodebookEditor"]
