"""Average against max pooling under noise: how far noise moves each result.

Average pooling sums a window's evidence, so independent noise of spread
``sigma`` moves its result by about ``sigma / sqrt(k*k)``; max pooling follows
the single largest value and is pulled up by the luckiest noise spike.
"""

from __future__ import annotations

import numpy as np

from .. import _validation as v
from ..engine.pooling import global_pool, pool2d

__all__ = ["add_noise", "global_spread", "noise_error"]


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
    trials = v.count(trials, "trials", low=1)
    stack = add_noise(np.broadcast_to(arr, (trials,) + arr.shape), sigma, seed=seed)
    if kernel_size is None:
        clean, noisy = global_pool(arr, mode), global_pool(stack, mode)
    else:
        clean, noisy = pool2d(arr, kernel_size, mode=mode), pool2d(stack, kernel_size, mode=mode)
    return float(np.sqrt(np.mean((noisy - clean) ** 2)))


def global_spread(x, sigmas, *, trials=2000, seed=0):
    """Standard deviation of global average and global max pooling under noise.

    For each noise level ``sigma``, ``trials`` noisy copies ``x + sigma * z``
    (``z`` standard normal, the same draws for every sigma) are pooled to one
    number each; the spread of those numbers is returned.

    Parameters
    ----------
    x : (H, W) array_like
        The clean map (zeros for pure noise).
    sigmas : sequence of float
        Noise standard deviations, each at least 0.
    trials : int, default 2000
        Keyword-only. Noisy copies per sigma.
    seed : int, default 0
        Keyword-only.

    Returns
    -------
    dict
        ``{"avg": (len(sigmas),) ndarray, "max": (len(sigmas),) ndarray}``.
        For the average it is close to ``sigma / sqrt(H * W)``.

    Examples
    --------
    >>> spread = global_spread(np.zeros((7, 7)), [0.0, 1.0])
    >>> [round(float(s), 2) for s in spread["avg"]]
    [0.0, 0.14]
    >>> bool(spread["max"][1] > 2 * spread["avg"][1])
    True
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2).astype(np.float64)
    trials = v.count(trials, "trials", low=2)
    draws = add_noise(np.zeros((trials,) + arr.shape), 1.0, seed=seed)
    spread = {"avg": [], "max": []}
    for sigma in sigmas:
        if isinstance(sigma, bool) or not isinstance(sigma, (int, float, np.number)) or sigma < 0:
            raise ValueError(f"`sigmas` must hold numbers at least 0; got {sigma!r}")
        noisy = arr + float(sigma) * draws
        for mode in spread:
            spread[mode].append(float(np.std(global_pool(noisy, mode))))
    return {mode: np.array(values) for mode, values in spread.items()}
