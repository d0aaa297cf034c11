"""Benchmarks: each prints readable figures; --json ends with one JSON object."""
