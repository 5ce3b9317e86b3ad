"""Check a learner's own pooling function against coursekit, case by case."""

from __future__ import annotations

__all__ = ["IMPLEMENTATION_PARTS", "IMPLEMENTATION_STEPS"]

#: The steps of notebook 09, in order: part id -> what the learner's function does.
IMPLEMENTATION_PARTS = {
    "9.1": "two loops over one map",
    "9.2": "any stride",
    "9.3": "padding",
    "9.4": "channels and batches",
    "9.5": "vectorised, no loop over output cells",
}

#: The features each step's check uses (see :func:`check_implementation`).
IMPLEMENTATION_STEPS = {
    "9.1": ("loops",),
    "9.2": ("loops", "stride"),
    "9.3": ("loops", "stride", "padding"),
    "9.4": ("loops", "stride", "padding", "channels"),
    "9.5": ("loops", "stride", "padding", "channels", "vectorised"),
}
