"""Figures of the course: feature maps as annotated heatmaps, windows, results.

Each function draws one figure and returns the matplotlib ``Figure``; in a
notebook the figure is shown once, right away (see ``coursekit._display``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from . import _validation as v
from ._display import once
from .geometry import plan
from .pooling import pool2d

__all__ = ["show_map", "show_pooling", "show_windows", "window_rects"]

_CMAP = "viridis"
_COLOURS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45"]


def _fmt(value) -> str:
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return "nan"
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
    return str(value)


def window_rects(shape, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Each window as ``(row, col, height, width)`` in input coordinates.

    Windows are listed in row-major order of the output cell they make;
    coordinates can be negative (padding) or pass the input's end (ceil mode).

    Examples
    --------
    >>> window_rects((4, 4), 2)
    [(0, 0, 2, 2), (0, 2, 2, 2), (2, 0, 2, 2), (2, 2, 2, 2)]
    """
    ah, aw = plan(tuple(shape[-2:]), kernel_size, stride, padding, dilation, ceil_mode)
    eh, ew = ah.d * (ah.k - 1) + 1, aw.d * (aw.k - 1) + 1
    return [(int(r), int(c), eh, ew) for r in ah.starts for c in aw.starts]


def _heatmap(ax, x, title=None, annotate=True, cmap=_CMAP, vmin=None, vmax=None):
    x = np.asarray(x)
    img = ax.imshow(x, cmap=cmap, vmin=vmin, vmax=vmax)
    if annotate and x.size <= 400:
        lo, hi = np.nanmin(x), np.nanmax(x)
        mid = (lo + hi) / 2
        for (r, c), val in np.ndenumerate(x):
            ax.text(
                c,
                r,
                _fmt(val),
                ha="center",
                va="center",
                fontsize=11 if x.size <= 36 else 8,
                color="black" if val > mid else "white",
            )
    ax.set_xticks(range(x.shape[1]) if x.shape[1] <= 16 else [])
    ax.set_yticks(range(x.shape[0]) if x.shape[0] <= 16 else [])
    if title:
        ax.set_title(title)
    return img


def show_map(x, title=None, *, annotate=True, windows=(), ax=None, cmap=_CMAP):
    """Draw a 2-D map as a heatmap with its numbers in the cells.

    Parameters
    ----------
    x : (H, W) array_like
        The map.
    title : str, optional
    annotate : bool, default True
        Write each value in its cell (maps up to 400 cells).
    windows : sequence of (row, col, height, width)
        Rectangles to outline, e.g. from :func:`window_rects`.
    ax : matplotlib Axes, optional
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    if ax is None:
        side = min(6.0, 1.0 + 0.6 * max(arr.shape)) if annotate else 5.0
        fig, ax = plt.subplots(figsize=(side, side))
    fig = ax.figure
    _heatmap(ax, arr, title, annotate, cmap)
    for i, (r, c, h, w) in enumerate(windows):
        ax.add_patch(
            Rectangle(
                (c - 0.5, r - 0.5), w, h, fill=False, lw=3, edgecolor=_COLOURS[i % len(_COLOURS)]
            )
        )
    return once(fig)


def show_pooling(
    x,
    kernel_size,
    stride=None,
    padding=0,
    *,
    mode="max",
    dilation=1,
    ceil_mode=False,
    count_include_pad=True,
):
    """The input with its windows outlined, beside the pooled output.

    Each output cell is framed in the colour of the window that made it.

    Returns
    -------
    matplotlib.figure.Figure
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    out = pool2d(
        arr,
        kernel_size,
        stride,
        padding,
        mode=mode,
        dilation=dilation,
        ceil_mode=ceil_mode,
        count_include_pad=count_include_pad,
    )
    rects = window_rects(arr.shape, kernel_size, stride, padding, dilation, ceil_mode)
    fig, (a, b) = plt.subplots(
        1, 2, figsize=(9, 4.2), gridspec_kw={"width_ratios": [arr.shape[1], max(out.shape[1], 1.5)]}
    )
    lo, hi = float(np.nanmin(arr)), float(np.nanmax(arr))
    _heatmap(a, arr, "input", vmin=lo, vmax=hi)
    for i, (r, c, h, w) in enumerate(rects[:64]):
        a.add_patch(
            Rectangle(
                (c - 0.5 + 0.06 * (i % 3), r - 0.5 + 0.06 * (i % 3)),
                w,
                h,
                fill=False,
                lw=2.5,
                edgecolor=_COLOURS[i % len(_COLOURS)],
            )
        )
    a.set_xlim(
        min(-0.5, rects[0][1] - 0.6), max(arr.shape[1] - 0.5, rects[-1][1] + rects[-1][3] - 0.4)
    )
    a.set_ylim(
        max(arr.shape[0] - 0.5, rects[-1][0] + rects[-1][2] - 0.4), min(-0.5, rects[0][0] - 0.6)
    )
    _heatmap(b, out, f"{mode} pool, output {out.shape[0]}x{out.shape[1]}", vmin=lo, vmax=hi)
    for i in range(min(out.size, 64)):
        r, c = divmod(i, out.shape[1])
        b.add_patch(
            Rectangle(
                (c - 0.5, r - 0.5), 1, 1, fill=False, lw=3, edgecolor=_COLOURS[i % len(_COLOURS)]
            )
        )
    fig.tight_layout()
    return once(fig)


def show_windows(x, kernel_size, stride=None, padding=0, *, mode="max", ceil_mode=False):
    """One small panel per window: the map with that window outlined, and its result.

    The by-hand walk-through: the panel's title names the values in the window
    and what the pooling makes of them.

    Returns
    -------
    matplotlib.figure.Figure
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    out = pool2d(arr, kernel_size, stride, padding, mode=mode, ceil_mode=ceil_mode)
    rects = window_rects(arr.shape, kernel_size, stride, padding, 1, ceil_mode)
    n = len(rects)
    cols = min(n, out.shape[1] if out.shape[1] > 1 else 4)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 3.4 * rows), squeeze=False)
    lo, hi = float(np.nanmin(arr)), float(np.nanmax(arr))
    flat_out = out.reshape(-1)
    for i, ax in enumerate(axes.flat):
        if i >= n:
            ax.axis("off")
            continue
        r, c, h, w = rects[i]
        inside = arr[max(r, 0) : r + h, max(c, 0) : c + w]
        _heatmap(ax, arr, None, vmin=lo, vmax=hi)
        ax.add_patch(
            Rectangle(
                (c - 0.5, r - 0.5), w, h, fill=False, lw=3.5, edgecolor=_COLOURS[i % len(_COLOURS)]
            )
        )
        values = ", ".join(_fmt(val) for val in inside.reshape(-1))
        ax.set_title(f"{mode}({values})\n= {_fmt(flat_out[i])}", fontsize=10)
    fig.tight_layout()
    return once(fig)
