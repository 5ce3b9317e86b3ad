"""Small maps that change: a map before and after a shift, and where gradients go.

Each ``show_*`` function draws one figure and returns the matplotlib ``Figure``
(shown once in a notebook, see ``coursekit.figures.display``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import _validation as v
from .._render import CHANGED
from ..engine.backward import pool2d_backward
from ..engine.geometry import window_rects
from ..engine.pooling import pool2d
from ..measures.gradients import global_gradients
from .display import once
from .heatmap import TITLES, annotated_map, describe, outline

__all__ = [
    "show_global_gradients",
    "show_gradients",
    "show_shift",
]


def show_shift(x, down=0, right=0, kernel_size=2, *, mode="max"):
    """A map and its shifted copy, each with its pooled output; changes outlined.

    Parameters
    ----------
    x : (H, W) array_like
    down, right : int, default 0
        The shift in pixels (see :func:`coursekit.shift_map`).
    kernel_size : int or (int, int), default 2
        Window, stride = window.
    mode : {"max", "avg", "min"}, default "max"
        Keyword-only.

    Returns
    -------
    matplotlib.figure.Figure
        Top row: the map, its output; bottom row: the shifted map, its output
        with each cell that changed outlined in red.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> len(show_shift(ANCHOR, right=1).axes)
    4
    """
    from ..measures.shifting import pooled_change, shift_map

    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    moved = shift_map(arr, down, right)
    changed = pooled_change(arr, moved, kernel_size, mode=mode)
    rects = window_rects(arr.shape, kernel_size)
    fig, axes = plt.subplots(
        2, 2, figsize=(7.5, 7), gridspec_kw={"width_ratios": [arr.shape[1], changed.shape[1]]}
    )
    lo, hi = float(np.min(arr)), float(np.max(arr))
    panels = ((arr, "map"), (moved, f"shifted ({down} down, {right} right)"))
    for row, (m, name) in enumerate(panels):
        annotated_map(axes[row, 0], m, name, vmin=lo, vmax=hi, ticks=True)
        for rect in rects:
            outline(axes[row, 0], rect, lw=2, colour="white")
        out = pool2d(m, kernel_size, mode=mode)
        n = int(changed.sum())
        title = f"{mode} pool" if row == 0 else f"{mode} pool: {n} cell{'s' * (n != 1)} changed"
        annotated_map(axes[row, 1], out, title, vmin=lo, vmax=hi, ticks=True)
    for r, c in zip(*np.nonzero(changed), strict=True):
        outline(axes[1, 1], (r, c, 1, 1), lw=4, inset=0.1, colour=CHANGED, style="-")
    fig.tight_layout()
    where = [f"({r}, {c})" for r, c in zip(*np.nonzero(changed), strict=True)]
    alt = (
        f"Top: {describe(arr)} with its {len(rects)} windows outlined, and its {mode} pool, "
        f"{describe(pool2d(arr, kernel_size, mode=mode), 'output')}. Bottom: the map moved "
        f"{down} down and {right} right, and its pool, "
        f"{describe(pool2d(moved, kernel_size, mode=mode), 'output')}; "
        f"{n} cell{'s' * (n != 1)} changed{': ' + ', '.join(where) if where else ''}."
    )
    return once(fig, alt)


def show_gradients(
    x, grad_out, kernel_size, stride=None, padding=0, *, modes=("max", "avg", "min")
):
    """The map, the upstream gradient, and the gradient each pooling sends back.

    Parameters
    ----------
    x : (H, W) array_like
        The pooled map, e.g. ``ANCHOR``.
    grad_out : (OH, OW) array_like
        Gradient of the loss with respect to the pooled output.
    kernel_size, stride, padding
        As for :func:`coursekit.pool2d`.
    modes : sequence of {"max", "avg", "min"}
        Keyword-only. One gradient panel per mode.

    Returns
    -------
    matplotlib.figure.Figure
        ``2 + len(modes)`` panels; the windows are outlined on the input.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> fig = show_gradients(ANCHOR, np.ones((2, 2)), 2)
    >>> len(fig.axes)
    5
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    g = v.feature_map(grad_out, "grad_out", min_ndim=2, max_ndim=2)
    grads = [
        (m, pool2d_backward(arr, g, kernel_size, stride, padding, mode=v.mode(m))) for m in modes
    ]
    n = 2 + len(grads)
    fig, axes = plt.subplots(1, n, figsize=(3.1 * n, 3.4))
    rects = window_rects(arr.shape, kernel_size, stride, padding)
    annotated_map(axes[0], arr, "input map", windows=rects, fontsize=10, places=3)
    annotated_map(axes[1], g, "upstream gradient", cmap="Blues", vmin=0, fontsize=10, places=3)
    hi = max(float(np.abs(gr).max()) for _, gr in grads) or 1.0
    for ax, (m, gr) in zip(axes[2:], grads, strict=True):
        title = f"gradient, {TITLES[m]}"
        annotated_map(ax, gr, title, cmap="Blues", vmin=0, vmax=hi, fontsize=10, places=3)
    fig.tight_layout()
    alt = f"Input {describe(arr)}, windows outlined; upstream gradient {describe(g)}; " + "; ".join(
        f"gradient through {TITLES[m]}: {describe(gr)}" for m, gr in grads
    )
    return once(fig, alt + ".")


def show_global_gradients(x):
    """Two heatmaps: where the gradient of global average and of global max goes.

    Returns
    -------
    matplotlib.figure.Figure
        Titles give how many cells receive a gradient and the largest share
        of it that one cell receives (the same words as lesson 13's text).

    Examples
    --------
    >>> len(show_global_gradients(np.eye(3)).axes)
    2
    """
    grads = global_gradients(x)
    fig, axes = plt.subplots(1, 2, figsize=(9, 4.6))
    said = []
    for ax, (mode, name) in zip(
        axes, (("avg", "global average"), ("max", "global max")), strict=True
    ):
        g = grads[mode]
        k = np.count_nonzero(g)
        largest = float(np.abs(g).max() / (np.abs(g).sum() or 1.0))
        annotated_map(ax, g, vmin=0.0, vmax=1.0, cmap="magma", annotate=g.size <= 100, fontsize=9)
        words = f"{k} of {g.size} cells get a gradient, largest share {largest:.4f}"
        ax.set_title(f"{name}:\n{words}", fontsize=10)
        said.append(f"{name}, {words}")
    fig.tight_layout()
    return once(
        fig,
        f"Gradient of each global pooling over a {g.shape[0]}x{g.shape[1]} map: "
        + "; ".join(said)
        + ".",
    )
