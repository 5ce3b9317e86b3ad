"""Figures of lesson 15: where the gradient of each kind of pooling goes.

Each function draws one figure, shows it once in a notebook and returns the
matplotlib ``Figure``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .. import _validation as v
from ..engine.backward import pool2d_backward
from ..engine.geometry import window_rects
from .display import once

__all__ = ["show_gradients", "show_image_gradients"]

_TITLES = {"max": "max pool", "avg": "average pool", "min": "min pool"}
_EDGES = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45"]


def _fmt(value) -> str:
    value = float(value)
    if np.isnan(value):
        return "nan"
    return f"{value:g}" if value == int(value) else f"{value:.3g}"


def annotated_map(ax, x, title=None, *, cmap="viridis", vmin=None, vmax=None, windows=()):
    """Draw ``x`` as a heatmap with its numbers, into ``ax`` (no figure shown)."""
    x = np.asarray(x, dtype=np.float64)
    lo = float(np.nanmin(x)) if vmin is None else vmin
    hi = float(np.nanmax(x)) if vmax is None else vmax
    ax.imshow(x, cmap=cmap, vmin=lo, vmax=hi)
    if x.size <= 144:
        mid = (lo + hi) / 2
        for (r, c), val in np.ndenumerate(x):
            dark = val > mid if cmap == "viridis" else val < mid
            ax.text(
                c,
                r,
                _fmt(val),
                ha="center",
                va="center",
                fontsize=10,
                color="black" if dark else "white",
            )
    for i, (r, c, h, w) in enumerate(windows):
        ax.add_patch(
            Rectangle((c - 0.5, r - 0.5), w, h, fill=False, lw=3, edgecolor=_EDGES[i % len(_EDGES)])
        )
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10)


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
    annotated_map(axes[0], arr, "input map", windows=rects)
    annotated_map(axes[1], g, "upstream gradient", cmap="Blues", vmin=0)
    hi = max(float(np.abs(gr).max()) for _, gr in grads) or 1.0
    for ax, (m, gr) in zip(axes[2:], grads, strict=True):
        annotated_map(ax, gr, f"gradient, {_TITLES[m]}", cmap="Blues", vmin=0, vmax=hi)
    fig.tight_layout()
    return once(fig)


def show_image_gradients(img, kernel_size=2, *, modes=("max", "avg"), crop=None):
    """Which pixels of a photograph receive a gradient through each pooling.

    The loss is the sum of the pooled image, so every output cell sends back
    a gradient of 1.

    Parameters
    ----------
    img : (H, W) array_like
        Grey-scale image.
    kernel_size : int or (int, int), default 2
        Window and stride of the pooling.
    modes : sequence of {"max", "avg", "min"}
        Keyword-only.
    crop : (slice, slice), optional
        Keyword-only. Show only this part, so single pixels are visible.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = show_image_gradients(np.random.default_rng(0).random((8, 8)))
    >>> len(fig.axes)
    3
    """
    arr = v.feature_map(img, "img", min_ndim=2, max_ndim=2).astype(np.float64)
    ks = v.pair(kernel_size, "kernel_size")
    out_shape = (arr.shape[0] // ks[0], arr.shape[1] // ks[1])
    ones = np.ones(out_shape)
    crop = crop or (slice(None), slice(None))
    shown = arr[crop]
    fig, axes = plt.subplots(1, 1 + len(modes), figsize=(3.4 * (1 + len(modes)), 4.0))
    axes[0].imshow(shown, cmap="gray", interpolation="nearest")
    axes[0].set_title("image")
    for ax, m in zip(axes[1:], modes, strict=True):
        grad = pool2d_backward(arr, ones, ks, mode=v.mode(m))[crop]
        share = float((grad != 0).mean())
        ax.imshow(shown, cmap="gray", interpolation="nearest")
        overlay = np.zeros(grad.shape + (4,))
        overlay[..., 0] = 1.0  # red where a gradient arrives, stronger for more
        overlay[..., 3] = 0.6 * grad / (grad.max() or 1.0)
        ax.imshow(overlay, interpolation="nearest")
        ax.set_title(
            f"gradient, {_TITLES[m]} (red)\n{100 * share:.0f}% of pixels get one", fontsize=10
        )
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return once(fig)
