"""Playback: demux and decode from the vault, frame-accurate seek and stepping (no Qt)."""
