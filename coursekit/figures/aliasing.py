"""Figures of lesson 18: aliasing under a one-pixel shift, and BlurPool's fix.

Each function draws one figure, shows it once in a notebook and returns the
matplotlib ``Figure``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import _validation as v
from .display import once

__all__ = ["show_shift_outputs", "show_consistency"]

_COLOURS = {"max": "#d62728", "avg": "#1f77b4", "blur": "#2ca02c"}


def show_shift_outputs(signal, pools, *, shift=1):
    """A 1-D signal and its copy moved by ``shift``, pooled by each method.

    Parameters
    ----------
    signal : (n,) array_like
        E.g. a row of stripes ``[0, 0, 1, 1, 0, 0, 1, 1]``.
    pools : dict of str to callable
        Name -> function of a ``(1, n)`` map returning its pooled ``(1, m)``
        map, e.g. ``{"max": lambda m: pool2d(m, (1, 2))}``.
    shift : int, default 1
        Keyword-only. Pixels to move the signal (circularly, as ``np.roll``).

    Returns
    -------
    matplotlib.figure.Figure
        One panel for the input, then one per method; solid: original,
        dashed: shifted.

    Examples
    --------
    >>> from coursekit import pool2d
    >>> fig = show_shift_outputs([0, 0, 1, 1] * 2, {"max": lambda m: pool2d(m, (1, 2))})
    >>> len(fig.axes)
    2
    """
    sig = v.feature_map(np.atleast_2d(np.asarray(signal, dtype=np.float64)), "signal", 2, 2)
    if sig.shape[0] != 1:
        raise ValueError(f"`signal` must be one-dimensional; got shape {np.shape(signal)}")
    if not isinstance(pools, dict) or not pools or not all(callable(f) for f in pools.values()):
        raise TypeError("`pools` must be a non-empty dict of name -> function of a (1, n) map")
    moved = np.roll(sig, shift, axis=1)
    n = 1 + len(pools)
    fig, axes = plt.subplots(1, n, figsize=(3.3 * n, 2.9), sharey=True)
    axes[0].step(np.arange(sig.shape[1]), sig[0], where="mid", color="black", label="input")
    axes[0].step(
        np.arange(sig.shape[1]),
        moved[0],
        where="mid",
        color="grey",
        ls="--",
        label=f"moved {shift}",
    )
    axes[0].set_title("input")
    axes[0].legend(fontsize=8, loc="lower right")
    for ax, (name, f) in zip(axes[1:], pools.items(), strict=True):
        a, b = np.asarray(f(sig))[0], np.asarray(f(moved))[0]
        colour = _COLOURS.get(name.split()[0], "#555555")
        ax.step(np.arange(a.size), a, where="mid", color=colour, lw=2.5, label="input")
        ax.step(np.arange(b.size), b, where="mid", color=colour, ls="--", lw=2, label="moved")
        change = float(np.abs(a - b).mean())
        ax.set_title(f"{name}\nmean change {change:.2f}", fontsize=10)
        ax.legend(fontsize=8, loc="lower right")
    for ax in axes:
        ax.set_ylim(-0.1, 1.15)
    fig.tight_layout()
    return once(fig)


def show_consistency(scores, *, title="Shift consistency: share of pooled cells unchanged"):
    """Grouped bars: one group per image, one bar per pooling method.

    Parameters
    ----------
    scores : dict of str to dict of str to float
        Image name -> method name -> consistency from 0 to 1 (e.g. from
        :func:`coursekit.shift_consistency`).
    title : str
        Keyword-only.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = show_consistency({"camera": {"max": 0.9, "blur": 0.95}})
    >>> len(fig.axes)
    1
    """
    if not isinstance(scores, dict) or not scores:
        raise TypeError("`scores` must be a non-empty dict: image -> {method: value}")
    images = list(scores)
    methods = list(next(iter(scores.values())))
    width = 0.8 / len(methods)
    fig, ax = plt.subplots(figsize=(1.6 + 2.2 * len(images), 3.6))
    for j, m in enumerate(methods):
        vals = [100 * scores[img][m] for img in images]
        xs = np.arange(len(images)) + (j - (len(methods) - 1) / 2) * width
        bars = ax.bar(xs, vals, width, label=m, color=_COLOURS.get(m.split()[0], None))
        for bar, val in zip(bars, vals, strict=True):
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                val + 0.3,
                f"{val:.1f}",
                ha="center",
                va="bottom",
                fontsize=8,
            )
    lows = [100 * min(s.values()) for s in scores.values()]
    ax.set_ylim(max(0.0, min(lows) - 8), 106)
    ax.set_xticks(np.arange(len(images)), images)
    ax.set_ylabel("% of cells unchanged")
    ax.set_title(title, fontsize=11)
    ax.legend(fontsize=9, loc="upper center", ncol=len(methods), frameon=False)
    fig.tight_layout()
    return once(fig)
