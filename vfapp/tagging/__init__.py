"""Tagging: codebooks, tag events, review plans, stills, agreement and exports (no Qt)."""
