"""Checks of the "Try it" cells of lessons 15-20, the lessons beyond the post.

Each ``check_NN(answer)`` returns ``(ok, message)`` or raises
:class:`~coursekit.checks.answers.Reject`; :func:`coursekit.check` reads the
answer with the one answer reader and builds the feedback. Every expected
answer is computed by coursekit, not typed in.
"""

from __future__ import annotations

import math

import numpy as np

from ..data import ANCHOR
from ..engine.adaptive import adaptive_bounds
from ..engine.backward import pool2d_backward
from ..engine.blurpool import blur_filter
from ..engine.geometry import output_size
from ..measures.gradients import rel_error
from ..measures.params import conv_params
from .answers import Reject, read_array, read_count

__all__ = ["BEYOND_CHECKS", "GRAD_OUT"]

#: The upstream gradient of lesson 15's exercise (one value per output cell).
GRAD_OUT = np.array([[1.0, 2.0], [3.0, 4.0]])

#: Lesson 15 teaches that a correct gradient has a relative error well under 1e-6.
GRADIENT_TOLERANCE = 1e-6


def _relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """The smaller of the lesson's measure (:func:`coursekit.rel_error`, cell by cell)
    and the largest error over the largest value: a gradient either calls correct is
    correct (the cell-by-cell measure is strict on cells near zero, the other where
    one cell dominates)."""
    scaled = float(np.abs(a - b).max() / max(np.abs(a).max(), np.abs(b).max(), 1e-12))
    return min(rel_error(a, b), scaled)


def check_15(answer):
    want = pool2d_backward(ANCHOR, GRAD_OUT, 2, mode="avg")
    arr = read_array(answer, "the gradient, a 4x4 array of numbers")
    if arr.shape != want.shape:
        raise Reject(
            "the gradient has one value per input cell, the shape of the anchor map; "
            f"yours has shape {arr.shape}."
        )
    arr = arr.astype(float)
    if _relative_error(arr, want) < GRADIENT_TOLERANCE:
        return True, "each cell gets its window's gradient divided by the 4 cells that share it."
    if _relative_error(arr, pool2d_backward(ANCHOR, GRAD_OUT, 2)) < GRADIENT_TOLERANCE:
        raise Reject("that is max pooling's gradient; average pooling spreads it to every cell.")
    if _relative_error(arr, want * 4) < GRADIENT_TOLERANCE:
        raise Reject("each window's gradient is shared by its 4 cells: did you divide?")
    if abs(arr.sum() - GRAD_OUT.sum()) > GRADIENT_TOLERANCE * GRAD_OUT.sum():
        raise Reject(
            "without padding the gradient is conserved: your cells should add up to the sum "
            "of the upstream gradient, and they do not."
        )
    raise Reject("the total is right but the shares are not: which window does each cell sit in?")


#: Lesson 16's question: (n, kernel_size, stride, padding), in ceil mode. Chosen so that
#: ceil mode matters (floor gives one window fewer, and the last window still starts
#: inside the input) and so that forgetting the padding gives a value of its own.
_Q16 = (14, 5, 2, 2)


def _length(answer, what: str) -> int:
    if isinstance(answer, (tuple, list, np.ndarray)):
        arr = read_array(answer, what)
        if arr.shape == (2,) and arr[0] == arr[1]:  # a square map's shape
            answer = arr[0]
    return read_count(answer, what)


def check_16(answer):
    n, k, s, p = _Q16
    want = output_size(n, k, stride=s, padding=p, ceil_mode=True)
    got = _length(answer, "the output length (one whole number)")
    if got == want:
        return True, "the formula, with ceil, and the last window starts inside the input."
    # Forgetting the + 1 (ceil((n + 2p - k) / s)) and forgetting ceil mode
    # (floor(...) + 1) give the same number whenever ceil mode matters.
    if got in (math.ceil((n + 2 * p - k) / s), output_size(n, k, stride=s, padding=p)):
        raise Reject(
            "check two steps: ceil mode rounds (n + 2p - k) / s up, not down, "
            "and the formula ends with + 1 for the first window."
        )
    if got == output_size(n, k, stride=s, ceil_mode=True):
        raise Reject("padding adds p cells on each side: n + 2p.")
    raise Reject(
        "use out = ceil((n + 2p - k) / s) + 1, then drop a last window that would start "
        "in the right padding."
    )


