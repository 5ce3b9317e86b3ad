"""Checks: every checked part of the course, its feedback and the learner's progress."""

from .beyond import GRAD_OUT
from .exercise import check, check_beyond, hint, solution, solved
from .feedback import Feedback
from .implementation import FEATURES, IMPLEMENTATION_STEPS, check_implementation, time_pooling
from .progress import progress
from .registry import PARTS, REGISTRY
from .self_check import self_check

__all__ = [
    "FEATURES",
    "Feedback",
    "GRAD_OUT",
    "IMPLEMENTATION_STEPS",
    "PARTS",
    "REGISTRY",
    "check",
    "check_beyond",
    "check_implementation",
    "hint",
    "progress",
    "self_check",
    "solution",
    "solved",
    "time_pooling",
]
