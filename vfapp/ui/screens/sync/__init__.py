"""Team sync: the store, the last sync, what waits, notes to choose between, and laptops."""

from vfapp.ui.screens.sync.screen import SyncScreen

__all__ = ["SyncScreen"]
