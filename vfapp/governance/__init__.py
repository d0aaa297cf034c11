"""Governance: users and roles, consent, retention and the audit trail (no Qt)."""
