"""Move a feature map by whole pixels and see whether pooling notices.

Max pooling is invariant to a shift only while every window keeps its maximum:
a strong activation that moves inside its window changes nothing, one that
crosses a window boundary changes the output.
"""

from __future__ import annotations

import numpy as np

from . import _validation as v
from .pooling import pool2d

__all__ = ["shift_map", "pooled_change"]


def _step(value, name: str) -> int:
    if not v.is_int(value):
        raise TypeError(f"`{name}` must be an int (pixels); got {v._describe(value)}")
    return int(value)


def shift_map(x, down=0, right=0, *, fill=0):
    """Translate a map by whole pixels; cells moved in from outside get ``fill``.

    Parameters
    ----------
    x : (H, W) array_like
    down : int, default 0
        Rows to move down (negative: up).
    right : int, default 0
        Columns to move right (negative: left).
    fill : scalar, default 0
        Keyword-only. Value of the cells uncovered by the move. Values moved
        past the edge are lost (no wrap-around, unlike ``np.roll``).

    Returns
    -------
    (H, W) ndarray
        Same dtype as ``x``.

    Raises
    ------
    TypeError
        If a step is not an int.

    Examples
    --------
    >>> shift_map([[1, 2], [3, 4]], right=1)
    array([[0, 1],
           [0, 3]])
    >>> shift_map([[1, 2], [3, 4]], down=-1)
    array([[3, 4],
           [0, 0]])
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    dy, dx = _step(down, "down"), _step(right, "right")
    h, w = arr.shape
    out = np.full_like(arr, fill)
    if abs(dy) >= h or abs(dx) >= w:
        return out
    src = arr[max(0, -dy) : h - max(0, dy), max(0, -dx) : w - max(0, dx)]
    out[max(0, dy) : max(0, dy) + src.shape[0], max(0, dx) : max(0, dx) + src.shape[1]] = src
    return out


def pooled_change(x, shifted, kernel_size=2, stride=None, *, mode="max"):
    """Which output cells differ between pooling ``x`` and pooling ``shifted``.

    Parameters
    ----------
    x, shifted : (H, W) array_like
        Two maps of the same shape.
    kernel_size : int or (int, int), default 2
    stride : int or (int, int), optional
    mode : {"max", "avg", "min"}, default "max"
        Keyword-only.

    Returns
    -------
    (OH, OW) ndarray of bool
        True where the pooled outputs differ.

    Raises
    ------
    ValueError
        If the shapes differ.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> moved = ANCHOR.copy(); moved[0, 1], moved[1, 0] = 8, 20
    >>> pooled_change(ANCHOR, moved).any()
    np.False_
    >>> pooled_change(ANCHOR, shift_map(ANCHOR, right=1)).any()
    np.True_
    """
    a = v.feature_map(x, "x", 2, 2)
    b = v.feature_map(shifted, "shifted", 2, 2)
    if a.shape != b.shape:
        raise ValueError(
            f"`x` and `shifted` must have the same shape; got {a.shape} and {b.shape}. "
            "Use shift_map to move a map without changing its shape"
        )
    return pool2d(a, kernel_size, stride, mode=mode) != pool2d(b, kernel_size, stride, mode=mode)
