"""Checks for the "Try it" cells of lessons 15-20, the lessons beyond the post.

``check_beyond(part, answer)`` returns a :class:`~coursekit.Feedback`
(``.ok``, ``.message``) like the exercises' ``check``: it never raises for
anything a learner can pass, a wrong answer gets a hint about what is off and
never the answer itself, and only an unknown part id raises ``ValueError``.
Every expected answer is computed by coursekit, not typed in.
"""

from __future__ import annotations

import math
import numbers
import warnings

import numpy as np

from ..data import ANCHOR
from ..engine.adaptive import adaptive_bounds
from ..engine.backward import pool2d_backward
from ..engine.blurpool import blur_filter
from ..engine.geometry import output_size
from ..measures.params import conv_params
from .feedback import Feedback
from .progress import record
from .registry import BEYOND_PARTS

__all__ = ["BEYOND_PARTS", "check_beyond", "GRAD_OUT"]

#: The upstream gradient of lesson 15's exercise (one value per output cell).
GRAD_OUT = np.array([[1.0, 2.0], [3.0, 4.0]])


_NOT_YET = "not answered yet: replace the ... with your answer and run the cell again"


def _unanswered(answer) -> bool:
    """``...`` or None, alone or in a pair: the learners' copy before an answer."""
    if answer is Ellipsis or answer is None:
        return True
    return isinstance(answer, tuple) and any(item is Ellipsis for item in answer)


def _array(answer):
    """The answer as a float array, or None when it is not a rectangular array of numbers."""
    if answer is None or answer is Ellipsis or isinstance(answer, (str, bytes)):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            arr = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        return None
    return arr


def _number(answer):
    if isinstance(answer, bool):
        return None
    arr = _array(answer)
    if arr is None or arr.size != 1 or not np.isfinite(arr).all():
        return None
    return float(arr.reshape(-1)[0])


def _check_15(answer):
    want = pool2d_backward(ANCHOR, GRAD_OUT, 2, mode="avg")
    arr = _array(answer)
    if arr is None:
        return False, "give the gradient as a 4x4 array of numbers"
    if arr.shape != want.shape:
        return False, (
            f"the gradient has one value per input cell, so the shape of the map "
            f"(4, 4); got shape {arr.shape}"
        )
    if not np.isfinite(arr).all():
        return False, "the gradient holds NaN or infinity; every cell gets a finite share"
    if np.allclose(arr, want, rtol=1e-9, atol=1e-12):
        return True, "each cell gets its window's gradient divided by the 4 cells that share it"
    if np.allclose(arr, pool2d_backward(ANCHOR, GRAD_OUT, 2), atol=1e-12):
        return False, "that is max pooling's gradient; average pooling spreads it to every cell"
    if np.allclose(arr, want * 4, atol=1e-12):
        return False, "each window's gradient is shared by its 4 cells: did you divide?"
    if not np.isclose(arr.sum(), GRAD_OUT.sum()):
        return False, (
            f"without padding the gradient is conserved: your cells should add up to the sum "
            f"of the upstream gradient; they add up to {arr.sum():g}"
        )
    return False, "the total is right but the shares are not: which window does each cell sit in?"


#: Lesson 16's question: (n, kernel_size, stride, padding), in ceil mode. Chosen so that
#: ceil mode matters (floor gives one window fewer, and the last window still starts
#: inside the input) and so that forgetting the padding gives a value of its own.
_Q16 = (14, 5, 2, 2)


def _check_16(answer):
    n, k, s, p = _Q16
    want = output_size(n, k, stride=s, padding=p, ceil_mode=True)
    got = _number(answer)
    if got is None or got != int(got):
        return False, "give the output length as one whole number"
    got = int(got)
    if got == want:
        return True, "the formula, with ceil, and the last window starts inside the input"
    # Forgetting the + 1 (ceil((n + 2p - k) / s)) and forgetting ceil mode
    # (floor(...) + 1) give the same number whenever ceil mode matters.
    if got in (math.ceil((n + 2 * p - k) / s), output_size(n, k, stride=s, padding=p)):
        return False, (
            "check two steps: ceil mode rounds (n + 2p - k) / s up, not down, "
            "and the formula ends with + 1 for the first window"
        )
    if got == output_size(n, k, stride=s, ceil_mode=True):
        return False, "padding adds p cells on each side: n + 2p"
    return False, (
        "use out = ceil((n + 2p - k) / s) + 1, then drop a last window that would start "
        "in the right padding"
    )


