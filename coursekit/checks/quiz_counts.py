"""Checks of the quiz parts answered with numbers: 1a-1c, 3a-3c, 4a-4c, 5a and 5b."""

from __future__ import annotations

import math
import numbers

import numpy as np

from ..data import ANCHOR
from .answers import Reject, close, read_array, read_count, read_number

# --------------------------------------------------------------------------- part 1


def check_1a(answer):
    if isinstance(answer, (list, tuple, np.ndarray)):
        arr = read_array(answer)
        if arr.size == 2:
            raise Reject(
                "that looks like a count per axis (rows, columns); the question asks how many "
                "windows there are in all: combine the two axes."
            )
    n = read_count(answer, "a number of windows")
    if n == 1:
        return (
            True,
            "(4 - 3) // 3 + 1 = 1 window position along each axis: a single 3x3 window fits.",
        )
    if n < 0:
        raise Reject("a count of windows cannot be negative.")
    if n == 0:
        raise Reject("the window at the top-left corner does fit: 3 rows and 3 columns of 4.")
    if n == 4:
        raise Reject(
            "that is how many 2x2 windows fit with stride 2. With a 3x3 window and stride 3, "
            "where would the second window along a row start, and where would it end?"
        )
    if n == 2:
        raise Reject(
            "a second window along a row would start at column 3 and need columns 3 to 5, "
            "past the map's edge (no padding, no ceil mode here)."
        )
    raise Reject(
        "count the window positions along each axis, output_size(4, 3, stride=3), then "
        "combine the two axes."
    )


_WINDOW = ANCHOR[:3, :3]


def check_1b(answer):
    arr = read_array(answer)
    if arr.ndim == 0:
        raise Reject(
            "that is a bare number, but pooling returns a map: a 2-D array of rows and "
            "columns, even when it is tiny. Give the pooled output itself (its shape matters)."
        )
    if arr.ndim == 1:
        raise Reject(
            "that is 1-D; the pooled output is a 2-D map (a list of rows). "
            "Give pool2d's output as it is."
        )
    if arr.ndim > 2:
        raise Reject(f"that has {arr.ndim} axes; the pooled output of a 2-D map is 2-D.")
    if arr.size == 0:
        raise Reject("that map is empty; at least one window fits on the anchor map.")
    if arr.shape != (1, 1):
        raise Reject(
            f"your map has shape {arr.shape}. Count the 3x3 windows that fit with "
            "stride 3 along each axis: that is the output's shape."
        )
    value = float(arr[0, 0])
    if value == float(_WINDOW.max()):
        return True, (
            "the only window covers rows 0-2 and columns 0-2, and its largest value wins."
        )
    if close(value, float(_WINDOW.mean()), 1e-3):
        raise Reject("that is the average of the window; this part asks for max pooling.")
    if value == float(_WINDOW.min()):
        raise Reject("that is the smallest value of the window; max pooling keeps the largest.")
    if value in ANCHOR[3, :] or value in ANCHOR[:, 3]:
        raise Reject("that value is in the last row or column, which the 3x3 window never reaches.")
    if value == float(ANCHOR[0, 0]):
        raise Reject("that is the top-left cell itself, not the largest value of its window.")
    if value in ANCHOR:
        raise Reject(
            "that value is in the anchor map, but it is not the largest one the 3x3 window "
            "at the top-left covers."
        )
    raise Reject(
        "max pooling returns one of the values inside the window; that number is not in "
        "the window at all."
    )


def check_1c(answer):
    n = read_count(answer, "a number of cells")
    if n == 7:
        return True, (
            "the last row (4 cells) and the last column (4 cells) share a corner, "
            "4 + 4 - 1 = 7 cells, among them the 18, never looked at."
        )
    if n < 0 or n > 16:
        raise Reject("the anchor map has 16 cells; the count must be between 0 and 16.")
    if n == 8:
        raise Reject(
            "close: the bottom-right corner is in the last row and in the last column; "
            "count it once."
        )
    if n == 9:
        raise Reject("that is how many cells the window does look at; count the others.")
    if n == 0:
        raise Reject(
            "2x2 pooling with stride 2 looks at every cell; the single 3x3 / stride 3 "
            "window does not."
        )
    if n == 4:
        raise Reject(
            "that is one row (or one column) of the map; both the last row and the "
            "last column are missed."
        )
    raise Reject(
        "shade the 3x3 block the window covers at the top-left; count the cells of the "
        "4x4 map outside it."
    )


# --------------------------------------------------------------------------- part 3


def _count(answer, what="a number of parameters") -> int:
    n = read_count(answer, what)
    if n < 0:
        raise Reject("a number of parameters cannot be negative.")
    return n


