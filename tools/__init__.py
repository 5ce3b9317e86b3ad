"""Authoring tools, not installed with coursekit.

Notebook building, the static site and the browser driver used by tests and benchmarks.
"""
