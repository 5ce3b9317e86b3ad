"""Max pooling that remembers where each maximum came from, and its inverse."""

from __future__ import annotations

import numpy as np

from .. import _validation as v
from .geometry import plan, trimmed
from .passes import fill_value
from .pooling import pool2d

__all__ = ["max_pool2d_with_indices", "max_unpool2d"]


def window_argext(arr, ah, aw, out, mode):
    """Flat index (into each H x W plane) of the first extreme of each window.

    PyTorch's rule: scan the window in row-major order and keep the first
    strictly better value; a NaN always wins, so with NaNs the last NaN is kept.
    Loops over the kH * kW taps of the window, never over windows.
    """
    H, W = arr.shape[-2:]
    taps_h, taps_w = ah.taps(), aw.taps()  # (OH, kH), (OW, kW)
    idx = np.full(out.shape, -1, dtype=np.int64)
    nan_out = np.isnan(out) if out.dtype.kind == "f" else None
    has_nan = nan_out is not None and bool(nan_out.any())
    offsets = [(a, b) for a in range(ah.k) for b in range(aw.k)]
    pad_w = [(0, 0)] * (arr.ndim - 2) + [
        (ah.p, max(0, ah.span - ah.p - H)),
        (aw.p, max(0, aw.span - aw.p - W)),
    ]
    padded = np.pad(arr, pad_w, constant_values=fill_value(arr.dtype, mode))

    def tap(a, b):
        """The a-th row and b-th column tap of every window, shape (..., OH, OW)."""
        r0, c0 = a * ah.d, b * aw.d
        return padded[
            ..., r0 : r0 + (ah.out - 1) * ah.s + 1 : ah.s, c0 : c0 + (aw.out - 1) * aw.s + 1 : aw.s
        ]

    for a, b in offsets:
        r, c = taps_h[:, a], taps_w[:, b]
        valid = ((r >= 0) & (r < H))[:, None] & ((c >= 0) & (c < W))[None, :]
        vals = tap(a, b)
        hit = (vals == out) & valid & (idx < 0)
        idx = np.where(hit, (r[:, None] * W + c[None, :]), idx)
    if has_nan:
        last_nan = np.full(out.shape, -1, dtype=np.int64)
        for a, b in offsets:
            r, c = taps_h[:, a], taps_w[:, b]
            valid = ((r >= 0) & (r < H))[:, None] & ((c >= 0) & (c < W))[None, :]
            hit = np.isnan(tap(a, b)) & valid
            last_nan = np.where(hit, (r[:, None] * W + c[None, :]), last_nan)
        idx = np.where(nan_out, last_nan, idx)
    if (idx < 0).any():
        # A window made only of padding (possible with dilation): PyTorch keeps
        # its starting guess, the first tap at or after row/column 0.
        r0 = taps_h[:, 0] + ((-taps_h[:, 0]).clip(0) + ah.d - 1) // ah.d * ah.d
        c0 = taps_w[:, 0] + ((-taps_w[:, 0]).clip(0) + aw.d - 1) // aw.d * aw.d
        idx = np.where(idx < 0, r0[:, None] * W + c0[None, :], idx)
    return idx


