"""What the exercises show after the checks: coverage, noise, gradients, masks.

Each ``show_*`` function draws one figure and returns the matplotlib
``Figure`` (shown once in a notebook, see :mod:`coursekit._display`); the
numbers behind each figure come from a plain function that returns arrays, so
a notebook can print them and a test can check them.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from . import _validation as v
from ._display import once
from .backward import pool2d_backward
from .noise import add_noise
from .plotting import window_rects
from .pooling import global_pool, pool2d
from .resolution import iou

__all__ = [
    "uncovered",
    "show_coverage",
    "global_spread",
    "show_global_spread",
    "global_gradients",
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


def global_spread(x, sigmas, *, trials=2000, seed=0):
    """Standard deviation of global average and global max pooling under noise.

    For each noise level ``sigma``, ``trials`` noisy copies ``x + sigma * z``
    (``z`` standard normal, the same draws for every sigma) are pooled to one
    number each; the spread of those numbers is returned.

    Parameters
    ----------
    x : (H, W) array_like
        The clean map (zeros for pure noise).
    sigmas : sequence of float
        Noise standard deviations, each at least 0.
    trials : int, default 2000
        Keyword-only. Noisy copies per sigma.
    seed : int, default 0
        Keyword-only.

    Returns
    -------
    dict
        ``{"avg": (len(sigmas),) ndarray, "max": (len(sigmas),) ndarray}``.
        For the average it is close to ``sigma / sqrt(H * W)``.

    Examples
    --------
    >>> spread = global_spread(np.zeros((7, 7)), [0.0, 1.0])
    >>> [round(float(s), 2) for s in spread["avg"]]
    [0.0, 0.14]
    >>> bool(spread["max"][1] > 2 * spread["avg"][1])
    True
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2).astype(np.float64)
    if not v.is_int(trials) or trials < 2:
        raise ValueError(f"`trials` must be an int of at least 2; got trials={trials!r}")
    draws = add_noise(np.zeros((int(trials),) + arr.shape), 1.0, seed=seed)
    spread = {"avg": [], "max": []}
    for sigma in sigmas:
        if isinstance(sigma, bool) or not isinstance(sigma, (int, float, np.number)) or sigma < 0:
            raise ValueError(f"`sigmas` must hold numbers at least 0; got {sigma!r}")
        noisy = arr + float(sigma) * draws
        for mode in spread:
            spread[mode].append(float(np.std(global_pool(noisy, mode))))
    return {mode: np.array(values) for mode, values in spread.items()}


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


def global_gradients(x):
    """The gradient each cell receives from global average and global max pooling.

    Parameters
    ----------
    x : (H, W) array_like
        The map.

    Returns
    -------
    dict
        ``{"avg": (H, W) ndarray, "max": (H, W) ndarray}``: the gradient of
        the pooled value with respect to each cell (PyTorch's routing: the
        first maximum wins a tie).

    Examples
    --------
    >>> g = global_gradients([[1.0, 3.0], [2.0, 0.0]])
    >>> g["avg"].tolist(), g["max"].tolist()
    ([[0.25, 0.25], [0.25, 0.25]], [[0.0, 1.0], [0.0, 0.0]])
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2).astype(np.float64)
    ones = np.ones((1, 1))
    return {mode: pool2d_backward(arr, ones, arr.shape, mode=mode) for mode in ("avg", "max")}


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
