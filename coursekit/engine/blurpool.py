"""Anti-aliased pooling (BlurPool), after Zhang, ICML 2019, arXiv:1904.11486.

Max pooling with stride 2 samples the maximum every other pixel, and ignores
the sampling theorem: move the input by one pixel and the output can change
completely. Zhang's fix splits the operation in two: the dense part (max with
stride 1) keeps what max pooling is good at, then a low-pass binomial blur with
stride 2 does the subsampling, so detail finer than the new grid is blurred
away instead of aliased.

:func:`shift_consistency` measures the result: how often the pooled map stays
the same when the input moves by one pixel.
"""

from __future__ import annotations

import numpy as np

from .. import _validation as v
from .passes import out_dtype
from .pooling import pool2d

__all__ = ["blur_filter", "blur_pool2d"]


def blur_filter(filter_size=4):
    """The 2-D binomial low-pass filter of BlurPool, summing to 1.

    Parameters
    ----------
    filter_size : int, default 4
        Taps per axis, 1 to 7: the row ``n - 1 choose j`` of Pascal's
        triangle, e.g. ``[1, 3, 3, 1]`` for 4 (Zhang's default).

    Returns
    -------
    (filter_size, filter_size) ndarray of float64
        ``outer(a, a) / sum(a)**2`` for the binomial row ``a``.

    Raises
    ------
    TypeError
        If ``filter_size`` is not an int.
    ValueError
        If it is outside 1 to 7.

    Notes
    -----
    Size 1 is no blur (plain subsampling), 2 is ``[1, 1]`` (a box filter, i.e.
    average pooling), 3 is ``[1, 2, 1]``; larger filters blur more, trading
    sharpness for shift stability.

    Examples
    --------
    >>> blur_filter(4) * 64
    array([[1., 3., 3., 1.],
           [3., 9., 9., 3.],
           [3., 9., 9., 3.],
           [1., 3., 3., 1.]])
    >>> float(blur_filter(5).sum())
    1.0
    """
    row = _binomial(filter_size)
    return np.outer(row, row)


def _binomial(filter_size) -> np.ndarray:
    if not v.is_int(filter_size):
        raise TypeError(
            f"`filter_size` must be an int from 1 to 7; got {v._describe(filter_size)}. "
            "Use filter_size=4 for Zhang's default [1, 3, 3, 1]"
        )
    if not 1 <= filter_size <= 7:
        raise ValueError(
            f"`filter_size` must be from 1 to 7; got filter_size={filter_size}. "
            "Zhang uses 2 to 7; 4 ([1, 3, 3, 1]) is the default"
        )
    row = np.array([1.0])
    for _ in range(int(filter_size) - 1):
        row = np.convolve(row, [1.0, 1.0])
    return row / row.sum()


def _blur_axis(x: np.ndarray, row: np.ndarray, stride: int, axis: int) -> np.ndarray:
    """Reflect-pad one axis, filter it with ``row`` and keep every ``stride``-th value."""
    f = row.size
    left, right = (f - 1) // 2, f // 2
    pad = [(0, 0)] * x.ndim
    pad[axis] = (left, right)
    padded = np.pad(x, pad, mode="reflect") if x.shape[axis] > 1 else np.pad(x, pad, mode="edge")
    n = padded.shape[axis]
    out = (n - f) // stride + 1
    res = 0.0
    for t, weight in enumerate(row):  # a loop over the few filter taps only
        sl = [slice(None)] * x.ndim
        sl[axis] = slice(t, t + stride * (out - 1) + 1, stride)
        res = res + weight * padded[tuple(sl)]
    return res


def blur_pool2d(x, kernel_size=2, stride=2, *, mode="max", filter_size=4):
    """Anti-aliased pooling: dense pooling, then a binomial blur with a stride.

    Parameters
    ----------
    x : (H, W), (C, H, W) or (N, C, H, W) array_like
        Feature map(s) of real numbers.
    kernel_size : int or (int, int), default 2
        Window of the dense pooling, applied with stride 1.
    stride : int or (int, int), default 2
        Subsampling factor of the blur.
    mode : {"max", "avg", "min"} or None, default "max"
        Keyword-only. The dense pooling; ``None`` blurs and subsamples only
        (what Zhang puts after a convolution instead of striding it), and
        ``kernel_size`` is then not used.
    filter_size : int, default 4
        Keyword-only. Taps of the binomial filter per axis
        (see :func:`blur_filter`).

    Returns
    -------
    out : (..., OH, OW) ndarray of float
        Leading axes of ``x``; float64 for integer or bool input.

    Raises
    ------
    TypeError, ValueError
        If ``x``, ``kernel_size``, ``stride``, ``mode`` or ``filter_size``
        break their rules (the same messages as :func:`coursekit.pool2d`).

    See Also
    --------
    blur_filter : the filter.
    shift_consistency : how stable the output is under one-pixel shifts.

    Notes
    -----
    ``MaxBlurPool = BlurPool(stride) o MaxPool(kernel_size, stride=1)``. The
    blur pads each side with the image's reflection (``(f - 1) // 2`` cells
    before, ``f // 2`` after, as Zhang's reference code does), so along an axis
    of length ``m = n - k + 1`` after the dense pooling the output has
    ``floor((m - 1) / s) + 1`` cells: for ``k = s = 2`` and even ``n`` that is
    ``n / 2``, the size max pooling gives.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> blur_pool2d(ANCHOR).shape
    (2, 2)
    >>> blur_pool2d(np.ones((6, 6)), filter_size=3)
    array([[1., 1., 1.],
           [1., 1., 1.],
           [1., 1., 1.]])
    """
    arr = v.feature_map(x, empty_batch=True)
    if mode is not None:
        mode = v.mode(mode)
    ks = v.pair(kernel_size, "kernel_size")
    v.at_least(ks, "kernel_size", 1)
    st = v.pair(stride, "stride")
    v.at_least(st, "stride", 1)
    row = _binomial(filter_size)
    dense = arr if mode is None else pool2d(arr, kernel_size, 1, mode=mode)
    dense = dense.astype(out_dtype(arr.dtype, "avg"), copy=False)
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf: NaN, as in PyTorch
        out = _blur_axis(dense, row, st[0], dense.ndim - 2)
        out = _blur_axis(out, row, st[1], dense.ndim - 1)
    return np.asarray(out, dtype=dense.dtype)
