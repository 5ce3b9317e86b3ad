"""Checks for the five exercises: a clear yes, or a hint that never gives the answer away.

``check(part, answer)`` looks at what a learner computed and returns a
:class:`~coursekit.Feedback`; ``hint(part)`` gives a nudge. The parts,
in course order, are the keys of :data:`PARTS`. A check never raises for
anything a learner can pass (``None``, text, ragged lists, NaN, infinities,
huge numbers, empty arrays, objects that refuse to be compared): such answers
are simply not accepted, with a message that says what is off. Only an
unknown part id raises, since that is a mistake in the notebook, not in the
answer.

Right answers are accepted in their ordinary forms: an int, a float, a NumPy
scalar or a 0-d array, a list, a tuple or an ndarray. Whole-number answers must
be exact; the other numbers are accepted within 1 % relative.
"""

from __future__ import annotations

import html
import numbers
import warnings

import numpy as np

from .answers import NOT_ANSWERED, Reject, unanswered
from .feedback import Feedback
from .progress import record
from .quiz_counts import (
    check_1a,
    check_1b,
    check_1c,
    check_3a,
    check_3b,
    check_3c,
    check_4a,
    check_4b,
    check_4c,
    check_5a,
    check_5b,
)
from .quiz_shift import check_2
from .quiz_words import check_1d, check_5c
from .registry import HINTS
from .registry import QUIZ_PARTS as PARTS

__all__ = ["PARTS", "check", "hint"]


class Hint(str):
    """A hint's text (a ``str``) that shows as a short coloured line in Jupyter."""

    part: str = ""

    def __repr__(self) -> str:
        return f"Hint [{self.part}]: {str(self)}"

    def _repr_html_(self) -> str:
        return (
            f'<div class="coursekit-hint" style="color:#0b5cad;font-family:sans-serif;'
            f'padding:2px 0">&#128161; <b>Hint [{html.escape(self.part)}]</b> '
            f"{html.escape(str(self))}</div>"
        )


def _part_id(part) -> str:
    if isinstance(part, str) and part.strip().lower() in PARTS:
        return part.strip().lower()
    valid = ", ".join(map(repr, PARTS))
    extra = ""
    if isinstance(part, numbers.Integral) and str(part) in PARTS:
        extra = f"; pass the part as a string, e.g. '{part}'"
    raise ValueError(f"`part` must be one of {valid}; got {part!r}{extra}")


def check(part, answer) -> Feedback:
    """Check a learner's answer to one exercise part.

    Parameters
    ----------
    part : str
        The part id, one of the keys of :data:`PARTS` (``"1a"`` ... ``"5c"``).
    answer : object
        What the learner computed: a number, a list, a tuple, an ndarray, a
        string or, for part ``"2"``, a pair ``(my_map, my_shifted)``: a map and
        its one-pixel shift.
        ``...`` (the learners' placeholder) means not answered yet.

    Returns
    -------
    Feedback
        ``.ok`` is True when the answer is right; ``.message`` says why, or
        hints at what is off without giving the answer. A right answer is
        recorded in the learner's progress.

    Raises
    ------
    ValueError
        If ``part`` is not a known part id. Nothing a learner passes as
        ``answer`` raises.

    Examples
    --------
    An accepted answer is saved in the progress file; keep this example's
    progress out of yours:

    >>> import os, tempfile
    >>> from unittest import mock
    >>> scratch = os.path.join(tempfile.mkdtemp(), "progress.json")
    >>> with mock.patch.dict(os.environ, {"COURSEKIT_PROGRESS": scratch}):
    ...     print(check("1a", 1).ok, check("1a", [1]).ok, check("1a", 1.0).ok)
    True True True
    >>> check("1b", 20).ok
    False
    >>> check("1b", 20).message.split(":")[0]
    'that is a bare number, but pooling returns a map'
    >>> print(check("3a", ...))
    Not yet [3a]: not answered yet: replace the `...` with your answer and run the cell again.
    >>> check("9z", 1)
    Traceback (most recent call last):
    ...
    ValueError: `part` must be one of '1a', '1b', '1c', '1d', '2', '3a', '3b', '3c', '4a', \
'4b', '4c', '5a', '5b', '5c'; got '9z'
    """
    key = _part_id(part)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            if unanswered(answer):
                ok, message = False, NOT_ANSWERED
            else:
                ok, message = _CHECKERS[key](answer)
    except Reject as reason:
        ok, message = False, str(reason)
    except Exception as err:  # noqa: BLE001 - a check must never raise on an answer
        ok, message = (
            False,
            (
                f"could not read this answer ({type(err).__name__} while looking at it). "
                "Give a plain number, list, tuple or NumPy array."
            ),
        )
    if ok:
        record(key)
    return Feedback(ok, message, part=key)


def hint(part) -> Hint:
    """A nudge for one exercise part; never the answer.

    Parameters
    ----------
    part : str
        The part id, one of the keys of :data:`PARTS`.

    Returns
    -------
    Hint
        A ``str`` that Jupyter shows as a short coloured line.

    Raises
    ------
    ValueError
        If ``part`` is not a known part id.

    Examples
    --------
    >>> "map" in hint("1b")
    True
    """
    key = _part_id(part)
    text = Hint(HINTS[key])
    text.part = key
    return text


_CHECKERS = {
    "1a": check_1a,
    "1b": check_1b,
    "1c": check_1c,
    "1d": check_1d,
    "2": check_2,
    "3a": check_3a,
    "3b": check_3b,
    "3c": check_3c,
    "4a": check_4a,
    "4b": check_4b,
    "4c": check_4c,
    "5a": check_5a,
    "5b": check_5b,
    "5c": check_5c,
}
