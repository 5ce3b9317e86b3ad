"""Signed zeros in max and min pooling: PyTorch keeps the first extreme of a window.

``np.maximum(0.0, -0.0)`` may return either zero; PyTorch returns the first one in
row-major order. Only output cells equal to zero are looked at again, found
cheaply from the bits of the output.
"""

from __future__ import annotations

import numpy as np

# For each float size: the signed and unsigned ints of that size, and the
# bits of -0.0 as the signed one (its minimum).
_ZERO_BITS = {
    size: (np.dtype(f"i{size}"), np.dtype(f"u{size}"), np.iinfo(f"i{size}").min)
    for size in (2, 4, 8)
}


def _has_zero(a: np.ndarray) -> bool:
    """Whether a float array holds +0.0 or -0.0, by two integer minima of its
    bits (faster than ``a.all()``): +0.0 is the only float whose bits are 0 as
    an unsigned int, -0.0 the only one whose bits are the most negative signed
    int."""
    signed, unsigned, lowest = _ZERO_BITS[a.dtype.itemsize]
    return bool(a.view(signed).min() == lowest or a.view(unsigned).min() == 0)


def _has_negative_zero(a: np.ndarray) -> bool:
    """Whether a float array holds -0.0: one integer minimum of its bits."""
    signed, _, lowest = _ZERO_BITS[a.dtype.itemsize]
    return bool(a.view(signed).min() == lowest)


def may_hold_zero(block: np.ndarray, out: np.ndarray) -> bool:
    """Whether ``out``, the max or min pooling of ``block``, may need its zeros'
    signs fixed: it holds a zero, and the input a -0.0 (without one every zero
    is +0.0 and none can be wrong; after a ReLU most outputs of a max pool are
    zeros, and no input holds -0.0). The smaller array is looked at first."""
    if block.size < 2 * out.size:
        return _has_negative_zero(block) and _has_zero(out)
    return _has_zero(out) and _has_negative_zero(block)


def keep_first_zero(x3: np.ndarray, ah, aw, out: np.ndarray, blocks=None) -> None:
    """Give each window whose extreme is a zero the sign of its first zero.

    ``np.maximum(0.0, -0.0)`` may return either zero, and the separable passes
    scan a window column by column; PyTorch keeps the first maximum (minimum)
    in row-major order, so a window of ``[[0.0, -0.0], [-0.0, -0.0]]`` gives
    ``0.0``. Only cells equal to zero can differ, so only they are scanned
    again, tap by tap, in PyTorch's order. ``blocks`` lists the ``(b0, b1)``
    ranges of planes for which :func:`may_hold_zero` said yes, as the blocked
    path found them while each block was in cache; without it (or with a None
    in it) the whole input and output are asked first.
    """
    if out.dtype.kind != "f":
        return
    if blocks is None or None in blocks:
        if not may_hold_zero(x3, out):
            return
        blocks = [(0, out.shape[0])]
    for b0, b1 in blocks:
        _first_zero_again(x3[b0:b1], ah, aw, out[b0:b1])


def _first_zero_again(x3: np.ndarray, ah, aw, out: np.ndarray) -> None:
    # Indexed by (plane, row, column), never through a flattened view: ``out`` may
    # be strided (a Fortran-ordered input gives one), where reshape(-1) is a copy.
    plane, oh, ow = np.nonzero(out == 0)
    B, H, W = x3.shape
    todo = np.ones(plane.size, dtype=bool)
    for a in range(ah.k):
        r = oh * ah.s - ah.p + a * ah.d
        for b in range(aw.k):
            c = ow * aw.s - aw.p + b * aw.d
            look = np.flatnonzero(todo & (r >= 0) & (r < H) & (c >= 0) & (c < W))
            vals = x3[plane[look], r[look], c[look]]
            hit = look[vals == 0]
            out[plane[hit], oh[hit], ow[hit]] = vals[vals == 0]
            todo[hit] = False