def _bounds(answer) -> tuple[np.ndarray, np.ndarray]:
    form = "a pair (starts, ends), each a list of 3 whole numbers"
    arr = read_array(answer, form)
    if arr.shape == (3, 2):  # one (start, end) pair per window
        arr = arr.T
    if arr.shape != (2, 3) or not np.all(arr == np.round(arr)):
        raise Reject(f"give {form}.")
    return arr[0], arr[1]


def check_17(answer):
    want_s, want_e = adaptive_bounds(7, 3)
    s, e = _bounds(answer)
    if np.array_equal(s, want_s) and np.array_equal(e, want_e):
        return True, "floor for the starts, ceil for the ends: windows of 3 that overlap by one."
    if np.array_equal(s, want_e) and np.array_equal(e, want_s):
        raise Reject("the pair is the wrong way round: the starts first, then the ends.")
    if np.array_equal(e, want_e - 1):
        raise Reject("the ends are exclusive, as in Python slices: one past the last cell.")
    if np.array_equal(s, want_s):
        raise Reject("the starts are right; the ends use ceil((i + 1) * n / out), exclusive.")
    if np.array_equal(e, want_e):
        raise Reject("the ends are right; the starts use floor(i * n / out).")
    raise Reject("start = floor(i * n / out), end = ceil((i + 1) * n / out), for i = 0, 1, 2.")


def check_18(answer):
    want = blur_filter(3)
    arr = read_array(answer, "the filter, a 3x3 array of numbers").astype(float)
    if arr.shape == (3,):
        raise Reject("that is one row; the 2-D filter is the outer product of it with itself.")
    if arr.shape != (3, 3):
        raise Reject(f"the filter has 3x3 taps; yours has shape {arr.shape}.")
    if np.allclose(arr, want, rtol=1e-6, atol=1e-9):
        return True, "a binomial filter that sums to 1: it blurs without changing the brightness."
    total = float(np.sum(arr / 9.0)) * 9.0  # divided first: no overflow
    if total != 0 and abs(total - 1) > 1e-5 and np.allclose(arr / total, want, rtol=1e-6):
        raise Reject("the right shape of filter, but its taps do not sum to 1: normalise it.")
    if total == 0 or np.any(arr <= 0):
        raise Reject("the filter's taps should be positive numbers.")
    if np.allclose(arr, want, rtol=0.1):
        raise Reject("close, but not exact: write the taps as fractions, not rounded decimals.")
    raise Reject("start from the row [1, 2, 1] of Pascal's triangle.")


def check_19(answer):
    want = conv_params(64, 128, 3)
    got = read_count(answer, "the number of parameters, one whole number")
    if got == want:
        return True, "the stride changes the cost in compute, not in parameters."
    if got == conv_params(64, 128, 3, bias=False):
        raise Reject("the weights are right; add one bias per output channel.")
    if got in (conv_params(64, 128, 1), 64 * 128):
        raise Reject("each output channel has a 3x3 filter for every input channel.")
    if got in (want * 2, want // 4, want // 2):
        raise Reject("the stride changes nothing in this count: a filter has the same taps.")
    raise Reject("in_channels x out_channels x kH x kW weights, plus the biases.")


def check_20(answer):
    side = output_size(16, 2)  # one 2x2 / stride 2 pool of a 16x16 map
    want = (16 * side * side, 16)  # the last convolution's 16 channels
    form = "a pair (flatten_inputs, gap_inputs) of whole numbers"
    arr = read_array(answer, form)
    if arr.size != 2 or not np.all(arr == np.round(arr)):
        raise Reject(f"give {form}.")
    a, b = (int(v) for v in arr.reshape(-1))
    if (a, b) == want:
        return True, "the flatten head grows with the image; the GAP head does not."
    if (b, a) == want:
        raise Reject("the pair is the wrong way round: flatten first, then GAP.")
    if b != want[1]:
        raise Reject("GAP leaves one number per channel of the last layer.")
    if a == 16 * 16 * 16:
        raise Reject("the map is pooled 2x2 once before the head: what side is left?")
    raise Reject("after one 2x2 pool a 16x16 image is 8x8; the flatten head gets every cell.")


BEYOND_CHECKS = {
    "15": check_15,
    "16": check_16,
    "17": check_17,
    "18": check_18,
    "19": check_19,
    "20": check_20,
}
