"""Which cells of a map no pooling window reads."""

from __future__ import annotations

import numpy as np

from ..engine.geometry import window_rects

__all__ = ["uncovered"]


def uncovered(shape, kernel_size, stride=None, padding=0, *, ceil_mode=False):
    """Which cells of a map no pooling window ever looks at.

    Parameters
    ----------
    shape : (int, int)
        ``(H, W)`` of the map (a longer shape uses its last two entries).
    kernel_size, stride, padding
        As for :func:`coursekit.pool2d`: an int or a pair each.
    ceil_mode : bool, default False
        Keyword-only.

    Returns
    -------
    (H, W) ndarray of bool
        True where no window reaches.

    Raises
    ------
    ValueError, TypeError
        As for :func:`coursekit.output_size`.

    Examples
    --------
    >>> missed = uncovered((4, 4), 3, stride=3)
    >>> int(missed.sum()), bool(missed[2, 3]), bool(missed[0, 0])
    (7, True, False)
    >>> int(uncovered((4, 4), 3, stride=3, ceil_mode=True).sum())
    0
    """
    h, w = (int(n) for n in tuple(shape)[-2:])
    seen = np.zeros((h, w), dtype=bool)
    for r, c, eh, ew in window_rects((h, w), kernel_size, stride, padding, 1, ceil_mode):
        seen[max(r, 0) : max(r + eh, 0), max(c, 0) : max(c + ew, 0)] = True
    return ~seen
