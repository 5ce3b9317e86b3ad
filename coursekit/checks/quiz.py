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

import decimal
import html
import math
import numbers
import re
import warnings

import numpy as np

from ..data import ANCHOR
from ..engine.pooling import pool2d
from .feedback import Feedback

__all__ = ["PARTS", "check", "hint"]

#: Every exercise part, in course order: part id -> short title.
PARTS: dict[str, str] = {
    "1a": "3x3 windows that fit (stride 3)",
    "1b": "3x3 / stride 3 max-pool output",
    "1c": "cells no window looks at",
    "1d": "which window loses more",
    "2": "a one-pixel shift that changes the output",
    "3a": "parameters of the GAP head",
    "3b": "parameters of the flatten head",
    "3c": "how many times fewer",
    "4a": "spread of the global average of noise",
    "4b": "share of positions global max sends a gradient to",
    "4c": "share of positions global average sends a gradient to",
    "5a": "sides after three 2x2 pools",
    "5b": "block one final cell summarises",
    "5c": "the architectural fix",
}

_HINTS = {
    "1a": (
        "Work along a single axis of length 4 first: a window that starts at cell 0 covers "
        "cells 0 to 2. Where would the next window start with stride 3, and would it still "
        "fit inside the map? Then put the two axes together."
    ),
    "1b": (
        "Pooling always returns a map (a 2-D array), however small: give the output in that "
        "form. Part 1a told you how many windows there are; which cells does each cover, "
        "and which of their values does max pooling keep?"
    ),
    "1c": (
        "Draw the 4x4 map on paper and shade every cell some window covers. Count the cells "
        "left unshaded, taking care not to count any cell twice."
    ),
    "1d": (
        "Compare the two on the same map: how many cells does each never look at, and how "
        "many values does each keep?"
    ),
    "2": (
        "A one-pixel move changes the output only if a strong value ends up in a different "
        "2x2 window from the one it started in. Where in its window must it sit for that? "
        "np.roll shifts an array along an axis."
    ),
    "3a": (
        "A fully connected layer has a weight for every (input, output) pair and a bias for "
        "every output. How many inputs does it get once GAP has reduced the 4x4x8 map?"
    ),
    "3b": (
        "Flattening keeps every value of the 4x4x8 map, each as an input of its own. Count "
        "the parameters as in part 3a."
    ),
    "3c": (
        "'How many times fewer' is a ratio of your two counts from parts 3a and 3b: which "
        "of them goes on top?"
    ),
    "4a": (
        "Independent noise partly cancels when averaged. How does the standard deviation "
        "(not the variance) of a mean shrink as the number of values averaged grows? And "
        "how many values does the global average of the map take?"
    ),
    "4b": (
        "A cell receives a gradient when nudging it a little moves the output. Which cells "
        "of the map can move x.max() when nudged? Give them as a share of the map."
    ),
    "4c": (
        "The same question for x.mean(): which cells move it when nudged a little? Give "
        "them as a share of the map."
    ),
    "5a": (
        "Apply the output-size rule for a 2x2 window with stride 2 once per pool, each time "
        "to the side the previous pool left. List the side after each pool, not the input's."
    ),
    "5b": (
        "After the first pool each cell stands for a 2x2 block of the input. What does a cell "
        "after the second pool stand for? Carry on to the third."
    ),
    "5c": (
        "The decoder starts from a coarse map. What could hand it the fine detail the "
        "encoder still had before pooling? Or: can a network see a wide context without "
        "shrinking the map at all?"
    ),
}

_NOT_ANSWERED = "not answered yet: replace the `...` with your answer and run the cell again."


class _Reject(Exception):
    """An answer that cannot be accepted; the message says why."""


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
            if _unanswered(answer):
                ok, message = False, _NOT_ANSWERED
            else:
                ok, message = _CHECKERS[key](answer)
    except _Reject as reason:
        ok, message = False, str(reason)
    except Exception as err:  # noqa: BLE001 - a check must never raise on an answer
        ok, message = (
            False,
            (
                f"could not read this answer ({type(err).__name__} while looking at it). "
                "Give a plain number, list, tuple or NumPy array."
            ),
        )
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
    text = Hint(_HINTS[key])
    text.part = key
    return text


# --------------------------------------------------------------------------- reading answers


def _unanswered(answer) -> bool:
    if answer is Ellipsis:
        return True
    if isinstance(answer, (list, tuple)):
        return any(item is Ellipsis for item in answer)
    return False