def _check_17(answer):
    want_s, want_e = adaptive_bounds(7, 3)
    try:
        starts, ends = answer
    except (TypeError, ValueError):
        return False, "give a pair (starts, ends), each a list of 3 whole numbers"
    s, e = _array(starts), _array(ends)
    if s is None or e is None or s.shape != (3,) or e.shape != (3,):
        return False, "give a pair (starts, ends), each a list of 3 whole numbers"
    if np.array_equal(s, want_s) and np.array_equal(e, want_e):
        return True, "floor for the starts, ceil for the ends: windows of 3 that overlap by one"
    if np.array_equal(e, want_e - 1):
        return False, "the ends are exclusive, as in Python slices: one past the last cell"
    if np.array_equal(s, want_s):
        return False, "the starts are right; the ends use ceil((i + 1) * n / out), exclusive"
    if np.array_equal(e, want_e):
        return False, "the ends are right; the starts use floor(i * n / out)"
    return False, "start = floor(i * n / out), end = ceil((i + 1) * n / out), for i = 0, 1, 2"


def _check_18(answer):
    want = blur_filter(3)
    arr = _array(answer)
    if arr is None:
        return False, "give the filter as a 3x3 array of numbers"
    if arr.shape == (3,):
        return False, "that is one row; the 2-D filter is the outer product of it with itself"
    if arr.shape != (3, 3):
        return False, f"the filter has 3x3 taps; got shape {arr.shape}"
    if np.allclose(arr, want, rtol=1e-6, atol=1e-9):
        return True, "a binomial filter that sums to 1: it blurs without changing the brightness"
    if np.isclose(arr.sum(), 0) or not np.isfinite(arr).all():
        return False, "the filter's taps should be positive numbers"
    if not np.isclose(arr.sum(), 1) and np.allclose(arr / arr.sum(), want, rtol=1e-6):
        return False, f"the right shape of filter, but it sums to {arr.sum():g}: normalise it to 1"
    if np.allclose(arr, want, rtol=1e-2):
        return False, "close, but not exact: write the taps as fractions, not rounded decimals"
    return False, "start from the row [1, 2, 1] of Pascal's triangle"


def _check_19(answer):
    want = conv_params(64, 128, 3)
    got = _number(answer)
    if got is None or got != int(got):
        return False, "give the number of parameters as one whole number"
    got = int(got)
    if got == want:
        return True, "the stride changes the cost in compute, not in parameters"
    if got == conv_params(64, 128, 3, bias=False):
        return False, "the weights are right; add one bias per output channel"
    if got in (conv_params(64, 128, 1), 64 * 128):
        return False, "each output channel has a 3x3 filter for every input channel"
    return False, "in_channels x out_channels x kH x kW weights, plus the biases"


def _check_20(answer):
    want = (16 * 8 * 8, 16)
    try:
        flat, gap = answer
    except (TypeError, ValueError):
        return False, "give a pair (flatten_inputs, gap_inputs) of whole numbers"
    a, b = _number(flat), _number(gap)
    if a is None or b is None:
        return False, "give a pair (flatten_inputs, gap_inputs) of whole numbers"
    if (a, b) == want:
        return True, "the flatten head grows with the image; the GAP head does not"
    if (b, a) == want:
        return False, "the pair is the wrong way round: flatten first, then GAP"
    if b != want[1]:
        return False, "GAP leaves one number per channel of the last layer"
    if a == 16 * 16 * 16:
        return False, "the map is pooled 2x2 once before the head: what side is left?"
    return False, "after one 2x2 pool a 16x16 image is 8x8; the flatten head gets every cell"


_CHECKS = {
    "15": _check_15,
    "16": _check_16,
    "17": _check_17,
    "18": _check_18,
    "19": _check_19,
    "20": _check_20,
}


def check_beyond(part, answer) -> Feedback:
    """Check the answer to a "Try it" of lessons 15-20.

    Parameters
    ----------
    part : str or int
        The lesson's number, one of the keys of :data:`BEYOND_PARTS`.
    answer : object
        What the learner computed; anything at all is accepted without raising.

    Returns
    -------
    Feedback
        ``.ok`` True when accepted; ``.message`` says why, or what is off.

    Raises
    ------
    ValueError
        If ``part`` is not one of the known parts (a mistake in the notebook).

    Examples
    --------
    >>> check_beyond("19", 73856).ok
    True
    >>> print(check_beyond("19", 73728))
    Not yet [19]: the weights are right; add one bias per output channel
    >>> check_beyond("16", ...).ok
    False
    """
    key = str(part).strip() if isinstance(part, (str, numbers.Integral)) else None
    if key not in _CHECKS or isinstance(part, bool):
        raise ValueError(
            f"`part` must be one of {', '.join(map(repr, BEYOND_PARTS))}; got part={part!r}. "
            "Use the lesson's number, e.g. check_beyond('15', answer)"
        )
    if _unanswered(answer):
        return Feedback(False, _NOT_YET, key)
    try:
        ok, message = _CHECKS[key](answer)
    except Exception:  # noqa: BLE001 - a check never raises for a learner's answer
        ok, message = False, "this answer could not be read; see the question for its form"
    if ok:
        record(key)
    return Feedback(ok, message, key)
