"""Pure domain: models, ids, the hybrid logical clock and errors. Imports nothing else of vfapp."""