def _array(answer) -> np.ndarray:
    """The answer as a real float or int ndarray, or a _Reject saying why not."""
    if answer is None:
        raise _Reject(
            "the answer is None. Assign the result itself (a function that prints "
            "instead of returning gives None)."
        )
    if isinstance(answer, (str, bytes)):
        raise _Reject("that is text; give numbers, without quotes.")
    if isinstance(answer, dict | set | frozenset):
        raise _Reject(f"that is a {type(answer).__name__}; give a list, a tuple or an array.")
    try:
        arr = np.asarray(answer)
    except Exception:  # noqa: BLE001 - ragged lists, hostile objects
        raise _Reject(
            "NumPy could not make an array of it: check that every row has the same length."
        ) from None
    if arr.dtype.kind == "O":
        try:
            arr = arr.astype(np.float64)
        except Exception:  # noqa: BLE001
            raise _Reject(
                "it holds something that is not a number (or rows of different lengths)."
            ) from None
    if arr.dtype.kind == "b":
        raise _Reject("it holds True/False values; give numbers.")
    if arr.dtype.kind in "US":
        raise _Reject("it holds text; give numbers, without quotes.")
    if arr.dtype.kind == "c":
        raise _Reject("it holds complex numbers; give real numbers.")
    if arr.dtype.kind not in "iuf":
        raise _Reject(f"its values are not numbers (dtype {arr.dtype}).")
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise _Reject("it holds NaN or infinity; every value must be a finite number.")
    return arr


def _scalar(answer):
    """One finite number as a Python int (for integer types) or float."""
    if isinstance(answer, (bool, np.bool_)):
        raise _Reject("True/False is not a number here; give a number.")
    if isinstance(answer, numbers.Integral):
        return int(answer)
    if isinstance(answer, numbers.Real | decimal.Decimal):
        value = float(answer)
    else:
        arr = _array(answer)
        if arr.size == 0:
            raise _Reject("that is empty; give a number.")
        if arr.size != 1:
            raise _Reject(f"that holds {arr.size} values; give a single number.")
        item = arr.reshape(-1)[0].item()
        return item if isinstance(item, int) else float(item)
    if math.isnan(value):
        raise _Reject("that is NaN (not a number); give a finite number.")
    if math.isinf(value):
        raise _Reject("that is infinite; give a finite number.")
    return value


def _whole(value, what: str) -> int:
    """``value`` as an int if it is a whole number, else a _Reject about ``what``."""
    if isinstance(value, int):
        return value
    if float(value).is_integer():
        return int(value)
    raise _Reject(f"{what} is a whole number; yours has a fractional part.")


def _close(value, target: float, rel: float = 0.01) -> bool:
    return abs(float(value) - target) <= rel * abs(target)


# --------------------------------------------------------------------------- part 1


def _check_1a(answer):
    if isinstance(answer, (list, tuple, np.ndarray)):
        arr = _array(answer)
        if arr.size == 2:
            raise _Reject(
                "that looks like a count per axis (rows, columns); the question asks how many "
                "windows there are in all: combine the two axes."
            )
    n = _whole(_scalar(answer), "a number of windows")
    if n == 1:
        return True, "yes: (4 - 3) // 3 + 1 = 1 position per axis, so a single 3x3 window fits."
    if n < 0:
        raise _Reject("a count of windows cannot be negative.")
    if n == 0:
        raise _Reject("the window at the top-left corner does fit: 3 rows and 3 columns of 4.")
    if n == 4:
        raise _Reject(
            "that is how many 2x2 windows fit with stride 2. With a 3x3 window and stride 3, "
            "where would the second window along a row start, and where would it end?"
        )
    if n == 2:
        raise _Reject(
            "a second window along a row would start at column 3 and need columns 3 to 5, "
            "past the map's edge (no padding, no ceil mode here)."
        )
    raise _Reject(
        "count the window positions along each axis, output_size(4, 3, stride=3), then "
        "combine the two axes."
    )


_WINDOW = ANCHOR[:3, :3]


