"""Attune: record, tag and review parent-infant interaction, kept in an encrypted vault."""

__version__ = "0.1.0"