_HEADS = {
    "3a": (
        90,
        "8 x 10 = 80 weights + 10 biases = 90 parameters.",
        "GAP leaves one value per channel; a fully connected layer from n_in to n_out has "
        "n_in x n_out weights and n_out biases.",
        {
            80: "that counts the weights only: each of the 10 outputs also has a bias.",
            10: "that is only the biases; add the weights.",
            18: "inputs plus outputs: every input connects to every output, so multiply.",
            8: "that is how many values GAP passes on; the question counts the layer's parameters.",
            88: "one bias per output, not per input (nor both).",
            1290: "that is the flatten head (part 3b); here the layer sees only the GAP values.",
            1280: "that is the flatten head's weights (part 3b); here the layer sees only the "
            "GAP values.",
            128: "that is the flattened size; GAP keeps one value per channel.",
        },
    ),
    "3b": (
        1290,
        "4 x 4 x 8 = 128 inputs, 128 x 10 = 1280 weights + 10 biases = 1290.",
        "flatten the 4x4x8 map to one vector (how long?), then count n_in x n_out weights "
        "and n_out biases.",
        {
            1280: "that counts the weights only: each of the 10 outputs also has a bias.",
            1408: "one bias per output, not per input.",
            138: "inputs plus outputs: every input connects to every output, so multiply.",
            128: "that is the number of inputs after flattening; count the layer's parameters.",
            90: "that is the GAP head (part 3a); here the whole map is flattened first.",
            80: "that is the GAP head's weights (part 3a); here the whole map is flattened first.",
            160: "flattening keeps all 4 x 4 x 8 values, one input each.",
        },
    ),
}


def _check_head(part, answer):
    n = _count(answer)
    right, why, nudge, known = _HEADS[part]
    if n == right:
        return True, why
    raise Reject(known.get(n, nudge))


def check_3a(answer):
    return _check_head("3a", answer)


def check_3b(answer):
    return _check_head("3b", answer)


_RATIO = 1290 / 90
#: Ratios that come from wrong reasoning, each with what went wrong.
_WRONG_RATIOS = (
    (
        1280 / 80,
        "that is the ratio of the weights only (or of the inputs, 128 / 8); the "
        "counts of parts 3a and 3b include the biases.",
    ),
    (
        1290 / 80,
        "that mixes a count with biases (3b) and one without (the GAP head's 80 "
        "weights); use the counts of parts 3a and 3b.",
    ),
    (
        1280 / 90,
        "that mixes a count without biases (the flatten head's 1280 weights) and one "
        "with (3a); use the counts of parts 3a and 3b.",
    ),
    ((1290 + 90) / 90, "that adds the two heads before dividing; divide 3b's count by 3a's."),
)


def _rounds_ratio(value) -> bool:
    """Whether ``value`` is the exact ratio or one of its roundings to 1-6 decimals."""
    if abs(value - _RATIO) <= 1e-6 * _RATIO:
        return True
    return any(abs(value - round(_RATIO, d)) <= 1e-6 * _RATIO for d in range(1, 7))


def check_3c(answer):
    value = read_number(answer)
    if _rounds_ratio(value):
        return True, "1290 / 90 = 14.33: the GAP head has about 14 times fewer parameters."
    if value <= 0:
        raise Reject("a ratio of two parameter counts is positive.")
    for wrong, why in _WRONG_RATIOS:
        if close(value, wrong, 0.002):
            raise Reject(why)
    if close(value, 1 / _RATIO, 0.01) or close(value, 80 / 1280, 0.01):
        raise Reject(
            "upside down: the ratio asks how many times more parameters the flatten head has."
        )
    if close(value, 1290 - 90, 0.01) or close(value, 1280 - 80, 0.01):
        raise Reject("that is the difference of the two counts; the question asks for a ratio.")
    if value == round(_RATIO):
        raise Reject("close, but rounded too much: keep at least one decimal.")
    if abs(value - _RATIO) < 0.5:
        raise Reject(
            "close, but not the ratio of the two counts: check both counts (parts 3a and 3b), "
            "then divide again."
        )
    raise Reject("divide the flatten head's count (part 3b) by the GAP head's (part 3a).")


# --------------------------------------------------------------------------- part 4


def _positions(answer, mode: str) -> int:
    """A count of positions out of 49; a share (0 < x < 1, or 1/49) is told to count."""
    value = read_number(answer, "a number of positions")
    if close(value, 1 / 49, 0.02):
        raise Reject(
            "that is a share (1/49 is also the gradient each cell gets from the average); "
            f"the question asks how many positions get a gradient from global {mode}."
        )
    if isinstance(value, float) and 0 < value < 1:
        raise Reject("that is a share of the map; the question asks how many positions.")
    value = read_count(value, "a number of positions")
    if value < 0 or value > 49:
        raise Reject("a 7x7 map has 49 positions; the count is between 0 and 49.")
    return value