def _check_1b(answer):
    arr = _array(answer)
    if arr.ndim == 0:
        raise _Reject(
            "that is a bare number, but pooling returns a map: a 2-D array of rows and "
            "columns, even when it is tiny. Give the pooled output itself (its shape matters)."
        )
    if arr.ndim == 1:
        raise _Reject(
            "that is 1-D; the pooled output is a 2-D map (a list of rows). "
            "Give pool2d's output as it is."
        )
    if arr.ndim > 2:
        raise _Reject(f"that has {arr.ndim} axes; the pooled output of a 2-D map is 2-D.")
    if arr.size == 0:
        raise _Reject("that map is empty; at least one window fits on the anchor map.")
    if arr.shape != (1, 1):
        known = " (the shape 2x2 / stride 2 gives)" if arr.shape == (2, 2) else ""
        raise _Reject(
            f"your map has shape {arr.shape}{known}. Count the 3x3 windows that fit with "
            "stride 3 along each axis: that is the output's shape."
        )
    value = float(arr[0, 0])
    if value == float(_WINDOW.max()):
        return True, (
            f"yes: {arr.astype(int).tolist()}. The only window covers rows 0-2 and columns 0-2; "
            "its largest value wins. The 18 in the last column is never seen."
        )
    if _close(value, float(_WINDOW.mean()), 1e-3):
        raise _Reject("that is the average of the window; this part asks for max pooling.")
    if value == float(_WINDOW.min()):
        raise _Reject("that is the smallest value of the window; max pooling keeps the largest.")
    if value in ANCHOR[3, :] or value in ANCHOR[:, 3]:
        raise _Reject(
            "that value is in the last row or column, which the 3x3 window never reaches."
        )
    if value == float(ANCHOR[0, 0]):
        raise _Reject("that is the top-left cell itself, not the largest value of its window.")
    if value in ANCHOR:
        raise _Reject(
            "that value is in the anchor map, but it is not the largest one the 3x3 window "
            "at the top-left covers."
        )
    raise _Reject(
        "max pooling returns one of the values inside the window; that number is not in "
        "the window at all."
    )


def _check_1c(answer):
    n = _whole(_scalar(answer), "a number of cells")
    if n == 7:
        return True, (
            "yes: the last row (4 cells) and the last column (4 cells) share a corner, "
            "4 + 4 - 1 = 7 cells, among them the 18, never looked at."
        )
    if n < 0 or n > 16:
        raise _Reject("the anchor map has 16 cells; the count must be between 0 and 16.")
    if n == 8:
        raise _Reject(
            "close: the bottom-right corner is in the last row and in the last column; "
            "count it once."
        )
    if n == 9:
        raise _Reject("that is how many cells the window does look at; count the others.")
    if n == 0:
        raise _Reject(
            "2x2 pooling with stride 2 looks at every cell; the single 3x3 / stride 3 "
            "window does not."
        )
    if n == 4:
        raise _Reject(
            "that is one row (or one column) of the map; both the last row and the "
            "last column are missed."
        )
    raise _Reject(
        "shade the 3x3 block the window covers at the top-left; count the cells of the "
        "4x4 map outside it."
    )


_SIZE = re.compile(r"\(?\s*(\d+)\s*(?:x|\*|by|,)\s*(\d+)\s*\)?")
#: Where the claim of a sentence ends and its reasons begin: "3x3, because it never ...".
_REASON = re.compile(
    r"[.;:!?]|\b(?:because|since|which|as\s+(?:it|they|the))\b|\(\s*[a-z]|,\s*(?:it|as|so)\b"
)
_MORE = re.compile(r"\b(?:more|most|worse|worst)\b|>")
_LESS = re.compile(r"\b(?:less|least|fewer|fewest|better|best)\b|<")
_NOT = re.compile(r"\b(?:not|never|no|nothing|none|nor)\b|n't\b")
_KEEPS = re.compile(r"\b(?:keeps?|keeping|retains?|preserves?|sees?|saves?)\b")
_SAME = re.compile(r"\b(?:both|same|equal|equally|neither|either|tie)\b")
_3, _2 = (3, 3), (2, 2)


def _says_loses_more(claim: str, sizes: list) -> tuple | None:
    """The window a sentence says loses more, or None when it does not say.

    The first size named is the subject: "3x3 loses more than 2x2" names 3x3,
    "2x2 keeps more than 3x3" names 3x3 too, "3x3 loses less" names 2x2.
    """
    more, less = bool(_MORE.search(claim)), bool(_LESS.search(claim))
    if more == less:
        if len(set(sizes)) == 1 and not _NOT.search(claim):
            return sizes[0]  # "the 3x3 one": naming a window answers the question
        return None
    polarity = 1 if more else -1
    polarity *= -1 if _NOT.search(claim) else 1
    polarity *= -1 if _KEEPS.search(claim) else 1
    subject = sizes[0]
    other = next((size for size in sizes if size != subject), _2 if subject == _3 else _3)
    return subject if polarity > 0 else other


