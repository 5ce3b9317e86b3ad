"""Check a learner's own pooling function against coursekit, case by case.

:func:`check_implementation` calls the learner's function on small integer
maps, from a 1x1 map up, compares every answer with :func:`coursekit.pool2d`
and stops at the first difference: the smallest input that breaks the
function. The feedback shows that input, the arguments, the expected output
and the learner's output side by side, with a one-line hint when the
difference matches a known mistake (an output one window too big or too
small, padding picked by max, the stride ignored, a mean over padded cells).

A function that raises, runs past a time limit, returns ``None`` (not answered
yet), a list, or an array of the wrong shape, or that changes its input, is
reported as such; nothing the learner's function does can crash the check.
"""

from .cases import FEATURES, IMPLEMENTATION_STEPS
from .check import check_implementation
from .timing import time_pooling

__all__ = ["FEATURES", "IMPLEMENTATION_STEPS", "check_implementation", "time_pooling"]
