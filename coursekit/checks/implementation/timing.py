"""Timing pooling functions against each other."""

from __future__ import annotations

import time

from ... import _validation as v


def time_pooling(functions, x, kernel_size, stride=None, padding=None, *, repeat=5, budget=0.05):
    """Time pooling functions on one input: best seconds per call of each.

    Parameters
    ----------
    functions : dict of str to callable
        Name -> function, each called as ``fn(x, kernel_size, stride)`` or,
        when ``padding`` is given, ``fn(x, kernel_size, stride, padding)``
        (``coursekit.pool2d`` fits both).
    x : (H, W), (C, H, W) or (N, C, H, W) array_like
        The input, the same for every function.
    kernel_size, stride, padding : int
        As for :func:`coursekit.pool2d`; ``stride=None`` means ``kernel_size``.
    repeat : int, default 5
        Keyword-only. Timings taken per function; the best is kept.
    budget : float, default 0.05
        Keyword-only. Seconds each timing aims at: fast functions are called
        several times in a row and the time divided.

    Returns
    -------
    dict of str to float
        Seconds per call, in the order of ``functions``.

    Notes
    -----
    The best of several timings is the least disturbed by other work on the
    machine. A slow function (one call longer than ``budget``) costs about
    ``repeat + 1`` calls.

    Examples
    --------
    >>> from coursekit import ANCHOR, pool2d
    >>> times = time_pooling({"pool2d": pool2d}, ANCHOR, 2, repeat=2)
    >>> list(times), times["pool2d"] > 0
    (['pool2d'], True)
    """
    arr = v.feature_map(x)
    if stride is None:
        stride = kernel_size
    args = (arr, kernel_size, stride) + (() if padding is None else (padding,))
    result = {}
    for name, fn in functions.items():
        first = time.perf_counter()
        fn(*args)
        once = time.perf_counter() - first
        number = max(1, int(budget / max(once, 1e-7)))
        best = once
        for _ in range(repeat):
            t0 = time.perf_counter()
            for _ in range(number):
                fn(*args)
            best = min(best, (time.perf_counter() - t0) / number)
        result[name] = best
    return result