def _check_1d(answer):
    if isinstance(answer, str):
        text = answer.lower().replace("×", "x").replace("✕", "x").replace("-", " ").strip()
        if not text:
            raise _Reject("that is empty; name a window size written like '5x5'.")
        bare = re.fullmatch(r"\(?\s*(\d+)\s*\)?", text)
        if bare:  # "3", like the int 3: a square window's side
            answer = int(bare.group(1))
        else:
            claim = _REASON.split(text)[0]
            sizes = [(int(a), int(b)) for a, b in _SIZE.findall(claim)]
            if not sizes:
                sizes = [(int(a), int(b)) for a, b in _SIZE.findall(text)]
                claim = text
            if not sizes:
                if _SAME.search(text):
                    raise _Reject(
                        "they do not lose the same: count the cells each never looks at and "
                        "the values each keeps."
                    )
                raise _Reject("name a window size, written like '5x5'.")
            if any(size not in (_2, _3) for size in sizes):
                raise _Reject(_OTHER_SIZE)
            if _SAME.search(claim):
                raise _Reject(
                    "they do not lose the same: count the cells each never looks at and "
                    "the values each keeps."
                )
            named = _says_loses_more(claim, sizes)
            if named == _3:
                return True, _OK_1D
            if named == _2:
                raise _Reject(
                    _TWO_BY_TWO
                    if sizes[0] == _2
                    else "that sentence says the window you "
                    "named does not lose more. Name the window that loses more."
                )
            raise _Reject(
                "that names more than one window size, or does not say which loses more: "
                "name just the one that loses more, or say it, like '5x5 loses more'."
            )
    if isinstance(answer, (bool, np.bool_)) or answer is None:
        raise _Reject("name a window size, written like '5x5'.")
    arr = _array(answer)
    if arr.size == 1:
        side = _scalar(arr)
        pair = (side, side)
    elif arr.shape == (2,):
        pair = (float(arr[0]), float(arr[1]))
    else:
        raise _Reject("name a window size, written like '5x5' (or a kernel_size pair).")
    if pair == (3, 3):
        return True, _OK_1D
    if pair == (2, 2):
        raise _Reject(_TWO_BY_TWO)
    raise _Reject(_OTHER_SIZE)


_OK_1D = (
    "yes: 3x3 / stride 3 keeps 1 value and never looks at 7 of the 16 cells (the 18 among "
    "them); 2x2 / stride 2 looks at all 16 and keeps 4."
)
_OTHER_SIZE = (
    "the exercise compares 2x2 / stride 2 with the larger window of part 1; name one of them."
)
_TWO_BY_TWO = (
    "2x2 with stride 2 looks at every cell once and keeps 4 values. How many cells does the "
    "larger window never look at, and how many values does it keep?"
)


# --------------------------------------------------------------------------- part 2

_STEPS = {(0, 1): "right", (0, -1): "left", (1, 0): "down", (-1, 0): "up"}
_NAMES = ("your first map", "your second (shifted) map")


def _moves(x: np.ndarray, dr: int, dc: int):
    """``x`` moved by (dr, dc): wrapped around, then with the vacated cells zeroed."""
    rolled = np.roll(x, (dr, dc), axis=(0, 1))
    yield rolled
    zeroed = rolled.copy()
    if dr > 0:
        zeroed[:dr, :] = 0
    elif dr < 0:
        zeroed[dr:, :] = 0
    if dc > 0:
        zeroed[:, :dc] = 0
    elif dc < 0:
        zeroed[:, dc:] = 0
    yield zeroed


def _is_move(x, y, dr, dc) -> bool:
    return any(np.array_equal(m, y) for m in _moves(x, dr, dc))


def _pair_arrays(answer):
    if isinstance(answer, np.ndarray) and answer.ndim >= 1 and answer.shape[0] == 2:
        items = [answer[0], answer[1]]
    elif isinstance(answer, (list, tuple)) and len(answer) == 2:
        items = list(answer)
    else:
        raise _Reject(
            "not a pair: give a tuple of two 2-D arrays, your map first and its shifted "
            "copy second, e.g. check('2', (my_map, my_shifted))."
        )
    arrays = []
    for name, item in zip(_NAMES, items, strict=True):
        try:
            arrays.append(_array(item))
        except _Reject as why:
            raise _Reject(f"{name}: {why}") from None
    return arrays


