"""Move a feature map by whole pixels and see whether pooling notices.

Max pooling is invariant to a shift only while every window keeps its maximum:
a strong activation that moves inside its window changes nothing, one that
crosses a window boundary changes the output.
"""

from __future__ import annotations

import numpy as np

from . import _validation as v
from .pooling import pool2d

__all__ = ["shift_map", "pooled_change", "first_changing_shift"]


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


def first_changing_shift(x, kernel_size=2, stride=None, *, axis=1, mode="max"):
    """The smallest shift (in pixels) that changes the pooled output of ``x``.

    ``x`` is moved right (``axis=1``) or down (``axis=0``) by 1, 2, ... pixels
    with :func:`shift_map`, each time compared with ``x`` itself by
    :func:`pooled_change`; the first shift for which any output cell differs
    is returned.

    Parameters
    ----------
    x : (H, W) array_like
    kernel_size : int or (int, int), default 2
    stride : int or (int, int), optional
        ``None`` means ``kernel_size``.
    axis : {1, 0}, default 1
        Keyword-only. 1 shifts to the right, 0 shifts down.
    mode : {"max", "avg", "min"}, default "max"
        Keyword-only.

    Returns
    -------
    int or None
        The shift, from 1 to the map's size along ``axis`` minus 1, or None
        when no such shift changes the output (a constant map of zeros, say).

    Raises
    ------
    ValueError
        If ``axis`` is not 0 or 1.

    Examples
    --------
    >>> import numpy as np
    >>> spot = np.zeros((4, 6), dtype=int)
    >>> spot[1, 0] = 5  # first column of its 2x2 window
    >>> first_changing_shift(spot)
    2
    >>> first_changing_shift(np.zeros((4, 4))) is None
    True
    """
    a = v.feature_map(x, "x", 2, 2)
    if not v.is_int(axis) or axis not in (0, 1):
        raise ValueError(f"`axis` must be 1 (shift right) or 0 (shift down); got axis={axis!r}")
    for step in range(1, a.shape[axis]):
        moved = shift_map(a, right=step) if axis == 1 else shift_map(a, down=step)
        if pooled_change(a, moved, kernel_size, stride, mode=mode).any():
            return step
    return None
