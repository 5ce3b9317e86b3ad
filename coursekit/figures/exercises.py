"""What the exercises show after the checks: coverage, noise, gradients, masks.

Each ``show_*`` function draws one figure and returns the matplotlib
``Figure`` (shown once in a notebook, see :mod:`coursekit.figures.display`); the
numbers behind each figure come from a plain function that returns arrays, so
a notebook can print them and a test can check them.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .. import _validation as v
from ..engine.geometry import window_rects
from ..engine.pooling import pool2d
from ..measures.coverage import uncovered
from ..measures.gradients import global_gradients
from ..measures.noise import global_spread
from ..measures.resolution import iou
from .display import once

__all__ = [
    "show_coverage",
    "show_global_spread",
    "show_global_gradients",
    "show_masks",
]

_COLOURS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6"]


def _fmt(value) -> str:
    value = float(value)
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _draw_map(ax, arr, *, vmin=None, vmax=None, cmap="viridis", annotate=True):
    ax.imshow(arr, cmap=cmap, vmin=vmin, vmax=vmax)
    if annotate:
        lo = float(np.min(arr)) if vmin is None else vmin
        hi = float(np.max(arr)) if vmax is None else vmax
        for (r, c), val in np.ndenumerate(arr):
            colour = "black" if val > (lo + hi) / 2 else "white"
            ax.text(c, r, _fmt(val), ha="center", va="center", fontsize=9, color=colour)
    ax.set_xticks([])
    ax.set_yticks([])


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
    for ax, (label, options) in zip(axes[0], variants.items(), strict=True):
        padding = options.get("padding", 0)
        ceil_mode = options.get("ceil_mode", False)
        out = pool2d(arr, kernel_size, stride, padding, ceil_mode=ceil_mode)
        rects = window_rects(arr.shape, kernel_size, stride, padding, 1, ceil_mode)
        missed = uncovered(arr.shape, kernel_size, stride, padding, ceil_mode=ceil_mode)
        _draw_map(ax, arr, vmin=lo, vmax=hi)
        for r, c in zip(*np.nonzero(missed), strict=True):
            ax.add_patch(
                Rectangle(
                    (c - 0.5, r - 0.5), 1, 1, facecolor="#bbbbbb", alpha=0.85, hatch="//",
                    edgecolor="#555555", lw=0,
                )
            )  # fmt: skip
        for i, (r, c, h, w) in enumerate(rects):
            inset = 0.08 * (i % 3)
            ax.add_patch(
                Rectangle(
                    (c - 0.5 + inset, r - 0.5 + inset), w - 2 * inset, h - 2 * inset,
                    fill=False, lw=3, edgecolor=_COLOURS[i % len(_COLOURS)],
                )
            )  # fmt: skip
        top = min(-0.5, min(r for r, _, _, _ in rects) - 0.5)
        left = min(-0.5, min(c for _, c, _, _ in rects) - 0.5)
        bottom = max(arr.shape[0] - 0.5, max(r + h for r, _, h, _ in rects) - 0.5)
        right = max(arr.shape[1] - 0.5, max(c + w for _, c, _, w in rects) - 0.5)
        ax.set_xlim(left - 0.1, right + 0.1)
        ax.set_ylim(bottom + 0.1, top - 0.1)
        ax.add_patch(
            Rectangle(
                (-0.5, -0.5), arr.shape[1], arr.shape[0], fill=False, lw=1, ls="--",
                edgecolor="black",
            )
        )  # fmt: skip
        ax.set_title(
            f"{label}\noutput {out.tolist()}, never seen: {int(missed.sum())}", fontsize=10
        )
    fig.tight_layout()
    return once(fig)


def show_global_spread(x, sigmas, *, trials=2000, seed=0):
    """Spread of global average and global max against noise, with sigma / sqrt(HW).

    Parameters
    ----------
    x, sigmas, trials, seed
        As for :func:`global_spread`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(show_global_spread(np.zeros((7, 7)), [0.5, 1.0], trials=50).axes[0].lines)
    3
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    spread = global_spread(arr, sigmas, trials=trials, seed=seed)
    sig = np.asarray(list(sigmas), dtype=float)
    n = arr.shape[0] * arr.shape[1]
    fig, ax = plt.subplots(figsize=(6.4, 4))
    ax.plot(sig, spread["max"], "o-", color="#e6194b", label="global max")
    ax.plot(sig, spread["avg"], "o-", color="#4363d8", label="global average")
    ax.plot(sig, sig / np.sqrt(n), "--", color="black", label=f"sigma / sqrt({n})")
    ax.set_xlabel("noise sigma per cell")
    ax.set_ylabel("spread (std) of the pooled value")
    ax.set_title(f"Global pooling of a {arr.shape[0]}x{arr.shape[1]} map under noise")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return once(fig)


def show_global_gradients(x):
    """Two heatmaps: where the gradient of global average and of global max goes.

    Returns
    -------
    matplotlib.figure.Figure
        Titles give the share of cells that receive a gradient.

    Examples
    --------
    >>> len(show_global_gradients(np.eye(3)).axes)
    2
    """
    grads = global_gradients(x)
    fig, axes = plt.subplots(1, 2, figsize=(9, 4.6))
    for ax, (mode, name) in zip(
        axes, (("avg", "global average"), ("max", "global max")), strict=True
    ):
        g = grads[mode]
        share = np.count_nonzero(g) / g.size
        _draw_map(ax, g, vmin=0.0, vmax=1.0, cmap="magma", annotate=g.size <= 100)
        ax.set_title(f"{name}: {np.count_nonzero(g)} of {g.size} cells get a gradient\n"
                     f"(share {share:.4f})", fontsize=10)  # fmt: skip
    fig.tight_layout()
    return once(fig)


def show_masks(masks, reference=None):
    """Masks side by side, each titled with its IoU against ``reference``.

    Parameters
    ----------
    masks : dict of str -> (H, W) array_like
        Title -> a boolean mask, or a grey-scale image drawn from 0 to 1.
    reference : (H, W) array_like of bool, optional
        The true mask; when given, the title of each boolean mask adds its
        ``IoU`` against it (grey-scale images get none).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> m = np.eye(4, dtype=bool)
    >>> fig = show_masks({"true": m, "empty": np.zeros((4, 4), bool), "grey": np.ones((4, 4))}, m)
    >>> [ax.get_title() for ax in fig.axes]
    ['true\\nIoU 1.000', 'empty\\nIoU 0.000', 'grey']
    """
    if not isinstance(masks, dict) or not masks:
        raise ValueError(f"`masks` must be a non-empty dict title -> mask; got {type(masks)}")
    fig, axes = plt.subplots(1, len(masks), figsize=(3.3 * len(masks), 3.7), squeeze=False)
    for ax, (title, mask) in zip(axes[0], masks.items(), strict=True):
        arr = v.feature_map(mask, "mask", 2, 2)
        ax.imshow(arr.astype(np.float64), cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
        if reference is not None and arr.dtype == bool:
            title = f"{title}\nIoU {iou(reference, arr):.3f}"
        ax.set_title(title, fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return once(fig)