def _check_2(answer):
    x, y = _pair_arrays(answer)
    for name, arr in zip(_NAMES, (x, y), strict=True):
        if arr.ndim != 2:
            raise _Reject(
                f"not 2-D: {name} has {arr.ndim} axes (shape {arr.shape}); give 2-D maps."
            )
    if x.shape != y.shape:
        raise _Reject(
            f"the shapes differ: your first map is {x.shape}, your second (shifted) map is "
            f"{y.shape}. A shift "
            "keeps the shape (np.roll, or fill the vacated row or column with zeros)."
        )
    if min(x.shape) < 2:
        raise _Reject(
            f"the maps are {x.shape}, smaller than 2x2: a 2x2 / stride 2 pool needs at least "
            "2 rows and 2 columns."
        )
    if np.array_equal(x, y):
        raise _Reject("not moved: your second (shifted) map is the same as your first map.")
    step = next((s for s in _STEPS if _is_move(x, y, *s)), None)
    if step is None:
        h, w = x.shape
        if any(_is_move(x, y, dr, dc) for dr, dc in ((0, 2), (0, -2), (2, 0), (-2, 0))):
            raise _Reject(
                "moved two pixels: a two-pixel move jumps a whole 2x2 window. "
                "The exercise asks for exactly one pixel."
            )
        if any(_is_move(x, y, dr, dc) for dr in (1, -1) for dc in (1, -1)):
            raise _Reject("moved diagonally (one pixel along both axes); move along one axis only.")
        raise _Reject(
            "your second (shifted) map is not your first map moved by one pixel along a row "
            "or a column: use np.roll(my_map, 1, axis=1) or the like (or fill the vacated row "
            "or column with zeros)."
        )
    before, after = pool2d(x, 2, 2), pool2d(y, 2, 2)
    if np.array_equal(before, after):
        raise _Reject(
            f"moved one pixel {_STEPS[step]}, but the 2x2 / stride 2 max-pool output did not "
            "change: every window kept its maximum. Put the strong value where the move "
            "carries it across a window boundary."
        )
    changed = int(np.count_nonzero(before != after))
    return True, (
        f"yes: your second map is your first moved one pixel {_STEPS[step]}, and {changed} of the "
        f"{before.size} pooled values change. Invariance held only inside a window."
    )


# --------------------------------------------------------------------------- part 3


def _count(answer, what="a number of parameters") -> int:
    n = _whole(_scalar(answer), what)
    if n < 0:
        raise _Reject("a number of parameters cannot be negative.")
    return n


def _check_3a(answer):
    n = _count(answer)
    if n == 90:
        return True, "yes: 8 x 10 = 80 weights + 10 biases = 90 parameters."
    known = {
        80: "that counts the weights only: each of the 10 outputs also has a bias.",
        10: "that is only the biases; add the weights.",
        18: "inputs plus outputs: every input connects to every output, so multiply.",
        8: "that is how many values GAP passes on; the question counts the layer's parameters.",
        88: "one bias per output, not per input (nor both).",
        1290: "that is the flatten head (part 3b); here the layer sees only the GAP values.",
        1280: "that is the flatten head's weights (part 3b); here the layer sees only the GAP "
        "values.",
        128: "that is the flattened size; GAP keeps one value per channel.",
    }
    if n in known:
        raise _Reject(known[n])
    raise _Reject(
        "GAP leaves one value per channel; a fully connected layer from n_in to n_out has "
        "n_in x n_out weights and n_out biases."
    )


def _check_3b(answer):
    n = _count(answer)
    if n == 1290:
        return True, "yes: 4 x 4 x 8 = 128 inputs, 128 x 10 = 1280 weights + 10 biases = 1290."
    known = {
        1280: "that counts the weights only: each of the 10 outputs also has a bias.",
        1408: "one bias per output, not per input.",
        138: "inputs plus outputs: every input connects to every output, so multiply.",
        128: "that is the number of inputs after flattening; count the layer's parameters.",
        90: "that is the GAP head (part 3a); here the whole map is flattened first.",
        80: "that is the GAP head's weights (part 3a); here the whole map is flattened first.",
        160: "flattening keeps all 4 x 4 x 8 values, one input each.",
    }
    if n in known:
        raise _Reject(known[n])
    raise _Reject(
        "flatten the 4x4x8 map to one vector (how long?), then count n_in x n_out weights "
        "and n_out biases."
    )


_RATIO = 1290 / 90
_RATIO_WEIGHTS = 1280 / 80


def _check_3c(answer):
    value = _scalar(answer)
    if _close(value, _RATIO):
        return True, (
            "yes, counting weights and biases: 1290 / 90 = 14.33 times fewer parameters with GAP."
        )
    if _close(value, _RATIO_WEIGHTS):
        return True, (
            "yes, counting weights only: 1280 / 80 = 16. With the biases too it is "
            "1290 / 90 = 14.33."
        )
    if value <= 0:
        raise _Reject("a ratio of two parameter counts is positive.")
    if _close(value, 1 / _RATIO) or _close(value, 1 / _RATIO_WEIGHTS):
        raise _Reject(
            "upside down: the ratio asks how many times more parameters the flatten head has."
        )
    if _close(value, 1290 - 90) or _close(value, 1280 - 80):
        raise _Reject("that is the difference of the two counts; the question asks for a ratio.")
    if _close(value, _RATIO, 0.08):
        raise _Reject("close, but rounded too much: keep a couple of decimals (within 1 %).")
    raise _Reject("divide the flatten head's count (part 3b) by the GAP head's (part 3a).")


