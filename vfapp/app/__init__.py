"""Composition root: builds the services and hands them to the command line and the screens."""
