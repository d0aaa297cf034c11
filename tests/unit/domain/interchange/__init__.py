"""Unit tests of vfapp.domain.interchange."""
