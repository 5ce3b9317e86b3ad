"""Max, average and min pooling with PyTorch's semantics, in NumPy alone.

The engine is separable: the maximum (or sum) over a kH x kW window is the
maximum over kH rows of the maxima over kW columns. Each pass is a handful of
long one-dimensional ufunc calls over a block of planes that stays in cache,
so there is no Python loop over windows and no copy of the windows.

Temporaries stay within 1.5x the output's size. Scratch buffers up to 8 MiB
each are kept between calls (one set per thread), so repeated calls, as a
slider makes them, do not pay for fresh memory each time.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import _validation as v
from .geometry import plan, trimmed
from .passes import average_flat, by_taps, out_dtype, separable, work_dtype
from .zeros import keep_first_zero

__all__ = ["pool2d", "global_pool"]

# Maps up to this many values take the direct path: per-call overhead dominates.
_SMALL = 2048


@lru_cache(maxsize=256)
def _divisor(ah, aw, count_include_pad: bool):
    """The divisor of each output cell, or one int when it is the same for all."""
    ch, cw = ah.counts(count_include_pad), aw.counts(count_include_pad)
    if ch.min() == ch.max() and cw.min() == cw.max():
        return int(ch[0]) * int(cw[0])
    return np.outer(ch, cw)


def pool2d(
    x,
    kernel_size,
    stride=None,
    padding=0,
    dilation=1,
    ceil_mode=False,
    *,
    mode="max",
    count_include_pad=True,
    divisor_override=None,
):
    """Max, average or min pooling over the last two axes, as PyTorch does it.

    Parameters
    ----------
    x : (H, W), (C, H, W) or (N, C, H, W) array_like
        Feature map(s) of real numbers (bool, int or float). ``N`` may be 0,
        as in PyTorch; a PyTorch tensor is read detached, as NumPy reads it.
    kernel_size : int or (int, int)
        Window size ``k`` or ``(kH, kW)``, at least 1.
    stride : int or (int, int), optional
        Step between windows; ``None`` (default) means ``kernel_size``.
    padding : int or (int, int), default 0
        Implicit padding on both sides, at most ``kernel_size // 2``. Max and
        min pooling never pick a padded cell; average pooling counts padded
        cells as zeros.
    dilation : int or (int, int), default 1
        Spacing between the taps of a window.
    ceil_mode : bool, default False
        Round the output size up, keeping a last, partial window when it
        starts inside the input or its left padding. The arguments so far come
        in PyTorch's order, so ``pool2d(x, 3, 2, 1, 1, True)`` reads as
        ``max_pool2d`` would; the rest are keyword-only.
    mode : {"max", "avg", "min"}, default "max"
        Keyword-only. Which reduction each window gets.
    count_include_pad : bool, default True
        Keyword-only, average pooling only. Whether padded zeros count in the
        divisor. Cells past the right padding (ceil mode) never count.
    divisor_override : int, optional
        Keyword-only, average pooling only. Divide every window's sum by this
        non-zero int instead of its count, as PyTorch's ``avg_pool2d`` does.

    Returns
    -------
    out : (OH, OW), (C, OH, OW) or (N, C, OH, OW) ndarray
        Same leading axes as ``x``. Max and min keep ``x``'s dtype; average
        pooling of integers or bools gives float64, of floats keeps the dtype.

    Raises
    ------
    TypeError
        If ``x`` is not a real numeric array (or a tensor NumPy cannot read),
        or an argument has the wrong type (``2.0`` and ``True`` are not ints).
    ValueError
        If ``x`` has fewer than 2 or more than 4 axes or an empty axis other
        than N, a size is below 1 (padding below 0) or above ``2**31 - 1``, a
        pair has the wrong length, padding exceeds half the window, ``mode``
        is unknown, the window does not fit the padded input, or
        ``divisor_override`` is 0 or given for max or min pooling.

    See Also
    --------
    output_size : the output length along one axis.
    global_pool : one value per plane.
    max_pool2d_with_indices : max pooling that also says where each max was.

    Notes
    -----
    Along each axis, ``out = floor((n + 2p - d(k - 1) - 1) / s) + 1``; in ceil
    mode ``ceil`` replaces ``floor`` and the last window is dropped if it
    would start at or past ``n + p``. ``min`` pooling equals ``-max(-x)``.
    NaN propagates: a window holding a NaN gives NaN, as in PyTorch, and an
    infinity stays in the windows that hold it. Ties keep the first extreme
    in row-major order, so ``[[0.0, -0.0], [-0.0, -0.0]]`` gives ``0.0``; an
    average is never ``-0.0``, as in PyTorch (also with a negative
    ``divisor_override``). Sums run along H, then W, not in PyTorch's order:
    with values near the float maximum a window that PyTorch sums to a finite
    number may overflow here (or the reverse).

    The cost is about ``kH + kW`` passes over the data; no window is copied.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> pool2d(ANCHOR, 2)
    array([[20, 11],
           [10, 18]])
    >>> pool2d(ANCHOR, 2, mode="avg")
    array([[13.75,  6.25],
           [ 6.75, 13.25]])
    >>> pool2d(ANCHOR, 2, mode="min")
    array([[8, 3],
           [2, 5]])
    >>> pool2d(ANCHOR, 3, stride=3, ceil_mode=True)
    array([[20, 18],
           [10, 16]])
    """
    arr = v.feature_map(x, empty_batch=True)
    mode = v.mode(mode)
    count_include_pad = v.flag(count_include_pad, "count_include_pad")
    override = v.divisor_override(divisor_override, mode)
    ah, aw = plan(arr.shape[-2:], kernel_size, stride, padding, dilation, ceil_mode)
    lead = arr.shape[:-2]
    if arr.size == 0:  # N = 0: PyTorch gives an empty batch of the output's shape
        return np.empty(lead + (ah.out, aw.out), dtype=out_dtype(arr.dtype, mode))
    x3 = arr.reshape((-1,) + arr.shape[-2:])
    divisor_axes = ah, aw
    ah, aw = trimmed(ah), trimmed(aw)  # a window longer than the input: its reach only
    if mode != "avg":
        if x3.size <= _SMALL:
            out = by_taps(x3, ah, aw, mode)
            keep_first_zero(x3, ah, aw, out)
        else:
            blocks = [] if x3.dtype.kind == "f" else None
            out = separable(x3, ah, aw, mode, blocks)
            keep_first_zero(x3, ah, aw, out, blocks)
    else:
        # inf + -inf in a window is NaN, and a dilated window can read only
        # padding: with count_include_pad=False it has no cell to average, and
        # its result is NaN (0 / 0). Both silently, as in PyTorch.
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            divisor = override or _divisor(*divisor_axes, count_include_pad)
            out = None if x3.size <= _SMALL else average_flat(x3, ah, aw, divisor)
            if out is None:
                out = (
                    by_taps(x3, ah, aw, mode) if x3.size <= _SMALL else separable(x3, ah, aw, mode)
                )
                out /= divisor
                # A zero average is +0.0 in PyTorch, whatever the signs summed; after
                # the cast, as rounding to float16 can make a -0.0 of its own.
                out = out.astype(out_dtype(arr.dtype, mode), copy=False)
                out += 0.0
    out = out.astype(out_dtype(arr.dtype, mode), copy=False)
    return out.reshape(lead + out.shape[-2:])


def global_pool(x, mode="avg"):
    """Reduce each plane to one number: global average (or max, min) pooling.

    Parameters
    ----------
    x : (H, W), (C, H, W) or (N, C, H, W) array_like
        Feature map(s) of real numbers.
    mode : {"avg", "max", "min"}, default "avg"
        The reduction.

    Returns
    -------
    out : scalar, (C,) or (N, C) ndarray
        A NumPy scalar for a 2-D map, else the leading axes of ``x``. Average
        of integers gives float64; floats keep their dtype.

    Raises
    ------
    TypeError, ValueError
        As for :func:`pool2d`.

    Notes
    -----
    The same as ``pool2d(x, (H, W), mode=mode)`` with the last two axes
    dropped. The average is a matrix-vector product with a vector of ones,
    which BLAS does faster than ``mean``.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> float(global_pool(ANCHOR))
    10.0
    >>> int(global_pool(ANCHOR, mode="max"))
    20
    """
    arr = v.feature_map(x, empty_batch=True)
    mode = v.mode(mode)
    lead = arr.shape[:-2]
    hw = arr.shape[-2] * arr.shape[-1]
    flat = arr.reshape(-1, hw)
    if mode != "avg":
        res = flat.max(axis=1) if mode == "max" else flat.min(axis=1)
        if res.dtype.kind == "f" and not res.all():  # a zero: the sign of the first one
            rows = np.flatnonzero(res == 0)
            zeros = flat[rows] == 0
            res[rows] = flat[rows, zeros.argmax(axis=1)]
    else:
        work = work_dtype(arr.dtype, "avg")
        flat = flat.astype(work, copy=False)
        with np.errstate(invalid="ignore", over="ignore"):  # inf - inf: NaN, as in PyTorch
            res = (flat @ np.ones(hw, dtype=work)) / work.type(hw)
        res = res.astype(out_dtype(arr.dtype, "avg"), copy=False)
        if arr.dtype.kind == "f" and arr.dtype.itemsize < 4:
            res = res.astype(arr.dtype)
    res = res.reshape(lead)
    return res[()] if res.ndim == 0 else res
