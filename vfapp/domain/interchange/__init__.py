"""Codes in and out: pure readers and writers for CSV, ELAN .eaf and BORIS files."""
