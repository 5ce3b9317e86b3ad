"""Adaptive pooling: name the output size, and the windows follow from it.

A network that ends in ``adaptive_pool2d(features, 1)`` (global pooling) or
``adaptive_pool2d(features, 7)`` accepts inputs of any size: the head after it
always sees the same shape. Window boundaries are PyTorch's, so the numbers
match ``torch.nn.functional.adaptive_avg_pool2d`` and ``adaptive_max_pool2d``.
"""

from __future__ import annotations

import numpy as np

from .. import _validation as v
from .passes import fill_value, out_dtype

__all__ = ["adaptive_pool2d", "adaptive_bounds"]


def adaptive_bounds(n, out):
    """Where each of ``out`` adaptive windows starts and ends on an axis of ``n``.

    Parameters
    ----------
    n : int
        Input length, at least 1.
    out : int
        Output length, at least 1 (it may exceed ``n``: windows then repeat).

    Returns
    -------
    starts, ends : (out,) ndarray of int64 each
        Window ``i`` covers ``starts[i] <= j < ends[i]``, with
        ``start = floor(i * n / out)`` and ``end = ceil((i + 1) * n / out)``.

    Raises
    ------
    TypeError
        If ``n`` or ``out`` is not an int.
    ValueError
        If either is below 1.

    Notes
    -----
    Every window is non-empty, together they cover the whole axis, and
    neighbours overlap by at most one cell. When ``out`` divides ``n`` every
    window has ``n // out`` cells and adaptive pooling is ordinary pooling
    with ``kernel_size = stride = n // out``.

    Examples
    --------
    >>> adaptive_bounds(4, 2)
    (array([0, 2]), array([2, 4]))
    >>> adaptive_bounds(5, 3)
    (array([0, 1, 3]), array([2, 4, 5]))
    """
    n = v.positive_int(n, "n", example=4, int_max=True)
    out = v.positive_int(out, "out", example=4, int_max=True)
    i = np.arange(out, dtype=np.int64)
    starts = (i * n) // out
    ends = -((-(i + 1) * n) // out)
    return starts, ends


def _sizes(output_size, shape):
    if output_size is None or v.is_int(output_size):
        pair = (output_size, output_size)
    elif isinstance(output_size, (tuple, list)):
        if len(output_size) != 2:
            raise ValueError(
                f"`output_size` must be an int or a pair (h, w); got a sequence of length "
                f"{len(output_size)}: {output_size!r}. Pass e.g. output_size=(2, 3)"
            )
        pair = tuple(output_size)
    else:
        raise TypeError(
            f"`output_size` must be an int, a pair of ints, or None to keep an axis; got "
            f"{v._describe(output_size)}. Use e.g. output_size=1 for global pooling"
        )
    if pair == (None, None) and output_size is None:
        raise TypeError(
            "`output_size` must be an int or a pair; got None. None is allowed only "
            "inside a pair, to keep that axis, e.g. output_size=(None, 1)"
        )
    sizes = []
    for value, n in zip(pair, shape, strict=True):
        if value is None:
            sizes.append(n)
            continue
        if not v.is_int(value):
            raise TypeError(
                f"`output_size` must hold ints (or None to keep an axis); got "
                f"{output_size!r}. Use e.g. output_size=(2, 3)"
            )
        if value < 0:
            raise ValueError(
                f"`output_size` must be at least 0 (0 gives an empty output, as in PyTorch); "
                f"got output_size={output_size!r}"
            )
        v.at_most_int_max((int(value),), "output_size")
        sizes.append(int(value))
    return tuple(sizes)


def _window_matrix(n: int, out: int) -> tuple[np.ndarray, np.ndarray]:
    """(out, n) matrix of 0 and 1 whose row ``i`` sums window ``i``, and the sizes."""
    starts, ends = adaptive_bounds(n, out)
    j = np.arange(n)
    return (j >= starts[:, None]) & (j < ends[:, None]), ends - starts


def _bounds(H: int, OH: int, W: int, OW: int):
    return (*adaptive_bounds(H, OH), *adaptive_bounds(W, OW))


def _window_sums(data, sh, eh, sw, ew):
    """Each window's sum from its slices: NaN and infinities stay in the windows
    that hold them (the matrix product would compute 0 * inf)."""
    rows = np.stack([data[..., a:b, :].sum(axis=-2) for a, b in zip(sh, eh, strict=True)], -2)
    return np.stack([rows[..., a:b].sum(axis=-1) for a, b in zip(sw, ew, strict=True)], -1)


def keep_first_zero(gathered: np.ndarray, keep: np.ndarray, res: np.ndarray) -> np.ndarray:
    """Zeros take the sign of the first zero of their window in row-major order,
    as PyTorch keeps the first maximum (``np.max`` may return either zero)."""
    if res.dtype.kind != "f" or res.all():
        return res
    # (..., OH, Lh, OW, Lw) -> (..., OH, OW, Lh * Lw): each window's cells in scan order
    win = np.swapaxes(gathered, -3, -2)
    win = win.reshape(win.shape[:-2] + (-1,))
    ok = np.swapaxes(keep, 1, 2).reshape(keep.shape[0], keep.shape[2], -1)
    first = np.argmax((win == 0) & ok, axis=-1)
    signed = np.take_along_axis(win, first[..., None], axis=-1)[..., 0]
    return np.where(res == 0, signed, res)


def adaptive_pool2d(x, output_size, mode="avg"):
    """Pool to a given output size, whatever the input size: adaptive pooling.

    Parameters
    ----------
    x : (H, W), (C, H, W) or (N, C, H, W) array_like
        Feature map(s) of real numbers.
    output_size : int or (int or None, int or None)
        ``OH`` and ``OW``: one int for both, or a pair; ``None`` in a pair
        keeps that axis's input size, as PyTorch allows. 0 gives an empty
        output, as in PyTorch.
    mode : {"avg", "max", "min"}, default "avg"
        The reduction over each window.

    Returns
    -------
    out : (..., OH, OW) ndarray
        Leading axes of ``x``. Max and min keep ``x``'s dtype; the average of
        integers or bools is float64.

    Raises
    ------
    TypeError
        If ``x`` is not a real numeric array or ``output_size`` is not an
        int, a pair of ints (or None), or ``mode`` is not a string.
    ValueError
        If ``x`` has fewer than 2 or more than 4 axes or an empty axis other
        than N, an output size is below 0, a pair has the wrong length, or ``mode`` is
        unknown.

    See Also
    --------
    adaptive_bounds : the windows along one axis.
    global_pool : the case ``output_size=1``, as a scalar per plane.

    Notes
    -----
    Along an axis of length ``n`` pooled to ``out``, window ``i`` covers
    ``floor(i * n / out) <= j < ceil((i + 1) * n / out)``. Windows may differ
    in size by one cell and may overlap by one; the average divides each by its
    own size. A NaN in a window gives NaN, an infinity gives that infinity
    (NaN with both signs), in that window only, as in PyTorch.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> adaptive_pool2d(ANCHOR, 1)
    array([[10.]])
    >>> adaptive_pool2d(ANCHOR, 2, mode="max")
    array([[20, 11],
           [10, 18]])
    >>> adaptive_pool2d(ANCHOR, (3, None), mode="max")
    array([[12, 20, 11,  7],
           [ 8, 15, 14, 18],
           [ 6, 10, 14, 18]])
    """
    arr = v.feature_map(x, empty_batch=True)
    mode = v.mode(mode)
    H, W = arr.shape[-2:]
    OH, OW = _sizes(output_size, (H, W))
    if arr.size == 0 or OH == 0 or OW == 0:  # N = 0 or an output size 0: empty, as in PyTorch
        return np.empty(arr.shape[:-2] + (OH, OW), dtype=out_dtype(arr.dtype, mode))
    if mode == "avg":
        work = np.float64 if arr.dtype.kind in "biu" or arr.dtype.itemsize < 4 else arr.dtype
        (ph, nh), (pw, nw) = _window_matrix(H, OH), _window_matrix(W, OW)
        with np.errstate(invalid="ignore", over="ignore"):
            # Sum, then divide, as PyTorch does: (OH, H) @ (..., H, W) @ (W, OW) with
            # weights of 1 (weights of 1/size would round each term, and lose a sum
            # that overflows or a subnormal that the division keeps).
            res = ph.astype(work) @ arr.astype(work, copy=False) @ pw.T.astype(work)
            # Every input cell is in some window, so a NaN or infinity in the input
            # (or a sum that overflows) always shows in the product (as NaN from
            # 0 * inf in the wrong cells, too); only then is the exact path taken.
            if arr.dtype.kind == "f" and not np.isfinite(res).all():
                res = _window_sums(arr.astype(work, copy=False), *_bounds(H, OH, W, OW))
            res += 0.0  # PyTorch's sums start at +0.0 (a sum of -0.0 is +0.0) ...
            res /= np.outer(nh, nw).astype(work)  # ... but a tiny negative mean is -0.0
        return res.astype(out_dtype(arr.dtype, "avg"), copy=False)
    sh, eh = adaptive_bounds(H, OH)
    sw, ew = adaptive_bounds(W, OW)
    lh, lw = int((eh - sh).max()), int((ew - sw).max())
    rows = sh[:, None] + np.arange(lh)  # (OH, Lh), cells past a window's end masked
    cols = sw[:, None] + np.arange(lw)
    row_ok, col_ok = rows < eh[:, None], cols < ew[:, None]
    gathered = arr[..., np.minimum(rows, H - 1)[:, :, None, None], np.minimum(cols, W - 1)]
    keep = row_ok[:, :, None, None] & col_ok[None, None]  # (OH, Lh, OW, Lw)
    gathered = np.where(keep, gathered, fill_value(arr.dtype, mode))
    reduce = np.max if mode == "max" else np.min
    res = keep_first_zero(gathered, keep, reduce(gathered, axis=(-3, -1)))
    return res.astype(arr.dtype, copy=False)
