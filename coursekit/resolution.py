"""What repeated pooling does to resolution: pool, upsample back, measure the loss.

Used by the lessons on real images (a photograph pooled again and again) and on
the limits of pooling (a segmentation mask that comes back blocky).
"""

from __future__ import annotations

import numpy as np

from . import _validation as v
from .pooling import pool2d

__all__ = ["pool_repeatedly", "upsample_nearest", "iou", "shapes_mask"]


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
    if not v.is_int(times) or times < 0:
        raise ValueError(f"`times` must be a non-negative int; got times={times!r}")
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


def shapes_mask(size=256):
    """A synthetic segmentation mask: a disc, thin bars and small squares.

    The bars are 2, 4 and 12 pixels wide and the squares 3 and 6 pixels, so
    three 2x2 poolings (8-pixel blocks) show which structures survive.

    Parameters
    ----------
    size : int, default 256
        Side of the square mask, at least 32.

    Returns
    -------
    (size, size) ndarray of bool

    Examples
    --------
    >>> m = shapes_mask(64)
    >>> m.shape, m.dtype
    ((64, 64), dtype('bool'))
    """
    n = v.pair(size, "size")[0]
    if n < 32:
        raise ValueError(f"`size` must be at least 32; got size={n}")
    u = n / 256
    yy, xx = np.mgrid[0:n, 0:n]
    mask = (yy - 90 * u) ** 2 + (xx - 80 * u) ** 2 <= (50 * u) ** 2
    for i, width in enumerate((2, 4, 12)):
        top = int((160 + 28 * i) * u) + 3
        mask[top : top + max(1, int(width * u)), int(20 * u) : int(236 * u)] = True
    for i, side in enumerate((3, 6)):
        r, c = int((40 + 40 * i) * u) + 5, int(190 * u) + 5
        mask[r : r + max(1, int(side * u)), c : c + max(1, int(side * u))] = True
    return mask
