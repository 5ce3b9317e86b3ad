"""Figures of the course: feature maps as annotated heatmaps, windows, results.

Each function draws one figure and returns the matplotlib ``Figure``; in a
notebook the figure is shown once, right away (see ``coursekit.figures.display``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .. import _validation as v
from ..engine.geometry import window_rects
from ..engine.pooling import pool2d
from .display import once

__all__ = [
    "show_head_params",
    "show_image_pooling",
    "show_map",
    "show_mask_pooling",
    "show_noise_error",
    "show_pooling",
    "show_repeated_pooling",
    "show_shift",
    "show_windows",
]

_CMAP = "viridis"
_COLOURS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45"]


def _fmt(value) -> str:
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return "nan"
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
    return str(value)


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
    _heatmap(ax, arr, title, annotate, cmap)
    for i, (r, c, h, w) in enumerate(windows):
        ax.add_patch(
            Rectangle(
                (c - 0.5, r - 0.5), w, h, fill=False, lw=3, edgecolor=_COLOURS[i % len(_COLOURS)]
            )
        )
    # Drawing into the caller's panel: the caller shows the whole figure when done.
    return once(fig) if own_figure else fig


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


def _image(ax, img, title, vmin=0.0, vmax=1.0):
    ax.imshow(img, cmap="gray", vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


def show_image_pooling(img, kernel_size=4, stride=None, *, modes=("max", "avg", "min"), crop=None):
    """A photograph beside its max-, average- and min-pooled versions.

    Parameters
    ----------
    img : (H, W) array_like
        Grey-scale image in [0, 1], e.g. ``load_image("coins")``.
    kernel_size : int or (int, int), default 4
    stride : int or (int, int), optional
        ``None`` means ``kernel_size``.
    modes : sequence of {"max", "avg", "min"}
        Keyword-only. One panel per mode.
    crop : (slice, slice), optional
        Keyword-only. Show only this part of the input, and the matching part
        of each output, to make the detail visible.

    Returns
    -------
    matplotlib.figure.Figure
        ``1 + len(modes)`` panels, all drawn at the same size so that the
        coarser grid of the pooled images shows.

    Examples
    --------
    >>> from coursekit import load_image
    >>> fig = show_image_pooling(load_image("coins", size=64), 4)
    >>> len(fig.axes)
    4
    """
    arr = v.feature_map(img, "img", 2, 2)
    outs = [pool2d(arr, kernel_size, stride, mode=m) for m in modes]
    sh, sw = v.pair(stride if stride is not None else kernel_size, "stride")
    fig, axes = plt.subplots(1, 1 + len(outs), figsize=(3.2 * (1 + len(outs)), 3.6))
    lo, hi = float(arr.min()), float(arr.max())
    if crop is not None:
        rs, cs = crop
        _image(axes[0], arr[rs, cs], f"input {arr.shape[0]}x{arr.shape[1]} (crop)", lo, hi)
    else:
        _image(axes[0], arr, f"input {arr.shape[0]}x{arr.shape[1]}", lo, hi)
    for ax, m, out in zip(axes[1:], modes, outs, strict=True):
        shown = out
        if crop is not None:
            rs, cs = crop
            shown = out[
                slice((rs.start or 0) // sh, -(-(rs.stop or arr.shape[0]) // sh)),
                slice((cs.start or 0) // sw, -(-(cs.stop or arr.shape[1]) // sw)),
            ]
        _image(ax, shown, f"{m} pool -> {out.shape[0]}x{out.shape[1]}", lo, hi)
    fig.tight_layout()
    return once(fig)


def show_repeated_pooling(img, times=3, kernel_size=2, *, mode="max"):
    """The same pooling applied again and again: one panel per stage.

    Every panel has the same size on screen, so the loss of resolution shows
    as growing blocks.

    Parameters
    ----------
    img : (H, W) array_like
    times : int, default 3
    kernel_size : int or (int, int), default 2
    mode : {"max", "avg", "min"}, default "max"
        Keyword-only.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from coursekit import load_image
    >>> len(show_repeated_pooling(load_image("camera", size=64), 2).axes)
    3
    """
    from ..measures.resolution import pool_repeatedly

    stages = pool_repeatedly(img, times, kernel_size, mode=mode)
    fig, axes = plt.subplots(1, len(stages), figsize=(3.0 * len(stages), 3.4), squeeze=False)
    lo, hi = float(np.min(stages[0])), float(np.max(stages[0]))
    for i, (ax, st) in enumerate(zip(axes[0], stages, strict=True)):
        label = "input" if i == 0 else f"{mode} x{i}"
        _image(ax, st, f"{label}: {st.shape[0]}x{st.shape[1]}", lo, hi)
    fig.tight_layout()
    return once(fig)


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
        _heatmap(axes[row, 0], m, name, vmin=lo, vmax=hi)
        for r, c, h, w in rects:
            axes[row, 0].add_patch(
                Rectangle((c - 0.5, r - 0.5), w, h, fill=False, lw=2, edgecolor="white")
            )
        out = pool2d(m, kernel_size, mode=mode)
        n = int(changed.sum())
        title = f"{mode} pool" if row == 0 else f"{mode} pool: {n} cell{'s' * (n != 1)} changed"
        _heatmap(axes[row, 1], out, title, vmin=lo, vmax=hi)
    for r, c in zip(*np.nonzero(changed), strict=True):
        axes[1, 1].add_patch(
            Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, lw=4, edgecolor="#ff3b30")
        )
    fig.tight_layout()
    return once(fig)


def show_noise_error(x, sigmas, kernel_size=None, *, modes=("avg", "max"), trials=200):
    """How far noise moves pooled results, against the noise level.

    Parameters
    ----------
    x : (H, W) array_like
        The clean map.
    sigmas : sequence of float
        Noise standard deviations to try.
    kernel_size : int or (int, int), optional
        ``None`` (default) pools the whole map (global pooling).
    modes : sequence of str
        Keyword-only.
    trials : int, default 200
        Keyword-only.

    Returns
    -------
    matplotlib.figure.Figure
        One line per mode (see :func:`coursekit.noise_error`) and the
        reference ``sigma / sqrt(window size)``.

    Examples
    --------
    >>> from coursekit import feature_patch
    >>> len(show_noise_error(feature_patch(), [0.1, 0.5]).axes[0].lines)
    3
    """
    from ..measures.noise import noise_error

    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    sig = np.asarray(sigmas, dtype=float)
    fig, ax = plt.subplots(figsize=(6, 4))
    for m in modes:
        err = [noise_error(arr, s, kernel_size, mode=m, trials=trials) for s in sig]
        ax.plot(sig, err, marker="o", label=f"{m} pooling")
    kh, kw = arr.shape if kernel_size is None else v.pair(kernel_size, "kernel_size")
    ax.plot(sig, sig / np.sqrt(kh * kw), "k--", label=f"sigma / sqrt({kh * kw})")
    where = "global" if kernel_size is None else f"{kh}x{kw} window"
    ax.set_xlabel("noise sigma")
    ax.set_ylabel("RMS change of pooled value")
    ax.set_title(f"Noise in, noise out ({where})")
    ax.legend()
    fig.tight_layout()
    return once(fig)


def show_mask_pooling(mask, times=3, *, mode="max"):
    """A segmentation mask, pooled ``times`` times and blown back up.

    Parameters
    ----------
    mask : (H, W) array_like of bool
    times : int, default 3
        Number of 2x2/stride-2 poolings.
    mode : {"max", "avg"}, default "max"
        Keyword-only. With ``"avg"`` the upsampled mask is thresholded at 0.5.

    Returns
    -------
    matplotlib.figure.Figure
        Three panels: the mask, the coarse mask, the upsampled mask with the
        IoU against the original in its title.

    Examples
    --------
    >>> from coursekit import shapes_mask
    >>> len(show_mask_pooling(shapes_mask(64), 2).axes)
    3
    """
    from ..measures.resolution import iou, pool_repeatedly, upsample_nearest

    arr = v.feature_map(mask, "mask", 2, 2).astype(float)
    coarse = pool_repeatedly(arr, times, 2, mode=mode)[-1]
    back = upsample_nearest(coarse, 2**times, size=arr.shape) >= 0.5
    score = iou(arr, back)
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.6))
    _image(axes[0], arr, f"mask {arr.shape[0]}x{arr.shape[1]}")
    _image(axes[1], coarse, f"after {times} {mode} pools: {coarse.shape[0]}x{coarse.shape[1]}")
    _image(axes[2], back, f"upsampled back: IoU {score:.3f}")
    fig.tight_layout()
    return once(fig)


def show_head_params(counts, *, title="Classifier head parameters"):
    """Bar chart (log scale) of parameter counts, one bar per labelled design.

    Parameters
    ----------
    counts : dict of str -> int
        Label -> number of parameters, e.g. from :func:`coursekit.head_params`.
    title : str
        Keyword-only.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(show_head_params({"flatten": 1290, "GAP": 90}).axes[0].patches)
    2
    """
    if not isinstance(counts, dict) or not counts:
        raise ValueError(f"`counts` must be a non-empty dict label -> int; got {counts!r}")
    labels, values = list(counts), [int(c) for c in counts.values()]
    fig, ax = plt.subplots(figsize=(7, 0.7 + 0.6 * len(labels)))
    bars = ax.barh(labels, values, color=_COLOURS[: len(labels)])
    ax.set_xscale("log")
    ax.invert_yaxis()
    for bar, val in zip(bars, values, strict=True):
        ax.text(bar.get_width() * 1.1, bar.get_y() + bar.get_height() / 2, f"{val:,}", va="center")
    ax.set_xlim(left=min(values) / 10, right=max(values) * 30)
    ax.set_xlabel("parameters (log scale)")
    ax.set_title(title)
    fig.tight_layout()
    return once(fig)
