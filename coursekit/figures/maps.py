"""Small maps drawn cell by cell: the map, its windows outlined, what pooling makes of them.

Each ``show_*`` function draws one figure and returns the matplotlib ``Figure``;
in a notebook the figure is shown once, right away (see
``coursekit.figures.display``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .. import _validation as v
from .._render import fmt
from ..engine.adaptive import adaptive_bounds, adaptive_pool2d
from ..engine.geometry import window_rects
from ..engine.pooling import pool2d
from ..measures.coverage import uncovered
from .display import once, panel_titles
from .heatmap import annotated_map, describe, outline

__all__ = [
    "frame_limits",
    "show_adaptive_windows",
    "show_coverage",
    "show_map",
    "show_pooling",
    "show_windows",
]


def frame_limits(ax, shape, rects, *, border="auto"):
    """Axes limits that hold the map and every window (padding included).

    A thin dashed line marks the map's own edge: always with ``border=True``,
    when windows reach past it with ``"auto"``, never with ``False``.
    """
    top = min([-0.5] + [r - 0.5 for r, _, _, _ in rects])
    left = min([-0.5] + [c - 0.5 for _, c, _, _ in rects])
    bottom = max([shape[0] - 0.5] + [r + h - 0.5 for r, _, h, _ in rects])
    right = max([shape[1] - 0.5] + [c + w - 0.5 for _, c, _, w in rects])
    ax.set_xlim(left - 0.1, right + 0.1)
    ax.set_ylim(bottom + 0.1, top - 0.1)
    reaches_out = (top, left) != (-0.5, -0.5) or (bottom, right) != (shape[0] - 0.5, shape[1] - 0.5)
    if border is True or (border == "auto" and reaches_out):
        edge = Rectangle((-0.5, -0.5), shape[1], shape[0], fill=False, lw=1, ls="--")
        edge.set_edgecolor("black")
        ax.add_patch(edge)


def show_map(x, title=None, *, annotate=True, windows=(), ax=None, cmap="viridis"):
    """Draw a 2-D map as a heatmap with its numbers in the cells.

    Parameters
    ----------
    x : (H, W) array_like
        The map.
    title : str, optional
    annotate : bool, default True
        Keyword-only. Write each value in its cell (maps up to 400 cells).
    windows : sequence of (row, col, height, width)
        Keyword-only. Rectangles to outline, e.g. from :func:`window_rects`.
    ax : matplotlib Axes, optional
        Keyword-only. Draw into this axes instead of a new figure.
    cmap : str, default "viridis"
        Keyword-only. Colour map (``"gray"`` for photographs).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError, TypeError
        If ``x`` is not a 2-D numeric array.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> fig = show_map(ANCHOR, "anchor", windows=window_rects(ANCHOR.shape, 2))
    >>> len(fig.axes[0].texts), len(fig.axes[0].patches)
    (16, 4)
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    own_figure = ax is None
    if own_figure:
        side = min(6.0, 1.0 + 0.6 * max(arr.shape)) if annotate else 5.0
        fig, ax = plt.subplots(figsize=(side, side))
    fig = ax.figure
    annotated_map(ax, arr, title, annotate=annotate, cmap=cmap, windows=windows, ticks=True)
    if windows:
        frame_limits(ax, arr.shape, windows)
    # Drawing into the caller's panel: the caller shows the whole figure when done.
    if not own_figure:
        return fig
    framed = f", {len(windows)} windows outlined" if len(windows) else ""
    return once(fig, f"Heatmap{f' {title!r}' if title else ''}: {describe(arr)}{framed}.")


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

    Each window is framed just inside its cells, in its own colour and line
    style (neighbours alternate how far inside, so shared edges stay
    visible); the output cell it makes is framed the same way. The axes
    reach over any padding, so every frame lies inside them; a dashed line
    marks the map's own border.

    Parameters
    ----------
    x : (H, W) array_like
        The map.
    kernel_size, stride, padding
        As for :func:`coursekit.pool2d`.
    mode, dilation, ceil_mode, count_include_pad
        Keyword-only, as for :func:`coursekit.pool2d`.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes: the input (first 64 windows outlined) and the output.

    Raises
    ------
    ValueError, TypeError
        As for :func:`coursekit.pool2d`.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> fig = show_pooling(ANCHOR, 2, mode="avg")
    >>> [t.get_text() for t in fig.axes[1].texts]
    ['13.75', '6.25', '6.75', '13.25']
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
    ow = out.shape[1]
    annotated_map(a, arr, f"input {arr.shape[0]}x{arr.shape[1]}", vmin=lo, vmax=hi, ticks=True)
    for i, rect in enumerate(rects[:64]):
        outline(a, rect, i, lw=2.5, inset=0.07 + 0.1 * ((i // ow + i % ow) % 2))
    frame_limits(a, arr.shape, rects[:64])
    title = f"{mode} pool, output {out.shape[0]}x{ow}"
    annotated_map(b, out, title, vmin=lo, vmax=hi, ticks=True)
    for i in range(min(out.size, 64)):
        outline(b, (*divmod(i, ow), 1, 1), i, lw=2.5, inset=0.1)
    fig.tight_layout()
    sh, sw = v.pair(stride if stride is not None else kernel_size, "stride")
    kh, kw = v.pair(kernel_size, "kernel_size")
    shown = "" if len(rects) <= 64 else " (the first 64 outlined)"
    alt = (
        f"Left: {describe(arr, 'input')}, with its {len(rects)} {kh}x{kw} windows{shown} "
        f"(stride {sh}x{sw}, padding {padding}) outlined. Right: {mode} pooling gives "
        f"{describe(out, 'output')}, each cell framed like the window that made it."
    )
    return once(fig, alt)


def show_windows(x, kernel_size, stride=None, padding=0, *, mode="max", ceil_mode=False):
    """One small panel per window: the map with that window outlined, and its result.

    The by-hand walk-through: the panel's title names the values in the window
    and what the pooling makes of them.

    Parameters
    ----------
    x : (H, W) array_like
        A small map (one panel per window).
    kernel_size, stride, padding
        As for :func:`coursekit.pool2d`.
    mode : {"max", "avg", "min"}, default "max"
        Keyword-only.
    ceil_mode : bool, default False
        Keyword-only.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per window, titled ``mode(values) = result``.

    Raises
    ------
    ValueError, TypeError
        As for :func:`coursekit.pool2d`.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> show_windows(ANCHOR, 2).axes[0].get_title()
    'max(12, 20, 8, 15)\\n= 20'
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
        annotated_map(ax, arr, None, vmin=lo, vmax=hi, ticks=True)
        outline(ax, rects[i], i, lw=3.5, inset=0.08)
        frame_limits(ax, arr.shape, [rects[i]])
        values = ", ".join(fmt(val) for val in inside.reshape(-1))
        ax.set_title(f"{mode}({values})\n= {fmt(flat_out[i])}", fontsize=10)
    fig.tight_layout()
    alt = f"{n} panels of {describe(arr)}, one window outlined in each: " + panel_titles(fig)
    return once(fig, alt)


def show_coverage(x, kernel_size, stride=None, *, variants=None):
    """The map once per setting: windows outlined, never-seen cells hatched, the output.

    Parameters
    ----------
    x : (H, W) array_like
        The map (keep it small: values are written in the cells).
    kernel_size, stride
        As for :func:`coursekit.pool2d`.
    variants : dict of str -> dict, optional
        Keyword-only. Panel title -> extra keyword arguments of ``pool2d``
        (``padding``, ``ceil_mode``). By default: as given, ``ceil_mode=True``
        and ``padding=1``.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per variant; its title gives the max-pool output and the
        number of cells never looked at.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> fig = show_coverage(ANCHOR, 3, 3)
    >>> [ax.get_title().splitlines()[0] for ax in fig.axes]
    ['no padding, floor', 'ceil_mode=True', 'padding=1']
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    if variants is None:
        variants = {
            "no padding, floor": {},
            "ceil_mode=True": {"ceil_mode": True},
            "padding=1": {"padding": 1},
        }
    fig, axes = plt.subplots(1, len(variants), figsize=(4.2 * len(variants), 4.6), squeeze=False)
    lo, hi = float(arr.min()), float(arr.max())
    said = []
    for ax, (label, options) in zip(axes[0], variants.items(), strict=True):
        padding = options.get("padding", 0)
        ceil_mode = options.get("ceil_mode", False)
        out = pool2d(arr, kernel_size, stride, padding, ceil_mode=ceil_mode)
        rects = window_rects(arr.shape, kernel_size, stride, padding, 1, ceil_mode)
        missed = uncovered(arr.shape, kernel_size, stride, padding, ceil_mode=ceil_mode)
        annotated_map(ax, arr, vmin=lo, vmax=hi, fontsize=9)
        for r, c in zip(*np.nonzero(missed), strict=True):
            ax.add_patch(
                Rectangle(
                    (c - 0.5, r - 0.5), 1, 1, facecolor="#bbbbbb", alpha=0.85, hatch="//",
                    edgecolor="#555555", lw=0,
                )
            )  # fmt: skip
        ow = out.shape[1]
        for i, rect in enumerate(rects):
            outline(ax, rect, i, inset=0.07 + 0.1 * ((i // ow + i % ow) % 2))
        frame_limits(ax, arr.shape, rects, border=True)
        ax.set_title(
            f"{label}\noutput {out.tolist()}, never seen: {int(missed.sum())}", fontsize=10
        )
        said.append(
            f"{label}: {len(rects)} windows, output {out.tolist()}, "
            f"{int(missed.sum())} cells never seen (hatched)"
        )
    fig.tight_layout()
    alt = f"Max pooling of {describe(arr)}, window {kernel_size}, stride {stride}; "
    return once(fig, alt + "; ".join(said) + ".")


def show_adaptive_windows(x, output_size, *, mode="avg"):
    """One panel per adaptive window: the map with it outlined, and its result.

    Parameters
    ----------
    x : (H, W) array_like
    output_size : int or (int, int)
    mode : {"avg", "max", "min"}, default "avg"
        Keyword-only.

    Returns
    -------
    matplotlib.figure.Figure
        ``OH x OW`` panels laid out like the output.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> len(show_adaptive_windows(ANCHOR, 3).axes)
    9
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    out = adaptive_pool2d(arr, output_size, mode=mode)
    oh, ow = out.shape
    if out.size == 0:
        raise ValueError(
            f"`output_size` must be at least 1 to draw its windows; got "
            f"output_size={output_size!r}. Use e.g. output_size=2"
        )
    sh, eh = adaptive_bounds(arr.shape[0], oh)
    sw, ew = adaptive_bounds(arr.shape[1], ow)
    fig, axes = plt.subplots(oh, ow, figsize=(2.6 * ow, 2.8 * oh), squeeze=False)
    for i in range(oh):
        for j in range(ow):
            rect = (int(sh[i]), int(sw[j]), int(eh[i] - sh[i]), int(ew[j] - sw[j]))
            annotated_map(axes[i, j], arr, windows=[rect])
            frame_limits(axes[i, j], arr.shape, [rect])
            val = out[i, j]
            axes[i, j].set_title(
                f"rows {sh[i]}:{eh[i]}, cols {sw[j]}:{ew[j]}\n{mode} = {val:.4g}", fontsize=9
            )
    fig.tight_layout()
    alt = (
        f"Adaptive {mode} pooling of {describe(arr)} to {oh}x{ow}: one panel per window, "
        + panel_titles(fig)
    )
    return once(fig, alt)
