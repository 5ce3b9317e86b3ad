"""Move a feature map by whole pixels and see whether pooling notices.

Max pooling is invariant to a shift only while every window keeps its maximum:
a strong activation that moves inside its window changes nothing, one that
crosses a window boundary changes the output.
"""

from __future__ import annotations

import numpy as np

from .. import _validation as v
from ..engine.pooling import pool2d

__all__ = [
    "first_changing_shift",
    "move_pixels",
    "pooled_change",
    "shift_consistency",
    "shift_images",
    "shift_map",
]


def move_pixels(arr: np.ndarray, dy: int, dx: int, *, fill=0) -> np.ndarray:
    """Move the last two axes of ``arr`` by whole pixels (validated ints); no wrap-around.

    The one copy of the shifting rule, used by :func:`shift_map` (one map) and
    :func:`shift_images` (a batch): cells moved in from outside get ``fill``,
    values moved past the edge are lost.
    """
    h, w = arr.shape[-2:]
    out = np.full_like(arr, fill)
    if abs(dy) >= h or abs(dx) >= w:
        return out
    src = arr[..., max(0, -dy) : h - max(0, dy), max(0, -dx) : w - max(0, dx)]
    out[..., max(0, dy) : max(0, dy) + src.shape[-2], max(0, dx) : max(0, dx) + src.shape[-1]] = src
    return out


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
    dy, dx = (
        v.whole(down, "down", what="an int (pixels)"),
        v.whole(right, "right", what="an int (pixels)"),
    )
    return move_pixels(arr, dy, dx, fill=fill)


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


def shift_consistency(x, pool, *, shift=1, tol=0.05):
    """Fraction of pooled cells that stay the same when the input moves by ``shift``.

    The input is cropped twice, ``shift`` pixels apart along each axis in
    turn; both crops are pooled and their outputs compared cell by cell.

    Parameters
    ----------
    x : (H, W) or (N, H, W) array_like
        Image(s), e.g. crops of scikit-image's photographs.
    pool : callable
        ``pool(map) -> pooled map``, e.g. ``lambda m: pool2d(m, 2)``.
    shift : int, default 1
        Pixels between the two crops, at least 1.
    tol : float, default 0.05
        A cell counts as unchanged when the two outputs differ by at most
        ``tol`` times the image's value range.

    Returns
    -------
    float
        From 0 to 1; 1 means a shift never changes the output.

    Raises
    ------
    TypeError
        If ``pool`` is not callable, ``shift`` not an int or ``tol`` not a number.
    ValueError
        If ``shift`` is below 1 or not smaller than the image, or ``tol``
        negative.

    Notes
    -----
    A stride-2 pooling of a crop shifted by one pixel is compared with the
    pooling of the unshifted crop at the same output position: an ideal
    shift-invariant pooling would give the same map. Zhang measures the same
    idea on class predictions of a whole network ("consistency").

    Examples
    --------
    >>> x = np.ones((8, 8))
    >>> shift_consistency(x, lambda m: pool2d(m, 2))
    1.0
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=3)
    if not callable(pool):
        raise TypeError(
            f"`pool` must be a function of a map, e.g. lambda m: pool2d(m, 2); "
            f"got {v._describe(pool)}"
        )
    if not v.is_int(shift):
        raise TypeError(f"`shift` must be an int such as 1; got {v._describe(shift)}")
    H, W = arr.shape[-2:]
    if not 1 <= shift < min(H, W):
        raise ValueError(
            f"`shift` must be at least 1 and smaller than the image ({H}x{W}); got shift={shift}"
        )
    if isinstance(tol, bool) or not isinstance(tol, (int, float, np.integer, np.floating)):
        raise TypeError(f"`tol` must be a number such as 0.05; got {v._describe(tol)}")
    if not tol >= 0:
        raise ValueError(f"`tol` must be non-negative; got tol={tol}")
    arr = arr.astype(np.float64, copy=False)
    span = float(arr.max() - arr.min()) or 1.0
    same, total = 0, 0
    for moved, still in (
        (arr[..., shift:, :], arr[..., :-shift, :]),
        (arr[..., :, shift:], arr[..., :, :-shift]),
    ):
        a, b = np.asarray(pool(still)), np.asarray(pool(moved))
        diff = np.abs(a - b) <= tol * span
        same += int(diff.sum())
        total += diff.size
    return same / total


def shift_images(x, down=0, right=0):
    """Move every image by whole pixels; cells moved in from outside are 0.

    Parameters
    ----------
    x : (..., H, W) array_like
    down, right : int
        Pixels down (negative: up) and right (negative: left).

    Returns
    -------
    ndarray, shape and dtype of ``x``

    Examples
    --------
    >>> shift_images(np.arange(4.0).reshape(1, 2, 2), right=1)
    array([[[0., 0.],
            [0., 2.]]])
    """
    arr = np.asarray(x)
    if arr.ndim < 2:
        raise ValueError(f"`x` must have at least 2 dimensions (..., H, W); got shape {arr.shape}")
    dy = v.whole(down, "down", what="an int number of pixels")
    dx = v.whole(right, "right", what="an int number of pixels")
    return move_pixels(arr, dy, dx)