# --------------------------------------------------------------------------- part 4


def _fraction(answer) -> float:
    value = _scalar(answer)
    if value < 0:
        raise _Reject("a fraction of positions cannot be negative.")
    if value > 1 and value <= 100 and not _close(value, 49, 1e-9):
        raise _Reject(
            "that is above the largest possible share; if it is a percentage, divide it "
            "by a hundred."
        )
    return value


def _check_4a(answer):
    value = _scalar(answer)
    target = 1 / 7
    if _close(value, target):
        return True, (
            f"yes: sigma / sqrt(H W) = 1 / sqrt(49) = 1/7 = {target:.4f}. Averaging 49 "
            "independent values shrinks the noise 7-fold."
        )
    if value < 0:
        raise _Reject("a standard deviation is never negative.")
    if value == 0:
        raise _Reject("averaging shrinks noise but never removes it entirely.")
    if _close(value, 1 / 49):
        raise _Reject("that is the variance of the average; the standard deviation is its root.")
    if _close(value, 1):
        raise _Reject(
            "that is the spread of a single cell. Averaging N independent values shrinks "
            "the standard deviation by sqrt(N)."
        )
    if value > 1:
        raise _Reject("averaging shrinks the spread, so the answer is below the spread of a cell.")
    if _close(value, 1 / math.sqrt(7)):
        raise _Reject(
            "that divides by the root of the side; the average runs over every cell of the map."
        )
    if _close(value, target, 0.1):
        raise _Reject(
            "close. If you estimated it by simulation, use more trials, or work it out "
            "exactly (within 1 % is accepted)."
        )
    raise _Reject(
        "the global average of a 7x7 map is the mean of 49 independent unit-variance values: "
        "how does the spread of a mean depend on how many values it averages?"
    )


def _check_4b(answer):
    value = _fraction(answer)
    target = 1 / 49
    if _close(value, target):
        return True, (
            f"yes: 1/49 = {target:.4f}. Only the winning cell gets a gradient; the other 48 "
            "learn nothing from this example."
        )
    if value == 1:
        raise _Reject(
            "that is every position, which is what global average pooling does. Does "
            "nudging a cell that is not the maximum change the global max?"
        )
    if _close(value, 49, 1e-9):
        raise _Reject(
            "that is a count, not a fraction of the map, and global max does not spread "
            "its gradient over the whole map."
        )
    if value == 0:
        raise _Reject("the cell that holds the maximum does receive a gradient.")
    if _close(value, 1 / 7):
        raise _Reject("that is a row's share; does the max depend on a whole row?")
    if _close(value, target, 0.1):
        raise _Reject("close, but rounded too much: keep more digits (within 1 %).")
    raise _Reject(
        "how many of the 49 positions change the global max when nudged a little? "
        "Give that as a fraction of 49."
    )


def _check_4c(answer):
    value = _fraction(answer)
    if abs(value - 1) <= 1e-9:
        return True, (
            "yes: every one of the 49 positions gets a gradient, each 1/49 of it: every "
            "position contributes evidence."
        )
    if _close(value, 1 / 49):
        raise _Reject("that is what global max pooling gives; the average weighs each cell.")
    if _close(value, 49, 1e-9):
        raise _Reject("that is a count; the question asks for a fraction of the 49 positions.")
    if value == 0:
        raise _Reject("the average does change when a cell changes.")
    raise _Reject(
        "out = x.mean(): which positions does a small change of out trace back to? Give "
        "their share of the map."
    )


# --------------------------------------------------------------------------- part 5


