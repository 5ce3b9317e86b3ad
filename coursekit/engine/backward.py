"""Backpropagation through pooling, and the tools to check a gradient.

:func:`pool2d_backward` returns the gradient of a loss with respect to the
input of :func:`coursekit.pool2d`, given the gradient with respect to its
output, with PyTorch's semantics. :func:`numerical_gradient` and
:func:`rel_error` check any such gradient the way a deep-learning course does
(central differences, CS231n's relative error).
"""

from __future__ import annotations

import numpy as np

from .. import _validation as v
from .geometry import plan, trimmed
from .indices import window_argext
from .pooling import pool2d

__all__ = ["pool2d_backward"]


def _grad_dtype(dtype: np.dtype) -> np.dtype:
    """Gradients are floats: float64 for integer or bool inputs, else x's dtype."""
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def _tap_matrix(axis) -> np.ndarray:
    """(out, n) matrix: how often window ``o`` reads input ``i`` along one axis."""
    taps = axis.taps()
    rows = np.broadcast_to(np.arange(axis.out)[:, None], taps.shape)
    inside = (taps >= 0) & (taps < axis.n)
    mat = np.zeros((axis.out, axis.n))
    np.add.at(mat, (rows[inside], taps[inside]), 1.0)
    return mat


def _spread_exact(scaled: np.ndarray, ah, aw) -> np.ndarray:
    """``T_h.T @ scaled @ T_w`` as one strided add per tap: NaN and infinities
    reach only the cells of their own window (the product computes 0 * inf)."""
    lead = scaled.shape[:-2]
    Hc, Wc = max(ah.span, ah.n + ah.p), max(aw.span, aw.n + aw.p)
    canvas = np.zeros(lead + (Hc, Wc))  # the input with its padding, from index -p on
    rows, cols = (ah.out - 1) * ah.s + 1, (aw.out - 1) * aw.s + 1
    with np.errstate(invalid="ignore"):  # inf - inf is NaN, silently as in PyTorch
        for a in range(0, ah.k * ah.d, ah.d):
            for b in range(0, aw.k * aw.d, aw.d):
                canvas[..., a : a + rows : ah.s, b : b + cols : aw.s] += scaled
    return canvas[..., ah.p : ah.p + ah.n, aw.p : aw.p + aw.n]


def _grad_out(grad_out, expected: tuple[int, ...]) -> np.ndarray:
    g = v.feature_map(grad_out, "grad_out", empty_batch=True)
    if g.shape != expected:
        raise ValueError(
            f"`grad_out` must have the shape of the pooled output; got "
            f"grad_out.shape={g.shape}, expected {expected}. Pass the gradient of the "
            "loss with respect to pool2d(x, ...) called with the same arguments"
        )
    return g


