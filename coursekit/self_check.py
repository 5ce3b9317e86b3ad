"""A lesson's quick self-check: compare a learner's answer with the engine's.

The five graded exercises have their own checks; this is the small "Try it"
check at the end of a lesson notebook. It never reveals the expected values.
"""

from __future__ import annotations

import numpy as np

from .feedback import Feedback

__all__ = ["self_check"]


def self_check(answer, expected, *, right="Right.", hint="Not quite; look again.", rtol=1e-9):
    """Compare ``answer`` with ``expected`` and say so, as a :class:`Feedback`.

    Parameters
    ----------
    answer : array_like, scalar or Ellipsis
        What the learner wrote; ``...`` (the learners' placeholder) or None (a
        function not written yet) means
        "not answered yet".
    expected : array_like or scalar
        The reference, computed by coursekit in the notebook.
    right : str
        Keyword-only. Message when the answer matches.
    hint : str
        Keyword-only. Message when it does not; should point the way without
        giving the answer away.
    rtol : float, default 1e-9
        Keyword-only. Relative tolerance for float comparisons.

    Returns
    -------
    Feedback
        ``ok`` is True only for a match of shape and values.

    Examples
    --------
    >>> self_check(..., 3).ok
    False
    >>> print(self_check([[1, 2]], np.array([[1, 2]])))
    Correct: Right.
    >>> print(self_check([1, 2], [[1, 2]]))
    Not yet: Not quite: your answer has shape (2,), the result has shape (1, 2).
    """
    if answer is ... or answer is None:
        return Feedback(False, "Not answered yet: replace the ... with your answer and run again.")
    try:
        got = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return Feedback(False, f"Not quite: the answer must be numbers; got {answer!r}.")
    want = np.asarray(expected, dtype=np.float64)
    if got.shape != want.shape:
        return Feedback(
            False,
            f"Not quite: your answer has shape {got.shape}, the result has shape {want.shape}.",
        )
    if np.allclose(got, want, rtol=rtol, atol=0.0, equal_nan=True):
        return Feedback(True, right)
    wrong = int(np.count_nonzero(~np.isclose(got, want, rtol=rtol, atol=0.0, equal_nan=True)))
    cells = f" ({wrong} of {want.size} values differ)" if want.size > 1 else ""
    return Feedback(False, hint.rstrip(".") + cells + ".")
