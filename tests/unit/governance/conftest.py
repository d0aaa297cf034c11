"""Governance fixtures live in tests/governance_fixtures.py (shared with integration tests)."""

from tests.governance_fixtures import FakeClock

__all__ = ["FakeClock"]
