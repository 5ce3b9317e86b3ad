"""Checks of part 2 (a one-pixel shift that changes the max-pool output) and of its
try-it 2b (the same, moving down with the vacated row filled with zeros)."""

from __future__ import annotations

import numpy as np

from ..engine.pooling import pool2d
from .answers import Reject, read_array

__all__ = ["check_2", "check_2b"]

#: The largest map read (a whole photograph fits).
MAX_MAP = 1024 * 1024
#: The largest map read from nested Python lists: reading lists goes value by value, so
#: a larger one is refused at once (an ndarray of up to MAX_MAP values is read fast).
MAX_LIST_MAP = 256 * 256

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


def _list_size(item) -> int:
    """Rows x length of the first row of a list of lists, judged without reading the values."""
    if not isinstance(item, (list, tuple)):
        return 0
    kind = list if isinstance(item, list) else tuple
    rows = kind.__len__(item)
    if rows == 0:
        return 0
    first = kind.__getitem__(item, 0)
    if isinstance(first, list):
        return rows * list.__len__(first)
    if isinstance(first, tuple):
        return rows * tuple.__len__(first)
    return rows


def _pair_arrays(answer):
    if isinstance(answer, np.ndarray) and answer.ndim >= 1 and answer.shape[0] == 2:
        items = [answer[0], answer[1]]
    elif isinstance(answer, (list, tuple)) and len(answer) == 2:
        items = list(answer)
    else:
        raise Reject(
            "not a pair: give a tuple of two 2-D arrays, your map first and its shifted "
            "copy second, e.g. check('2', (my_map, my_shifted))."
        )
    arrays = []
    for name, item in zip(_NAMES, items, strict=True):
        values = _list_size(item)
        if values > MAX_LIST_MAP:
            raise Reject(
                f"{name} is a list of lists of about {values:,} values: too slow to read "
                f"value by value (at most {MAX_LIST_MAP:,} as lists). Pass it as an array, "
                "np.array(your_list), or use a smaller map."
            )
        try:
            arrays.append(read_array(item, max_items=MAX_MAP))
        except Reject as why:
            raise Reject(f"{name}: {why}") from None
    return arrays


def _maps(answer):
    x, y = _pair_arrays(answer)
    for name, arr in zip(_NAMES, (x, y), strict=True):
        if arr.ndim != 2:
            axes = f"{arr.ndim} ax{'i' if arr.ndim == 1 else 'e'}s"
            raise Reject(f"not 2-D: {name} has {axes} (shape {arr.shape}); give 2-D maps.")
    if x.shape != y.shape:
        raise Reject(
            f"the shapes differ: your first map is {x.shape}, your second (shifted) map is "
            f"{y.shape}. A shift "
            "keeps the shape (np.roll, or fill the vacated row or column with zeros)."
        )
    if min(x.shape) < 2:
        raise Reject(
            f"the maps are {x.shape}, smaller than 2x2: a 2x2 / stride 2 pool needs at least "
            "2 rows and 2 columns."
        )
    if np.array_equal(x, y):
        raise Reject("not moved: your second (shifted) map is the same as your first map.")
    return x, y


def _changed(x, y, step) -> str:
    before, after = pool2d(x, 2, 2), pool2d(y, 2, 2)
    if np.array_equal(before, after):
        raise Reject(
            f"moved one pixel {_STEPS[step]}, but the 2x2 / stride 2 max-pool output did not "
            "change: every window kept its maximum. Put the strong value where the move "
            "carries it across a window boundary."
        )
    changed = int(np.count_nonzero(before != after))
    if before.size == 1:
        return "the one pooled value changes"
    return f"{changed} of the {before.size} pooled values {'changes' if changed == 1 else 'change'}"


def check_2(answer):
    x, y = _maps(answer)
    step = next((s for s in _STEPS if _is_move(x, y, *s)), None)
    if step is None:
        h, w = x.shape
        if any(_is_move(x, y, dr, dc) for dr, dc in ((0, 2), (0, -2), (2, 0), (-2, 0))):
            raise Reject(
                "moved two pixels: a two-pixel move jumps a whole 2x2 window. "
                "The exercise asks for exactly one pixel."
            )
        if any(_is_move(x, y, dr, dc) for dr in (1, -1) for dc in (1, -1)):
            raise Reject("moved diagonally (one pixel along both axes); move along one axis only.")
        raise Reject(
            "your second (shifted) map is not your first map moved by one pixel along a row "
            "or a column: np.roll(my_map, 1, axis=1) moves it one column right, axis=0 one "
            "row down (or fill the vacated row or column with zeros)."
        )
    changed = _changed(x, y, step)
    return True, (
        f"your second map is your first moved one pixel {_STEPS[step]}, and {changed}. "
        "Invariance held only inside a window."
    )


def check_2b(answer):
    """Moved one pixel down, the vacated top row zeros (no wrap-around), output changed."""
    x, y = _maps(answer)
    down = np.zeros_like(x)
    down[1:, :] = x[:-1, :]
    if not np.array_equal(y, down):
        if np.array_equal(y, np.roll(x, 1, axis=0)):
            raise Reject(
                "that wraps around: np.roll carries the last row to the top. Fill the vacated "
                "top row with zeros instead, e.g. shifted = np.zeros_like(m); "
                "shifted[1:] = m[:-1]."
            )
        other = next((s for s in _STEPS if s != (1, 0) and _is_move(x, y, *s)), None)
        if other is not None:
            raise Reject(f"that moves the map {_STEPS[other]}; this try-it moves it down one row.")
        raise Reject(
            "your second map is not your first moved down one row with the top row zeros: "
            "every row i of the first map should be row i + 1 of the second."
        )
    changed = _changed(x, y, (1, 0))
    return True, (f"moved down one row without wrap-around, and {changed}.")