def check_4a(answer):
    value = read_number(answer)
    target = 1 / 7
    if close(value, target, 0.05):
        return True, (
            f"sigma / sqrt(H W) = 1 / sqrt(49) = 1/7 = {target:.4f}. Averaging 49 "
            "independent values shrinks the noise 7-fold."
        )
    if value < 0:
        raise Reject("a standard deviation is never negative.")
    if value == 0:
        raise Reject("averaging shrinks noise but never removes it entirely.")
    if close(value, 1 / 49):
        raise Reject("that is the variance of the average; the standard deviation is its root.")
    if close(value, 1):
        raise Reject(
            "that is the spread of a single cell. Averaging N independent values shrinks "
            "the standard deviation by sqrt(N)."
        )
    if value > 1:
        raise Reject("averaging shrinks the spread, so the answer is below the spread of a cell.")
    if close(value, 1 / math.sqrt(7)):
        raise Reject(
            "that divides by the root of the side; the average runs over every cell of the map."
        )
    if close(value, target, 0.15):
        raise Reject(
            "close. If you estimated it by simulation, use more trials (a few thousand), or "
            "work it out exactly (within 5 % is accepted)."
        )
    raise Reject(
        "the global average of a 7x7 map is the mean of 49 independent unit-variance values: "
        "how does the spread of a mean depend on how many values it averages?"
    )


def check_4b(answer):
    n = _positions(answer, "max")
    if n == 1:
        return True, "only the winning cell, 1 of the 49 positions, gets a gradient."
    known = {
        49: "that is every position, which is what global average pooling does. Does "
        "nudging a cell that is not the maximum change the global max?",
        0: "the cell that holds the maximum does receive a gradient.",
        7: "that is a row; does the max depend on a whole row?",
        48: "that counts the cells that do not get one.",
    }
    raise Reject(
        known.get(n, "how many of the 49 positions change the global max when nudged a little?")
    )


def check_4c(answer):
    n = _positions(answer, "average")
    if n == 49:
        return True, "all 49 positions get a gradient, each 1/49 of it: every cell contributes."
    known = {
        1: "one position is what global max gets (and 1 is also the total of the average's "
        "gradient, shared out among the cells): how many positions does the average send a "
        "gradient to?",
        0: "the average does change when a cell changes.",
        48: "the cell holding the maximum counts too: the average weighs every cell.",
    }
    raise Reject(
        known.get(n, "out = x.mean(): which positions does a small change of out trace back to?")
    )


# --------------------------------------------------------------------------- part 5


def check_5a(answer):
    if isinstance(answer, (numbers.Number, np.generic)) and not isinstance(answer, np.ndarray):
        read_number(answer)
        raise Reject("that is one number; give the three sides in order, as a list.")
    arr = read_array(answer)
    if arr.ndim == 2 and arr.shape[1] == 2:
        if not np.array_equal(arr[:, 0], arr[:, 1]):
            raise Reject(
                "those are (height, width) pairs that differ; the map stays square, so give "
                "one side per pool."
            )
        arr = arr[:, 0]
    arr = arr.reshape(-1) if arr.size else arr
    if arr.size == 0:
        raise Reject("that is empty; give the three sides, in order.")
    if arr.size == 1:
        raise Reject("that is one number; give the three sides in order, as a list.")
    if not np.all(arr == np.round(arr)):
        raise Reject("sides of a map are whole numbers.")
    sides = [int(v) for v in arr]
    right = [128, 64, 32]
    if sides == right:
        return True, "256 -> 128 -> 64 -> 32; each 2x2 / stride 2 pool halves the side."
    if len(sides) == 4 and sides[0] == 256:
        raise Reject("leave out the input's 256: list only the side after each pool.")
    if len(sides) != 3:
        raise Reject(f"that has {len(sides)} sides; three pools give three sides.")
    if sides[0] == 256:
        raise Reject("that starts with the input; list the side after each of the three pools.")
    if sides == right[::-1]:
        raise Reject("right numbers, wrong order: start with the side after the first pool.")
    if sides == [r - 1 for r in right]:
        raise Reject("off by one: with a 2x2 window and stride 2, out = (n - 2) // 2 + 1 per pool.")
    if sides[0] == 64:
        raise Reject(
            "a 2x2 pool quarters the number of cells but only halves the side; the question "
            "asks for sides."
        )
    raise Reject("each 2x2 / stride 2 pool halves the side: output_size(n, 2) gives one step.")


def check_5b(answer):
    if isinstance(answer, (list, tuple, np.ndarray)):
        arr = read_array(answer)
        if arr.shape == (2,) and arr[0] == arr[1]:
            answer = arr[0]
    n = read_count(answer, "a side in pixels")
    if n == 8:
        return True, (
            "2 x 2 x 2 = 8, so each final cell summarises an 8x8 block (64 pixels): "
            "boundaries snap to an 8-pixel grid."
        )
    if n <= 0:
        raise Reject("a side in pixels is positive.")
    known = {
        64: "that is the number of pixels in the block; the question asks for its side.",
        2: "that is one pool's window; after three pools each final cell covers more.",
        6: "you added 2 three times; pools compose by multiplying.",
        32: "that is the final map's side; divide the input side by it.",
        4: "that is two pools' worth; there are three.",
        16: "that is four pools' worth; there are three.",
        256: "that is the whole input; one final cell covers only its own block.",
    }
    if n in known:
        raise Reject(known[n])
    raise Reject("one pool: each cell covers a 2x2 block. Follow that through three pools.")
