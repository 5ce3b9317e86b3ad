"""Average against max pooling under noise: how far noise moves each result.

Average pooling sums a window's evidence, so independent noise of spread
``sigma`` moves its result by about ``sigma / sqrt(k*k)``; max pooling follows
the single largest value and is pulled up by the luckiest noise spike.
"""

from __future__ import annotations

import numpy as np

from . import _validation as v
from .pooling import global_pool, pool2d

__all__ = ["feature_patch", "add_noise", "noise_error"]


def feature_patch(size=8, patch=4, *, level=1.0):
    """A clean test map: ``level`` on a ``patch x patch`` top-left block, 0 elsewhere.

    Parameters
    ----------
    size : int, default 8
        Side of the square map.
    patch : int, default 4
        Side of the block where the feature is present.
    level : float, default 1.0
        Keyword-only. The feature's strength.

    Returns
    -------
    (size, size) ndarray of float64

    Examples
    --------
    >>> feature_patch(4, 2)
    array([[1., 1., 0., 0.],
           [1., 1., 0., 0.],
           [0., 0., 0., 0.],
           [0., 0., 0., 0.]])
    """
    n, p = v.pair(size, "size")[0], v.pair(patch, "patch")[0]
    v.at_least((n, n), "size", 1)
    v.at_least((p, p), "patch", 0)
    if p > n:
        raise ValueError(f"`patch` must be at most `size`; got patch={p}, size={n}")
    out = np.zeros((n, n))
    out[:p, :p] = float(level)
    return out


def add_noise(x, sigma, *, seed=0):
    """``x`` plus Gaussian noise of standard deviation ``sigma`` (reproducible).

    Parameters
    ----------
    x : (..., H, W) array_like
    sigma : float
        At least 0.
    seed : int, default 0
        Keyword-only. Seed of ``numpy.random.default_rng``.

    Returns
    -------
    ndarray of float64, shape of ``x``

    Examples
    --------
    >>> add_noise([[1.0, 2.0]], 0.0)
    array([[1., 2.]])
    """
    arr = v.feature_map(x, min_ndim=2).astype(np.float64)
    if isinstance(sigma, bool) or not isinstance(sigma, (int, float, np.number)) or sigma < 0:
        raise ValueError(f"`sigma` must be a number at least 0; got sigma={sigma!r}")
    rng = np.random.default_rng(seed)
    return arr + float(sigma) * rng.standard_normal(arr.shape)


def noise_error(x, sigma, kernel_size=None, *, mode="avg", trials=200, seed=0):
    """Root-mean-square change of pooled results when noise is added.

    Parameters
    ----------
    x : (H, W) array_like
        The clean map.
    sigma : float
        Noise standard deviation, at least 0.
    kernel_size : int or (int, int), optional
        Window (stride = window). ``None`` pools the whole map (global pooling).
    mode : {"avg", "max", "min"}, default "avg"
        Keyword-only.
    trials : int, default 200
        Keyword-only. Noise draws averaged over.
    seed : int, default 0
        Keyword-only.

    Returns
    -------
    float
        ``sqrt(mean((pool(x + noise) - pool(x))**2))`` over cells and draws.

    Notes
    -----
    For global average pooling of an ``H x W`` map this tends to
    ``sigma / sqrt(H * W)``.

    Examples
    --------
    >>> noise_error([[1.0, 2.0], [3.0, 4.0]], 0.0)
    0.0
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2).astype(np.float64)
    mode = v.mode(mode)
    if not v.is_int(trials) or trials < 1:
        raise ValueError(f"`trials` must be a positive int; got trials={trials!r}")
    stack = add_noise(np.broadcast_to(arr, (trials,) + arr.shape), sigma, seed=seed)
    if kernel_size is None:
        clean, noisy = global_pool(arr, mode), global_pool(stack, mode)
    else:
        clean, noisy = pool2d(arr, kernel_size, mode=mode), pool2d(stack, kernel_size, mode=mode)
    return float(np.sqrt(np.mean((noisy - clean) ** 2)))
