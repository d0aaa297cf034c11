"""Capture: camera and microphone sources, encoding and the recording pipeline (no Qt)."""
