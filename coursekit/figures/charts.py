"""Charts: lines and bars of what the lessons measure (noise, parameters, shifts, training).

Each ``show_*`` function draws one figure and returns the matplotlib ``Figure``
(shown once in a notebook, see ``coursekit.figures.display``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import _validation as v
from .._render import OUTLINES
from ..measures.noise import global_spread
from .display import once

_METHODS = {"max": "#d62728", "avg": "#1f77b4", "blur": "#2ca02c"}

__all__ = [
    "show_consistency",
    "show_global_spread",
    "show_head_params",
    "show_noise_error",
    "show_shift_accuracy",
    "show_shift_outputs",
    "show_training",
]


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
    bars = ax.barh(labels, values, color=OUTLINES[: len(labels)])
    ax.set_xscale("log")
    ax.invert_yaxis()
    for bar, val in zip(bars, values, strict=True):
        ax.text(bar.get_width() * 1.1, bar.get_y() + bar.get_height() / 2, f"{val:,}", va="center")
    ax.set_xlim(left=min(values) / 10, right=max(values) * 30)
    ax.set_xlabel("parameters (log scale)")
    ax.set_title(title)
    fig.tight_layout()
    return once(fig)


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
        colour = _METHODS.get(name.split()[0], "#555555")
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
        bars = ax.bar(xs, vals, width, label=m, color=_METHODS.get(m.split()[0], None))
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


def show_training(histories):
    """Loss and training accuracy per epoch, one line per model.

    Parameters
    ----------
    histories : dict of str to dict
        Model name -> the ``history`` returned by :func:`coursekit.cnn.train`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> h = {"loss": [2.0, 1.0], "train_accuracy": [0.3, 0.6]}
    >>> len(show_training({"gap": h}).axes)
    2
    """
    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.3))
    for name, h in histories.items():
        epochs = np.arange(1, len(h["loss"]) + 1)
        a.plot(epochs, h["loss"], marker="o", label=name)
        b.plot(epochs, 100 * np.asarray(h["train_accuracy"]), marker="o", label=name)
    a.set_title("training loss")
    b.set_title("training accuracy (%)")
    for ax in (a, b):
        ax.set_xlabel("epoch")
        ax.legend()
    fig.tight_layout()
    return once(fig)


def show_shift_accuracy(table):
    """Test accuracy of each model on digits moved by a few pixels.

    Parameters
    ----------
    table : dict of str to dict of str to float
        Model name -> shift label -> accuracy from 0 to 1.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(show_shift_accuracy({"gap": {"none": 0.9, "1 right": 0.8}}).axes)
    1
    """
    models = list(table)
    shifts = list(next(iter(table.values())))
    width = 0.8 / len(models)
    fig, ax = plt.subplots(figsize=(1.5 + 1.5 * len(shifts), 3.6))
    for j, m in enumerate(models):
        vals = [100 * table[m][s] for s in shifts]
        xs = np.arange(len(shifts)) + (j - (len(models) - 1) / 2) * width
        bars = ax.bar(xs, vals, width, label=m)
        for bar, val in zip(bars, vals, strict=True):
            ax.text(
                bar.get_x() + bar.get_width() / 2, val + 1, f"{val:.0f}", ha="center", fontsize=8
            )
    ax.axhline(10, color="grey", ls=":", lw=1)
    ax.text(len(shifts) - 0.5, 11, "chance", color="grey", fontsize=8, ha="right")
    ax.set_xticks(np.arange(len(shifts)), shifts)
    ax.set_ylim(0, 108)
    ax.set_ylabel("test accuracy (%)")
    ax.set_xlabel("test digits moved by")
    ax.legend(fontsize=9)
    fig.tight_layout()
    return once(fig)
