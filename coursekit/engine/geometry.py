"""Window geometry: output sizes and where each window sits, per axis.

Everything here follows PyTorch's ``max_pool2d`` / ``avg_pool2d`` rules, so a
shape computed in the course is the shape PyTorch gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import _validation as v

__all__ = ["output_size", "window_rects"]


@dataclass(frozen=True)
class Axis:
    """Geometry of pooling along one axis of length ``n``."""

    n: int
    k: int
    s: int
    p: int
    d: int
    out: int
    #: Length of padded input the windows read, from index ``-p`` on.
    span: int = 0

    def __post_init__(self):
        span = (self.out - 1) * self.s + self.d * (self.k - 1) + 1
        object.__setattr__(self, "span", span)

    @property
    def starts(self) -> np.ndarray:
        """First tap of each window, in input coordinates (may be negative)."""
        return np.arange(self.out) * self.s - self.p

    def taps(self) -> np.ndarray:
        """(out, k) input coordinates read by each window."""
        return self.starts[:, None] + self.d * np.arange(self.k)[None, :]

    def counts(self, include_pad: bool) -> np.ndarray:
        """Per-window divisor factor of average pooling, as PyTorch counts it.

        With ``include_pad`` a tap counts when it lies inside the input or its
        padding (``-p <= i < n + p``); without, only when inside the input.
        """
        taps = self.taps()
        if include_pad:
            inside = (taps >= -self.p) & (taps < self.n + self.p)
        else:
            inside = (taps >= 0) & (taps < self.n)
        return inside.sum(axis=1)


def trimmed(ax: Axis) -> Axis:
    """The same windows with the taps that read only padding, in every window, cut off.

    Only for a window longer than the input (``k > n``, dilation 1), as in
    ``pool2d(x, 2000, 1, 1000)``: its taps past the input's ends would make the
    padded copy and the loop over taps as long as the window, while each window
    reads at most ``n`` cells. The output size stays; the divisor of average
    pooling must still come from the axis as given.
    """
    if ax.d != 1 or ax.k <= ax.n:
        return ax
    first = min(ax.p, max(0, ax.p - (ax.out - 1) * ax.s))  # taps before: padding for all
    stop = min(ax.k, ax.n + ax.p)  # taps from here on: padding for all
    return Axis(ax.n, stop - first, ax.s, ax.p - first, 1, ax.out)


def _axis_out(n: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    effective = d * (k - 1) + 1
    numerator = n + 2 * p - effective
    if ceil_mode:
        out = -(-numerator // s) + 1
        # PyTorch: the last window must start inside the input or its left padding.
        if (out - 1) * s >= n + p:
            out -= 1
    else:
        out = numerator // s + 1
    return out


@lru_cache(maxsize=512)
def _plan_cached(size, ks, st, pd, dl, ceil_mode):
    return _plan(size, ks, st, pd, dl, ceil_mode)


def plan(size, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Validate arguments and return ``(Axis_h, Axis_w)``.

    Every argument is checked and normalised to plain ints before the cache
    is consulted, so a call gives the same answer whatever ran before it
    (``2.0`` is refused even after a call with ``2``). The geometry is cached:
    sliders call this with the same few values.
    """
    plain = (
        type(kernel_size) is int
        and (stride is None or type(stride) is int)
        and type(padding) is int
        and type(dilation) is int
        and (ceil_mode is True or ceil_mode is False)
    )
    if plain:  # exact types, so equal keys are identical arguments
        key = (size, kernel_size, stride, padding, dilation, ceil_mode)
        axes = _PLAIN.get(key)
        if axes is not None:
            return axes
    size = size if type(size) is tuple else tuple(map(int, size))
    axes = _plan_cached(size, *_normalise(kernel_size, stride, padding, dilation, ceil_mode))
    if plain and len(_PLAIN) < 512:
        _PLAIN[key] = axes
    return axes


# Plans for built-in int arguments and bool ceil_mode, keyed by the arguments
# themselves: an entry exists only after those exact arguments passed every check.
_PLAIN: dict = {}


def _plain(value, low: int):
    """``value`` as a pair when it is a built-in int, or a tuple of two, from
    ``low`` to ``INT_MAX``; else None (the full checks then decide)."""
    if type(value) is int:
        if low <= value <= v.INT_MAX:
            return (value, value)
    elif type(value) is tuple and len(value) == 2:
        a, b = value
        if type(a) is int and type(b) is int and low <= min(a, b) and max(a, b) <= v.INT_MAX:
            return value
    return None