def _check_5a(answer):
    if isinstance(answer, (numbers.Number, np.generic)) and not isinstance(answer, np.ndarray):
        _scalar(answer)
        raise _Reject("that is one number; give the three sides in order, as a list.")
    arr = _array(answer)
    if arr.ndim == 2 and arr.shape[1] == 2 and np.array_equal(arr[:, 0], arr[:, 1]):
        arr = arr[:, 0]
    arr = arr.reshape(-1) if arr.size else arr
    if arr.size == 0:
        raise _Reject("that is empty; give the three sides, in order.")
    if arr.size == 1:
        raise _Reject("that is one number; give the three sides in order, as a list.")
    if not np.all(arr == np.round(arr)):
        raise _Reject("sides of a map are whole numbers.")
    sides = [int(v) for v in arr]
    right = [128, 64, 32]
    if sides == right:
        return True, "yes: 256 -> 128 -> 64 -> 32; each 2x2 / stride 2 pool halves the side."
    if len(sides) == 4 and sides[0] == 256:
        raise _Reject("leave out the input's 256: list only the side after each pool.")
    if len(sides) != 3:
        raise _Reject(f"that has {len(sides)} sides; three pools give three sides.")
    if sides[0] == 256:
        raise _Reject("that starts with the input; list the side after each of the three pools.")
    if sides == right[::-1]:
        raise _Reject("right numbers, wrong order: start with the side after the first pool.")
    if sides == [r - 1 for r in right]:
        raise _Reject(
            "off by one: with a 2x2 window and stride 2, out = (n - 2) // 2 + 1 per pool."
        )
    if sides[0] == 64:
        raise _Reject(
            "a 2x2 pool quarters the number of cells but only halves the side; the question "
            "asks for sides."
        )
    raise _Reject("each 2x2 / stride 2 pool halves the side: output_size(n, 2) gives one step.")


def _check_5b(answer):
    if isinstance(answer, (list, tuple, np.ndarray)):
        arr = _array(answer)
        if arr.shape == (2,) and arr[0] == arr[1]:
            answer = arr[0]
    n = _whole(_scalar(answer), "a side in pixels")
    if n == 8:
        return True, (
            "yes: 2 x 2 x 2 = 8, so each final cell summarises an 8x8 block (64 pixels): "
            "boundaries snap to an 8-pixel grid."
        )
    if n <= 0:
        raise _Reject("a side in pixels is positive.")
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
        raise _Reject(known[n])
    raise _Reject("one pool: each cell covers a 2x2 block. Follow that through three pools.")


_GOOD = {
    "skip": re.compile(
        r"\bskip[\s-]*(?:connections?|connected|links?|paths?|layers?|architecture)\b"
        r"|\bskips\b|\bwith\s+(?:long\s+)?skip\b|\bshortcuts?\s+from\s+the\s+encoder\b"
    ),
    "unet": re.compile(r"\bu[\s-]?net\b|\bunet\+*\b"),
    "dilated": re.compile(r"\b(?:dilated|atrous|dilation)\b|\bdeeplab"),
    "unpool": re.compile(
        r"\b(?:max[\s-]*)?un[\s-]?pool(?:ing)?\b[^.;]{0,60}\b(?:ind(?:ex|ices)|switch(?:es)?|"
        r"locations?|positions?|argmax)\b|\bsegnet\b"
        r"|\b(?:ind(?:ex|ices)|argmax|switch(?:es)?)\b[^.;]{0,60}\bun[\s-]?pool"
    ),
    "encoder features": re.compile(
        r"\b(?:encoder|earlier|early|high[\s-]?res(?:olution)?|full[\s-]?res(?:olution)?|fine)"
        r"\b[^.;]{0,40}\b(?:features?|maps?|activations?|layers?)\b[^.;]{0,40}\b"
        r"(?:to|into|with)\b[^.;]{0,30}\b(?:decoder|upsampling|up-sampling)\b"
    ),
}
_BAD = {
    "more pooling": re.compile(
        r"\b(?:more|extra|additional|deeper|bigger|larger|stronger)\s+(?:max\s+|average\s+)?"
        r"pool"
    ),
    "stride": re.compile(r"\b(?:bigger|larger|more|increase[sd]?|longer)\s+strides?\b"),
    "dropout": re.compile(r"\bdropout\b"),
    "batch norm": re.compile(r"\bbatch[\s-]?norm"),
    "augmentation": re.compile(r"\baugment"),
    "global pooling": re.compile(r"\bglobal\s+(?:average\s+|max\s+)?pool|\bgap\b"),
}
_NEGATION = re.compile(
    r"(?:\b(?:no|not|without|never|remov(?:e|es|ed|ing)|drop(?:s|ped|ping)?|"
    r"avoid(?:s|ed|ing)?|nor|instead\s+of|rather\s+than|less|fewer|except|"
    r"exclud(?:e|es|ing)|minus|disable[sd]?|get\s+rid\s+of|unnecessary|needless|useless)\b"
    r"|n't\b)"
    r"(?:\W+\w+){0,3}?\W*$"
)
#: A negation right after a named fix: "U-Net won't help", "skip connections are not needed".
#: "does not lose detail" and the like praise the fix instead, so they do not count.
_NEGATION_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,3}?"
    r"(?:won'?t|will\s+not|would\s+not|wouldn't|not\s+(?:needed|necessary|required|help\w*)"
    r"|(?:does|do|did)\s+not|(?:doesn|don|didn)'?t|isn'?t|is\s+not|aren'?t|are\s+not"
    r"|no\s+need|unnecessary|needless|useless|cannot|can'?t|can\s+not|never)\b"
    r"(?!\s+(?:lose|loses|throw|throws|discard|discards|shrink|shrinks|pool|pools|blur|blurs"
    r"|downsample|downsamples|only|just)\b)"
)
_CLAUSE_END = re.compile(
    r"[.,;:!?()]|\b(?:but|and|or|so|instead|rather|than|while|because|whereas)\b"
)