def max_pool2d_with_indices(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Max pooling that also returns where each maximum was, as PyTorch does.

    Parameters
    ----------
    x : (H, W), (C, H, W) or (N, C, H, W) array_like
        Feature map(s) of real numbers.
    kernel_size, stride, padding, dilation, ceil_mode
        As for :func:`coursekit.pool2d`.

    Returns
    -------
    out : (..., OH, OW) ndarray
        ``pool2d(x, ..., mode="max")``.
    indices : (..., OH, OW) int64 ndarray
        For each output cell, the flat index ``row * W + col`` into its own
        H x W input plane of the value it took: the first maximum of the
        window in row-major order (the last NaN when the window holds NaN).

    Raises
    ------
    TypeError, ValueError
        As for :func:`coursekit.pool2d`.

    Notes
    -----
    Output size per axis: ``floor((n + 2p - d(k - 1) - 1) / s) + 1`` (ceil in
    ceil mode). The indices are what :func:`max_unpool2d` needs to put each
    maximum back, as SegNet's decoder does.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> out, idx = max_pool2d_with_indices(ANCHOR, 2)
    >>> idx
    array([[ 1,  6],
           [13, 11]])
    >>> max_unpool2d(out, idx, (4, 4))
    array([[ 0, 20,  0,  0],
           [ 0,  0, 11,  0],
           [ 0,  0,  0, 18],
           [ 0, 10,  0,  0]])
    """
    arr = v.feature_map(x, empty_batch=True)
    out = pool2d(
        arr, kernel_size, stride, padding, mode="max", dilation=dilation, ceil_mode=ceil_mode
    )
    ah, aw = plan(arr.shape[-2:], kernel_size, stride, padding, dilation, ceil_mode)
    if arr.size == 0:  # N = 0: empty indices of the output's shape, as in PyTorch
        return out, np.zeros(out.shape, dtype=np.int64)
    return out, window_argext(arr, trimmed(ah), trimmed(aw), out, "max")


def max_unpool2d(out, indices, output_size):
    """Put each pooled value back where it came from; zeros elsewhere.

    Parameters
    ----------
    out : (..., OH, OW) array_like
        Pooled values, e.g. the first result of :func:`max_pool2d_with_indices`.
    indices : (..., OH, OW) array_like of int
        Flat index into each output plane, the second result of
        :func:`max_pool2d_with_indices`.
    output_size : (int, int) or a full shape ending in (H, W)
        Height and width of each unpooled plane.

    Returns
    -------
    (..., H, W) ndarray
        Zeros of ``out``'s dtype with ``out`` scattered to ``indices``. Where
        two windows chose the same cell, the later window's value is kept.

    Raises
    ------
    TypeError
        If ``indices`` are not integers or ``output_size`` not ints.
    ValueError
        If shapes differ or an index falls outside an H x W plane.

    Examples
    --------
    >>> max_unpool2d([[5]], [[3]], (2, 2))
    array([[0, 0],
           [0, 5]])
    """
    vals = v.feature_map(out, "out", empty_batch=True)
    if v._is_torch_tensor(indices):
        indices = v._from_torch(indices, "indices")
    try:
        idx = np.asarray(indices)
    except (ValueError, TypeError):
        idx = np.asarray([], dtype=object)
    if idx.dtype.kind not in "iu":
        raise TypeError(
            f"`indices` must be integers; got dtype {idx.dtype}. Pass the indices "
            "returned by max_pool2d_with_indices"
        )
    if idx.shape != vals.shape:
        raise ValueError(
            f"`indices` must have the shape of `out`; got indices.shape={idx.shape}, "
            f"out.shape={vals.shape}"
        )
    if isinstance(output_size, (tuple, list)) and len(output_size) > 2:
        output_size = tuple(output_size)[-2:]
    H, W = v.pair(output_size, "output_size")
    v.at_least((H, W), "output_size", 1)
    if idx.size and (idx.min() < 0 or idx.max() >= H * W):
        bad = int(idx.min()) if idx.min() < 0 else int(idx.max())
        raise ValueError(
            f"`indices` must lie in [0, H*W) = [0, {H * W}) for output_size=({H}, {W}); "
            f"found index {bad}. Is output_size the size of the map that was pooled?"
        )
    lead = vals.shape[:-2]
    B = int(np.prod(lead, dtype=np.int64)) if lead else 1
    res = np.zeros((B, H * W), dtype=vals.dtype)
    planes = np.arange(B)[:, None]
    res[planes, idx.reshape(B, idx.size // max(B, 1))] = vals.reshape(B, vals.size // max(B, 1))
    return res.reshape(lead + (H, W))
