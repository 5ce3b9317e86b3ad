"""Gradients as numbers: finite differences, CS231n's relative error, and how
global pooling shares one upstream gradient among the cells of a map."""

from __future__ import annotations

import numpy as np

from .. import _validation as v
from ..engine.backward import pool2d_backward

__all__ = ["global_gradients", "numerical_gradient", "rel_error"]


def numerical_gradient(f, x, h=1e-5):
    """Gradient of a scalar function by central differences, one cell at a time.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``, e.g. ``lambda x: (pool2d(x, 2) * g).sum()``.
    x : array_like of float
        Where to take the gradient; converted to float64 and not modified.
    h : float, default 1e-5
        Step: ``(f(x + h e_i) - f(x - h e_i)) / (2 h)`` for each cell ``i``.

    Returns
    -------
    ndarray of float64, shape of ``x``

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``h`` not a real number or ``x`` not numeric.
    ValueError
        If ``h`` is not positive and finite, or ``x`` is empty.

    Notes
    -----
    Costs two calls of ``f`` per cell: keep ``x`` small. The error is of
    order ``h**2`` for smooth ``f``; near a tie of max pooling the function
    has a kink and the estimate is off, so check with inputs without ties.

    Examples
    --------
    >>> g = numerical_gradient(lambda x: (x**2).sum(), np.array([1.0, -2.0]))
    >>> np.round(g, 6)
    array([ 2., -4.])
    """
    if not callable(f):
        raise TypeError(f"`f` must be a function of x returning a number; got {v._describe(f)}")
    if isinstance(h, bool) or not isinstance(h, (int, float, np.integer, np.floating)):
        raise TypeError(f"`h` must be a real number such as 1e-5; got {v._describe(h)}")
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"`h` must be positive and finite, e.g. h=1e-5; got h={h}")
    try:
        pt = np.array(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"`x` must be an array of real numbers; got {v._describe(x)}. "
            "Convert it first, e.g. np.asarray(x, dtype=float)"
        ) from None
    if pt.size == 0:
        raise ValueError(f"`x` must not be empty; got shape {pt.shape}")
    grad = np.zeros_like(pt)
    flat, gflat = pt.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        plus = float(f(pt))
        flat[i] = old - h
        minus = float(f(pt))
        flat[i] = old
        gflat[i] = (plus - minus) / (2 * h)
    return grad


def rel_error(a, b):
    """Largest relative error between two arrays, as CS231n measures it.

    ``max |a - b| / max(1e-8, |a| + |b|)`` over all cells.

    Parameters
    ----------
    a, b : array_like
        Arrays of one shape (or broadcastable).

    Returns
    -------
    float
        Below about 1e-7 in float64: the two agree.

    Raises
    ------
    TypeError
        If either is not an array of real numbers.
    ValueError
        If the shapes cannot be broadcast together.

    Examples
    --------
    >>> rel_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> round(rel_error([1.0], [1.1]), 4)
    0.0476
    """
    try:
        x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"`a` and `b` must be arrays of real numbers; got {v._describe(a)} and {v._describe(b)}"
        ) from None
    try:
        diff = np.abs(x - y)
    except ValueError:
        raise ValueError(
            f"`a` and `b` must have the same shape; got {x.shape} and {y.shape}"
        ) from None
    return float(np.max(diff / np.maximum(1e-8, np.abs(x) + np.abs(y)), initial=0.0))


def global_gradients(x):
    """The gradient each cell receives from global average and global max pooling.

    Parameters
    ----------
    x : (H, W) array_like
        The map.

    Returns
    -------
    dict
        ``{"avg": (H, W) ndarray, "max": (H, W) ndarray}``: the gradient of
        the pooled value with respect to each cell (PyTorch's routing: the
        first maximum wins a tie).

    Examples
    --------
    >>> g = global_gradients([[1.0, 3.0], [2.0, 0.0]])
    >>> g["avg"].tolist(), g["max"].tolist()
    ([[0.25, 0.25], [0.25, 0.25]], [[0.0, 1.0], [0.0, 0.0]])
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2).astype(np.float64)
    ones = np.ones((1, 1))
    return {mode: pool2d_backward(arr, ones, arr.shape, mode=mode) for mode in ("avg", "max")}
