"""A quick self-check for a notebook's own small question: compare with coursekit's value.

The parts of the course have their own checks (:func:`coursekit.check`);
this compares any answer with any expected value, for a question an author
adds on the side. It reads the answer with the one answer reader, so it
never raises or hangs, and it never reveals the expected value or its shape.
"""

from __future__ import annotations

import numpy as np

from .answers import Reject, read_array, unanswered
from .feedback import Feedback

__all__ = ["self_check"]


def self_check(answer, expected, *, right="that matches.", hint="look again.", rtol=1e-9):
    """Compare ``answer`` with ``expected`` and say so, as a :class:`Feedback`.

    Parameters
    ----------
    answer : array_like, scalar or Ellipsis
        What the learner wrote; ``...`` (the learners' placeholder) or None (a
        function not written yet) means "not answered yet".
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
        ``ok`` is True only for a match of shape and values. It is not saved
        in the learner's progress (it is no part of the course).

    Notes
    -----
    A check never raises, whatever it is given. Text (``"1"``), truth values
    (``True``), complex numbers and ragged lists are not accepted as numbers,
    even where NumPy would turn them into the right number. A one-item list
    counts as the number it holds.

    Examples
    --------
    >>> self_check(..., 3).ok
    False
    >>> print(self_check([[1, 2]], np.array([[1, 2]])))
    Correct: that matches.
    >>> print(self_check([1, 2], [[1, 2]]))
    Not yet: the answer does not have the expected shape; read the question for its form.
    >>> print(self_check(True, 1).message)
    True/False is not a number here; give a number.
    >>> print(self_check(5, 4, hint="where does the window end?"))
    Not yet: where does the window end?
    """
    waiting = unanswered(answer)
    if waiting:
        return Feedback(False, waiting)
    try:
        want = np.asarray(expected, dtype=np.float64)
    except Exception:  # noqa: BLE001 - an expected value a notebook got wrong
        return Feedback(False, "the expected value could not be read.")
    try:
        got = read_array(answer, "numbers")
    except Reject as why:
        return Feedback(False, str(why))
    except Exception as err:  # noqa: BLE001 - a hostile answer is answered, never raised
        return Feedback(
            False,
            f"this answer could not be read ({type(err).__name__} while looking at it); "
            "give a number, a list of numbers or an array.",
        )
    if got.size == 1 and want.size == 1:
        got, want = got.reshape(()), want.reshape(())
    if got.shape != want.shape:
        return Feedback(
            False, "the answer does not have the expected shape; read the question for its form."
        )
    with np.errstate(all="ignore"):
        close = np.isclose(got.astype(np.float64), want, rtol=rtol, atol=0.0, equal_nan=True)
    if close.all():
        return Feedback(True, right)
    message = hint.strip() or "look again."
    if want.size > 1:
        wrong = int(np.count_nonzero(~close))
        message = f"{message} ({wrong} of {want.size} values differ)."
    elif message[-1] not in ".?!":
        message += "."
    return Feedback(False, message)
