"""Authoring tools for the course, run from the repository root: ``python -m tools.<name>``."""
