"""Team sync: change log, HLC merge and transports to the team store (no Qt)."""