def _affirmed(pattern: re.Pattern, text: str) -> bool:
    """Whether ``pattern`` occurs in ``text`` at least once, negated neither just before
    ("no skip connections") nor just after ("U-Net won't help")."""
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        before = re.split(r"[.,;:!?]|\bbut\b", before)[-1]
        after = _CLAUSE_END.split(text[match.end() : match.end() + 60])[0]
        if not _NEGATION.search(before) and not _NEGATION_AFTER.search(after):
            return True
    return False


def _check_5c(answer):
    if isinstance(answer, (list, tuple)) and answer and all(isinstance(a, str) for a in answer):
        answer = "; ".join(answer)
    if not isinstance(answer, str):
        raise _Reject("answer in words (a str), e.g. answer_5c = 'use ...'.")
    text = " ".join(answer.lower().replace("_", " ").replace("\u2019", "'").split())
    if len(text) < 3:
        raise _Reject("write a few words naming an architectural change.")
    good = [name for name, pattern in _GOOD.items() if _affirmed(pattern, text)]
    bad = [name for name, pattern in _BAD.items() if _affirmed(pattern, text)]
    if good and bad:
        raise _Reject(
            f"part of that would help, but {bad[0]} makes the masks coarser or does not "
            "touch resolution; leave it out."
        )
    if good:
        return True, (
            "yes: skip connections (U-Net) hand full-resolution encoder features to the "
            "decoder; dilated (atrous) convolutions (DeepLab) and max-unpooling with stored "
            "indices (SegNet) are the other ways to keep or restore detail."
        )
    if bad:
        why = {
            "more pooling": "more pooling shrinks the map further: the blocks get bigger.",
            "stride": "a bigger stride throws away even more positions.",
            "dropout": "dropout regularises; it does not bring back lost resolution.",
            "batch norm": "normalisation does not bring back lost resolution.",
            "augmentation": "more data does not bring back resolution the network throws away.",
            "global pooling": "global pooling throws away all positions: no mask at all.",
        }[bad[0]]
        raise _Reject(why + " What could restore the fine detail?")
    if any(pattern.search(text) for pattern in _GOOD.values()):
        raise _Reject(
            "that names a fix only to rule it out. Which change would you make, and why "
            "would it bring the detail back?"
        )
    if re.search(r"\b(?:fewer|less|remov\w*|no|without|drop\w*)\b[^.;]{0,20}\bpool", text):
        raise _Reject(
            "pooling less keeps resolution but shrinks what each cell can see. Which design "
            "keeps both the wide view and the fine detail?"
        )
    if re.search(r"\bun[\s-]?pool", text):
        raise _Reject(
            "unpooling has to know where each maximum came from. What must the encoder keep "
            "for it, and hand over?"
        )
    if re.search(r"\bencoder[\s-]*decoder\b", text):
        raise _Reject(
            "an encoder-decoder alone still rebuilds the mask from the coarse bottleneck. "
            "What must the decoder be given?"
        )
    if re.search(r"\b(?:upsampl\w*|up-sampl\w*|interpolat\w*|bilinear|transposed|deconv\w*)", text):
        raise _Reject(
            "upsampling alone, learned or not, starts from the coarse map and cannot invent "
            "the detail it lost. What could hand it that detail?"
        )
    raise _Reject(
        "that does not name a change that keeps or restores fine spatial detail. "
        "Think of what the decoder is missing."
    )


_CHECKERS = {
    "1a": _check_1a,
    "1b": _check_1b,
    "1c": _check_1c,
    "1d": _check_1d,
    "2": _check_2,
    "3a": _check_3a,
    "3b": _check_3b,
    "3c": _check_3c,
    "4a": _check_4a,
    "4b": _check_4b,
    "4c": _check_4c,
    "5a": _check_5a,
    "5b": _check_5b,
    "5c": _check_5c,
}
