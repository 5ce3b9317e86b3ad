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

    Notes
    -----
    A check never raises, whatever it is given. When ``expected`` holds
    numbers, text (``"1"``), truth values (``True``), complex numbers and
    ragged lists are not accepted, even where NumPy would turn them into the
    right number; the message says what is off and how to write a number.

    Examples
    --------
    >>> self_check(..., 3).ok
    False
    >>> print(self_check([[1, 2]], np.array([[1, 2]])))
    Correct: Right.
    >>> print(self_check([1, 2], [[1, 2]]))
    Not yet: Not quite: your answer has shape (2,), the result has shape (1, 2).
    >>> print(self_check(True, 1).message)
    Not quite: the answer must be a number, not a truth value; got True. Write the number itself.
    >>> self_check("1", 1).ok
    False
    """
    if answer is ... or answer is None:
        return Feedback(False, "Not answered yet: replace the ... with your answer and run again.")
    want = np.asarray(expected)
    if want.dtype.kind in "biufc":
        problem = _not_numbers(answer, allow_bool=want.dtype.kind == "b")
        if problem:
            return Feedback(False, f"Not quite: {problem}")
    try:
        got = np.asarray(answer, dtype=np.float64)
        want = want.astype(np.float64)
    except Exception:  # noqa: BLE001 - a check never raises, whatever it is given
        return Feedback(False, f"Not quite: the answer must be numbers; got {_short(answer)}.")
    if got.shape != want.shape:
        return Feedback(
            False,
            f"Not quite: your answer has shape {got.shape}, the result has shape {want.shape}.",
        )
    with np.errstate(all="ignore"):
        close = np.isclose(got, want, rtol=rtol, atol=0.0, equal_nan=True)
    if close.all():
        return Feedback(True, right)
    wrong = int(np.count_nonzero(~close))
    cells = f" ({wrong} of {want.size} values differ)" if want.size > 1 else ""
    return Feedback(False, hint.rstrip(".") + cells + ".")


def _short(value) -> str:
    """``repr`` of a learner's value, cut to a readable length."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - an object whose repr fails
        text = f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def _not_numbers(answer, *, allow_bool: bool) -> str:
    """Why ``answer`` is not a number or a (nested) list of numbers; "" if it is.

    Text and truth values are turned into numbers by NumPy ("1" -> 1.0,
    True -> 1.0); a check must not accept them as numbers.
    """
    stack, lengths = [(answer, 0)], {}
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (str, bytes, np.str_, np.bytes_)):
            return (
                f"the answer must be a number, not text; got {_short(item)}. "
                "Write it without quotes."
            )
        if isinstance(item, (bool, np.bool_)) and not allow_bool:
            return (
                f"the answer must be a number, not a truth value; got {item!r}. "
                "Write the number itself."
            )
        if isinstance(item, (complex, np.complexfloating)) or (
            isinstance(item, np.ndarray) and item.dtype.kind == "c"
        ):
            return "the answer must be real numbers; got a complex number."
        if isinstance(item, np.ndarray):
            if item.dtype.kind == "b" and not allow_bool:
                return "the answer must be numbers, not truth values (an array of True/False)."
            if item.dtype.kind in "USO":
                stack.extend((x, depth + item.ndim) for x in item.ravel().tolist())
        elif isinstance(item, (list, tuple)):
            if lengths.setdefault(depth, len(item)) != len(item):
                return (
                    "the rows of your answer have different lengths; every row of a "
                    "map has the same number of values."
                )
            stack.extend((x, depth + 1) for x in item)
    return ""
