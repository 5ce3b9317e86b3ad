"""Exercise 5: why pooling makes segmentation masks blocky, and how a skip path helps.

Two pieces, both built on :mod:`coursekit.measures.resolution` (``shapes_mask``,
``iou``, ``pool_repeatedly``, ``upsample_nearest``):

* :func:`pool_then_upsample`: a mask pooled ``times`` times with 2x2 / stride 2
  windows and blown back up, what a network without a way back to full
  resolution can at best predict;
* :func:`encode_decode`: a toy encoder-decoder with fixed weights. The encoder
  pools; the decoder upsamples one level at a time and, with ``skips=True``,
  mixes in the encoder's map of the same level (the skip connection of U-Net).
  The deep path brings context (it averages noise away), the skip brings the
  detail back; together they beat either alone.
"""

from __future__ import annotations

import numbers

import numpy as np

from .. import _validation as v
from .resolution import pool_repeatedly, upsample_nearest

__all__ = ["pool_then_upsample", "encode_decode"]


def _fits(shape, times: int) -> None:
    block = 2**times
    if shape[0] % block or shape[1] % block:
        raise ValueError(
            f"the map's sides must be divisible by 2**times = {block} so that every level "
            f"lines up; got shape {shape} with times={times}. Crop it, e.g. "
            f"x[:{shape[0] - shape[0] % block}, :{shape[1] - shape[1] % block}]"
        )


def pool_then_upsample(mask, times=3, *, mode="max", threshold=0.5):
    """A mask after ``times`` 2x2 / stride 2 pools, blown back up to its size.

    Parameters
    ----------
    mask : (H, W) array_like of bool or float
        The mask (non-zero or above ``threshold`` is inside). ``H`` and ``W``
        must be divisible by ``2**times``.
    times : int, default 3
        How many pooling layers (three take 256 to 32).
    mode : {"max", "avg", "min"}, default "max"
        Keyword-only. Max pooling grows every structure to whole blocks; average
        pooling keeps a block only when at least ``threshold`` of it is inside,
        so (with 0.5) structures thinner than half a block vanish, and thicker
        ones too when a block edge splits them into parts under half a block.
    threshold : float, default 0.5
        Keyword-only. A pixel of the upsampled map is inside when ``>= threshold``.

    Returns
    -------
    (H, W) ndarray of bool
        Constant on each ``2**times x 2**times`` block.

    Raises
    ------
    ValueError
        If ``times`` is negative or not an int, or the sides do not divide by
        ``2**times``.

    Examples
    --------
    >>> m = np.zeros((8, 8), bool)
    >>> m[1:3, 1:6] = True
    >>> pool_then_upsample(m, 2).astype(int)
    array([[1, 1, 1, 1, 1, 1, 1, 1],
           [1, 1, 1, 1, 1, 1, 1, 1],
           [1, 1, 1, 1, 1, 1, 1, 1],
           [1, 1, 1, 1, 1, 1, 1, 1],
           [0, 0, 0, 0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0, 0, 0, 0]])
    >>> int(pool_then_upsample(m, 2, mode="avg").sum())
    0
    """
    arr = v.feature_map(mask, "mask", 2, 2).astype(np.float64)
    times = v.count(times, "times", note=" (how many 2x2 pools)")
    _fits(arr.shape, times)
    if not isinstance(threshold, numbers.Real) or isinstance(threshold, bool):
        raise TypeError(f"`threshold` must be a real number; got threshold={threshold!r}")
    coarse = pool_repeatedly(arr, times, 2, mode=mode)[-1]
    return upsample_nearest(coarse, 2**times) >= threshold


def encode_decode(x, times=3, *, skips=True, mode="avg", mix=0.5):
    """A toy encoder-decoder with fixed weights, with or without skip connections.

    The encoder pools ``x`` ``times`` times (levels ``e0 = x``, ``e1``, ...).
    The decoder starts from the deepest level and upsamples by 2 per step;
    with ``skips`` each step mixes in the encoder's map of the same level::

        d = mix * upsample(d) + (1 - mix) * e[level]

    A real U-Net concatenates the two and lets learned convolutions combine
    them; a fixed mix is enough to show what the skip carries.

    Parameters
    ----------
    x : (H, W) array_like
        The input map; ``H`` and ``W`` divisible by ``2**times``.
    times : int, default 3
        Depth: how many 2x2 / stride 2 pools.
    skips : bool, default True
        Keyword-only. Hand each encoder level to the decoder.
    mode : {"avg", "max", "min"}, default "avg"
        Keyword-only. The encoder's pooling. Average pooling stands in for the
        learned convolutions that smooth noise before each pool.
    mix : float, default 0.5
        Keyword-only. Weight of the deep path at each step, from 0 (only the
        skip: returns ``x``) to 1 (only the deep path: the same as no skips).

    Returns
    -------
    (H, W) ndarray of float64
        The decoded map; threshold it to get a mask.

    Raises
    ------
    ValueError
        If ``times`` is negative, ``mix`` is outside [0, 1], or the sides do
        not divide by ``2**times``.

    Examples
    --------
    >>> x = np.array([[0.0, 0.0, 0.0, 0.0],
    ...               [0.0, 1.0, 0.0, 0.0],
    ...               [0.0, 0.0, 0.0, 0.0],
    ...               [0.0, 0.0, 0.0, 0.0]])
    >>> encode_decode(x, 2, skips=False)[:2, :2]
    array([[0.0625, 0.0625],
           [0.0625, 0.0625]])
    >>> encode_decode(x, 2)[:2, :2]
    array([[0.078125, 0.078125],
           [0.078125, 0.578125]])
    """
    arr = v.feature_map(x, "x", 2, 2).astype(np.float64)
    times = v.count(times, "times", note=" (how many 2x2 pools)")
    _fits(arr.shape, times)
    skips = v.flag(skips, "skips")
    if isinstance(mix, bool) or not isinstance(mix, numbers.Real) or not 0 <= mix <= 1:
        raise ValueError(
            f"`mix` must be a number from 0 (skip only) to 1 (deep path only); got mix={mix!r}"
        )
    levels = pool_repeatedly(arr, times, 2, mode=mode)
    decoded = levels[-1]
    for level in reversed(levels[:-1]):
        decoded = upsample_nearest(decoded, 2)
        if skips:
            decoded = mix * decoded + (1 - mix) * level
    return decoded