def pool2d_backward(
    x,
    grad_out,
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
    """Gradient of a loss with respect to the input of :func:`coursekit.pool2d`.

    Parameters
    ----------
    x : (H, W), (C, H, W) or (N, C, H, W) array_like
        The input that was pooled.
    grad_out : (..., OH, OW) array_like
        Gradient of the loss with respect to ``pool2d(x, ...)``; same shape
        as that output.
    kernel_size, stride, padding, dilation, ceil_mode
        As for :func:`coursekit.pool2d`, in the same order.
    mode : {"max", "avg", "min"}, default "max"
        Keyword-only. The pooling that was applied.
    count_include_pad, divisor_override
        Keyword-only, as for :func:`coursekit.pool2d`.

    Returns
    -------
    grad_x : ndarray, shape of ``x``
        Float, of ``x``'s dtype (float64 when ``x`` holds integers or bools).

    Raises
    ------
    TypeError
        If ``x`` or ``grad_out`` is not a real numeric array, or an argument has
        the wrong type.
    ValueError
        If ``grad_out`` does not have the pooled output's shape, or for any
        reason :func:`coursekit.pool2d` gives.

    See Also
    --------
    numerical_gradient : the same gradient by central differences, to check it.
    max_pool2d_with_indices : where each maximum is, the routing of max pooling.

    Notes
    -----
    - ``max``: each output cell sends its whole gradient to the first maximum
      of its window in row-major order (with NaNs: the last NaN), as
      PyTorch's ``max_pool2d`` does; where windows overlap, the contributions
      add up. Every other cell gets 0.
    - ``min``: the same, to the first minimum.
    - A window that reads only padding (possible with dilation or ceil mode)
      passes nothing on. (PyTorch's max pooling sends that gradient to a cell
      outside the window, a quirk not copied here.)
    - ``avg``: each output cell spreads ``grad / divisor`` over every input
      cell its window reads, with the divisor :func:`coursekit.pool2d` used
      (padding counted or not by ``count_include_pad``, cells past the right
      padding in ceil mode never).

    Max and min gather the window indices once (a loop over the ``kH * kW``
    taps, never over windows) and scatter-add them with ``np.bincount``; the
    average is separable, ``T_h.T @ (grad / divisor) @ T_w`` with 0/1 tap
    matrices.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> pool2d_backward(ANCHOR, np.ones((2, 2)), 2)
    array([[0., 1., 0., 0.],
           [0., 0., 1., 0.],
           [0., 0., 0., 1.],
           [0., 1., 0., 0.]])
    >>> pool2d_backward(ANCHOR, [[4.0, 8.0], [0.0, 4.0]], 2, mode="avg")
    array([[1., 1., 2., 2.],
           [1., 1., 2., 2.],
           [0., 0., 1., 1.],
           [0., 0., 1., 1.]])

    Overlapping windows add up: the 20 is the maximum of two 3x3 windows.

    >>> pool2d_backward(ANCHOR, np.ones((2, 2)), 3, stride=1)
    array([[0., 2., 0., 0.],
           [0., 1., 0., 0.],
           [0., 0., 0., 1.],
           [0., 0., 0., 0.]])
    """
    arr = v.feature_map(x, empty_batch=True)
    mode = v.mode(mode)
    count_include_pad = v.flag(count_include_pad, "count_include_pad")
    override = v.divisor_override(divisor_override, mode)
    ah, aw = plan(arr.shape[-2:], kernel_size, stride, padding, dilation, ceil_mode)
    lead = arr.shape[:-2]
    g = _grad_out(grad_out, lead + (ah.out, aw.out))
    dtype = _grad_dtype(arr.dtype)
    H, W = arr.shape[-2:]
    if arr.size == 0:  # N = 0: an empty gradient, as PyTorch gives
        return np.zeros(arr.shape, dtype=dtype)
    if mode == "avg":
        div = (
            np.full((ah.out, aw.out), override)
            if override
            else np.outer(ah.counts(count_include_pad), aw.counts(count_include_pad))
        )
        ah, aw = trimmed(ah), trimmed(aw)  # a window longer than the input: its reach only
        # A window with nothing to count (only padding, count_include_pad=False)
        # passes no gradient on.
        scaled = np.divide(g, div, out=np.zeros(g.shape), where=div != 0)
        with np.errstate(invalid="ignore", over="ignore"):
            res = _tap_matrix(ah).T @ scaled @ _tap_matrix(aw)  # (H, OH) @ (..., OH, OW) @ (OW, W)
        # A NaN or infinity in the gradient makes the product non-finite (0 * inf
        # is NaN in every row): only then take the exact, tap-by-tap path.
        if not np.isfinite(res).all():
            res = _spread_exact(scaled, ah, aw)
        res = res.astype(dtype, copy=False)
        res += 0.0  # PyTorch adds into a gradient that starts at +0.0: never -0.0
        return res
    out = pool2d(
        arr, kernel_size, stride, padding, mode=mode, dilation=dilation, ceil_mode=ceil_mode
    )
    ah, aw = trimmed(ah), trimmed(aw)
    idx = window_argext(arr, ah, aw, out, mode).reshape(-1, ah.out * aw.out)
    planes = idx.shape[0]
    # A window that reads only padding (possible with dilation) depends on no
    # input cell and passes no gradient on. PyTorch's index for such a window
    # points at a cell outside it; that one case is where this differs.
    reads = (_tap_matrix(ah).sum(axis=1) > 0)[:, None] & (_tap_matrix(aw).sum(axis=1) > 0)
    inside = np.broadcast_to(reads.reshape(-1), idx.shape)
    flat = np.where(inside, idx, 0) + (np.arange(planes) * (H * W))[:, None]
    weights = np.where(inside, g.reshape(planes, -1).astype(np.float64), 0.0)
    res = np.bincount(flat.ravel(), weights=weights.ravel(), minlength=planes * H * W)
    return res.reshape(arr.shape).astype(dtype, copy=False)
