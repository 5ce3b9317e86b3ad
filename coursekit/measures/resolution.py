"""What repeated pooling does to resolution: pool, upsample back, measure the loss.

Used by the lessons on real images (a photograph pooled again and again) and on
the limits of pooling (a segmentation mask that comes back blocky).
"""

from __future__ import annotations

import numpy as np

from .. import _validation as v
from ..engine.pooling import pool2d

__all__ = ["iou", "pool_repeatedly", "upsample_nearest"]


def pool_repeatedly(x, times, kernel_size=2, stride=None, *, mode="max"):
    """Apply the same pooling ``times`` times; return every stage.

    Parameters
    ----------
    x : (H, W) array_like
        The map or image.
    times : int
        How many pooling layers, 0 or more.
    kernel_size : int or (int, int), default 2
    stride : int or (int, int), optional
        ``None`` means ``kernel_size``.
    mode : {"max", "avg", "min"}, default "max"
        Keyword-only.

    Returns
    -------
    list of ndarray
        ``times + 1`` arrays: ``x`` itself, then each pooled stage.

    Raises
    ------
    ValueError
        If ``times`` is negative, or a stage's window no longer fits.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> [s.shape for s in pool_repeatedly(ANCHOR, 2)]
    [(4, 4), (2, 2), (1, 1)]
    >>> pool_repeatedly(ANCHOR, 2)[-1]
    array([[20]])
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    times = v.count(times, "times")
    stages = [arr]
    for _ in range(times):
        stages.append(pool2d(stages[-1], kernel_size, stride, mode=mode))
    return stages


def upsample_nearest(x, scale, *, size=None):
    """Blow each cell up to a ``scale x scale`` block (nearest neighbour).

    Parameters
    ----------
    x : (H, W) array_like
    scale : int or (int, int)
        Block size, at least 1.
    size : (int, int), optional
        Keyword-only. Crop or edge-pad the result to this ``(H, W)``, e.g. to
        line a pooled mask up with the original when the sizes did not divide.

    Returns
    -------
    (H * sH, W * sW) ndarray, or ``size``

    Examples
    --------
    >>> upsample_nearest([[1, 2]], 2)
    array([[1, 1, 2, 2],
           [1, 1, 2, 2]])
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    sh, sw = v.pair(scale, "scale")
    v.at_least((sh, sw), "scale", 1)
    out = np.repeat(np.repeat(arr, sh, axis=0), sw, axis=1)
    if size is not None:
        th, tw = v.pair(size, "size")
        v.at_least((th, tw), "size", 1)
        out = out[:th, :tw]
        out = np.pad(out, ((0, th - out.shape[0]), (0, tw - out.shape[1])), mode="edge")
    return out


def iou(a, b):
    """Intersection over union of two masks of the same shape.

    Parameters
    ----------
    a, b : (H, W) array_like of bool
        Masks; non-zero counts as inside.

    Returns
    -------
    float
        ``|a & b| / |a | b|``, 1.0 when both are empty.

    Raises
    ------
    ValueError
        If the shapes differ.

    Examples
    --------
    >>> iou([[1, 1], [0, 0]], [[1, 0], [0, 0]])
    0.5
    """
    a = v.feature_map(a, "a", 2, 2).astype(bool)
    b = v.feature_map(b, "b", 2, 2).astype(bool)
    if a.shape != b.shape:
        raise ValueError(
            f"`a` and `b` must have the same shape; got {a.shape} and {b.shape}. "
            "Upsample the smaller mask first (upsample_nearest with size=...)"
        )
    union = np.count_nonzero(a | b)
    return 1.0 if union == 0 else float(np.count_nonzero(a & b) / union)