def _normalise(kernel_size, stride, padding, dilation, ceil_mode):
    """Check each argument's type and range; return them as int pairs and a bool.

    Plain ints and bools, what sliders pass, are checked by their exact type
    (so 2.0, True or np.float64(2) never pass for an int); anything else goes
    through the full checks and their messages.
    """
    k, s = kernel_size, kernel_size if stride is None else stride
    if (
        type(k) is int
        and type(s) is int
        and type(padding) is int
        and type(dilation) is int
        and (ceil_mode is True or ceil_mode is False)
        and 1 <= k <= v.INT_MAX
        and 1 <= s <= v.INT_MAX
        and 0 <= padding <= v.INT_MAX
        and 1 <= dilation <= v.INT_MAX
    ):
        return (k, k), (s, s), (padding, padding), (dilation, dilation), ceil_mode
    ks = _plain(kernel_size, 1)
    st = ks if stride is None else _plain(stride, 1)
    pd, dl = _plain(padding, 0), _plain(dilation, 1)
    if ks and st and pd and dl and (ceil_mode is True or ceil_mode is False):
        return ks, st, pd, dl, ceil_mode
    ks = v.pair(kernel_size, "kernel_size")
    v.at_least(ks, "kernel_size", 1)
    if stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0):
        st = ks
    else:
        st = v.pair(stride, "stride")
        v.at_least(st, "stride", 1)
    pd = v.pair(padding, "padding")
    v.at_least(pd, "padding", 0)
    dl = v.pair(dilation, "dilation")
    v.at_least(dl, "dilation", 1)
    return ks, st, pd, dl, v.flag(ceil_mode, "ceil_mode")


def _plan(size, ks, st, pd, dl, ceil_mode):
    for k, p in zip(ks, pd, strict=False):
        if p > k // 2:
            raise ValueError(
                f"`padding` must be at most half of `kernel_size`; got "
                f"padding={_show(pd)}, kernel_size={_show(ks)}. Use a larger "
                f"window or padding <= {k // 2}"
            )
    axes = []
    for n, k, s, p, d in zip(size, ks, st, pd, dl, strict=False):
        out = _axis_out(n, k, s, p, d, ceil_mode)
        if out < 1:
            effective = d * (k - 1) + 1
            raise ValueError(
                f"the pooling window is larger than the padded input: window "
                f"{effective} (kernel_size={k}, dilation={d}) on an axis of "
                f"{n} + 2*{p} padding = {n + 2 * p}; got input size {tuple(size)}, "
                f"kernel_size={_show(ks)}. Use a smaller window, more padding "
                f"or a larger input"
            )
        axes.append(Axis(n, k, s, p, d, out))
    return tuple(axes)


def _show(pair_):
    return pair_[0] if pair_[0] == pair_[1] else pair_


def output_size(n, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Length of the pooled output along one axis, or a pair of axes.

    Parameters
    ----------
    n : int or (int, int)
        Input length (or ``(H, W)``).
    kernel_size, stride, padding, dilation : int or (int, int)
        As for :func:`coursekit.pool2d`. ``stride=None`` means ``kernel_size``.
    ceil_mode : bool
        Round up instead of down, keeping only windows that start inside the
        input or its left padding.

    Returns
    -------
    int or (int, int)
        An int when ``n`` is an int, a pair when ``n`` is a pair.

    Raises
    ------
    ValueError
        When the window does not fit the padded input, or an argument breaks
        its rule (see :func:`coursekit.pool2d`).

    Notes
    -----
    ``out = floor((n + 2p - d(k - 1) - 1) / s) + 1``, with ``ceil`` in ceil
    mode, then one less if the last window would start at or past ``n + p``.

    Examples
    --------
    >>> output_size(4, 2)
    2
    >>> output_size(4, 3, stride=3)
    1
    >>> output_size(4, 3, stride=3, ceil_mode=True)
    2
    >>> output_size((112, 112), 3, stride=2, padding=1)
    (56, 56)
    """
    scalar = v.is_int(n)
    size = v.pair(n, "n")
    v.at_least(size, "n", 1)
    axes = plan(size, kernel_size, stride, padding, dilation, ceil_mode)
    if scalar:
        return axes[0].out
    return (axes[0].out, axes[1].out)


def window_rects(shape, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Each window as ``(row, col, height, width)`` in input coordinates.

    Parameters
    ----------
    shape : tuple of int
        The map's shape; its last two entries ``(H, W)`` are used.
    kernel_size, stride, padding, dilation, ceil_mode
        As for :func:`coursekit.pool2d` (int or pair each).

    Returns
    -------
    list of (int, int, int, int)
        ``OH * OW`` windows in row-major order of the output cell they make;
        height and width are the dilated extent ``d * (k - 1) + 1``.
        Coordinates can be negative (padding) or pass the input's end (ceil
        mode).

    Raises
    ------
    ValueError, TypeError
        As for :func:`coursekit.pool2d`, with the same messages.

    Examples
    --------
    >>> window_rects((4, 4), 2)
    [(0, 0, 2, 2), (0, 2, 2, 2), (2, 0, 2, 2), (2, 2, 2, 2)]
    >>> window_rects((4, 4), 2, padding=1)[0]
    (-1, -1, 2, 2)
    """
    ah, aw = plan(tuple(shape[-2:]), kernel_size, stride, padding, dilation, ceil_mode)
    eh, ew = ah.d * (ah.k - 1) + 1, aw.d * (aw.k - 1) + 1
    return [(int(r), int(c), eh, ew) for r in ah.starts for c in aw.starts]
