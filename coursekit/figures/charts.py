"""Charts: lines and bars of what the lessons measure (noise, parameters, shifts, training).

Each ``show_*`` function draws one figure and returns the matplotlib ``Figure``
(shown once in a notebook, see ``coursekit.figures.display``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import _validation as v
from .._render import METHODS, OKABE_ITO, fmt
from ..measures.noise import global_spread
from .display import once

_OTHER = {"color": "#555555", "ls": "-", "marker": "o", "hatch": ""}


def style(name: str, i: int = 0) -> dict:
    """Colour, line style, marker and hatch of a method ("max pool" -> "max"), or of series i."""
    key = (name.split() or [""])[0].split("-")[0].lower()
    if key in METHODS:
        return METHODS[key]
    return dict(_OTHER, color=OKABE_ITO[i % len(OKABE_ITO)])


def _line(ax, xs, ys, name, label, i=0):
    s = style(name, i)
    ax.plot(xs, ys, color=s["color"], ls=s["ls"], marker=s["marker"], label=label)


def _values(a) -> str:
    return "[" + ", ".join(fmt(t) for t in a) + "]"


def _series(xs, ys) -> str:
    return ", ".join(f"{fmt(x)}: {fmt(y, 3)}" for x, y in zip(xs, ys, strict=True))


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
    said = []
    for i, m in enumerate(modes):
        err = [noise_error(arr, s, kernel_size, mode=m, trials=trials) for s in sig]
        _line(ax, sig, err, m, f"{m} pooling", i)
        said.append(f"{m} pooling ({_series(sig, err)})")
    kh, kw = arr.shape if kernel_size is None else v.pair(kernel_size, "kernel_size")
    ax.plot(sig, sig / np.sqrt(kh * kw), "k:", label=f"sigma / sqrt({kh * kw})")
    where = "global" if kernel_size is None else f"{kh}x{kw} window"
    ax.set_xlabel("noise sigma")
    ax.set_ylabel("RMS change of pooled value")
    ax.set_title(f"Noise in, noise out ({where})")
    ax.legend()
    fig.tight_layout()
    alt = f"Line chart, RMS change of the pooled value against noise sigma ({where}): "
    return once(fig, alt + "; ".join(said) + f"; dotted reference sigma / sqrt({kh * kw}).")


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
    _line(ax, sig, spread["max"], "max", "global max")
    _line(ax, sig, spread["avg"], "avg", "global average")
    ax.plot(sig, sig / np.sqrt(n), ":", color="black", label=f"sigma / sqrt({n})")
    ax.set_xlabel("noise sigma per cell")
    ax.set_ylabel("spread (std) of the pooled value")
    ax.set_title(f"Global pooling of a {arr.shape[0]}x{arr.shape[1]} map under noise")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    alt = (
        f"Line chart, spread of the pooled value of a {arr.shape[0]}x{arr.shape[1]} map against "
        f"noise sigma: global max ({_series(sig, spread['max'])}); global average "
        f"({_series(sig, spread['avg'])}); dotted reference sigma / sqrt({n})."
    )
    return once(fig, alt)


def show_head_params(counts, *, title="Classifier head parameters", log=False):
    """Bar chart of parameter counts, one bar per labelled design.

    Each bar is labelled with its count and how many times the smallest it
    is, so the ratio reads right on either scale. Use ``log=True`` only when
    the counts span several orders of magnitude: on a log axis a 49x gap
    looks like a 2x one.

    Parameters
    ----------
    counts : dict of str -> int
        Label -> number of parameters, e.g. from :func:`coursekit.head_params`.
    title : str
        Keyword-only.
    log : bool, default False
        Keyword-only. A logarithmic axis (its label says so).

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
    bars = ax.barh(labels, values, color=[style("", i)["color"] for i in range(len(labels))])
    ax.invert_yaxis()
    small = min(values) or 1
    said = []
    for bar, val in zip(bars, values, strict=True):
        times = f" ({val / small:,.1f}x)" if val != small else ""
        x = bar.get_width() * 1.1 if log else bar.get_width() + 0.01 * max(values)
        ax.text(x, bar.get_y() + bar.get_height() / 2, f"{val:,}{times}", va="center")
        said.append(f"{val:,}{times}")
    if log:
        ax.set_xscale("log")
        ax.set_xlim(left=small / 10, right=max(values) * 60)
    else:
        ax.set_xlim(left=0, right=max(values) * 1.45)
    ax.set_xlabel("parameters (log scale)" if log else "parameters")
    ax.set_title(title)
    fig.tight_layout()
    bars_said = "; ".join(f"{lab}: {said_}" for lab, said_ in zip(labels, said, strict=True))
    scale = "logarithmic" if log else "linear"
    return once(fig, f"Bar chart ({scale} axis), {title}: {bars_said}.")


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
    _pair(axes[0], sig[0], moved[0], "#777777", f"moved {shift}")
    axes[0].set_title("input")
    said = [f"input {_values(sig[0])}, moved {shift}: {_values(moved[0])}"]
    for ax, (name, f) in zip(axes[1:], pools.items(), strict=True):
        a, b = np.asarray(f(sig))[0], np.asarray(f(moved))[0]
        _pair(ax, a, b, style(name)["color"], "moved")
        change = float(np.abs(a - b).mean())
        ax.set_title(f"{name}\nmean change {change:.2f}", fontsize=10)
        said.append(f"{name}: {_values(a)} before, {_values(b)} after, mean change {change:.2f}")
    for ax in axes:
        ax.set_ylim(-0.1, 1.15)
    fig.tight_layout()
    return once(
        fig,
        "Step plots of a 1-D signal and its pooled outputs, before and after a move: "
        + "; ".join(said)
        + ".",
    )


def _pair(ax, before, after, colour, moved_label):
    """Before: a wide pale line with circles; after: a thin black dashed line with crosses.

    Where the two agree, the dashes run along the wide line and both stay visible.
    """
    xs = np.arange(before.size)
    ax.plot(xs, before, drawstyle="steps-mid", color=colour, lw=5, alpha=0.55, marker="o",
            ms=7, label="input")  # fmt: skip
    ax.plot(xs, after, drawstyle="steps-mid", color="black", lw=1.6, ls="--", marker="x",
            ms=7, label=moved_label)  # fmt: skip
    ax.legend(fontsize=8, loc="lower right")


def show_consistency(scores, *, title="Shift consistency: share of pooled cells unchanged"):
    """Grouped bars: one group per image, one bar per pooling method.

    Parameters
    ----------
    scores : dict of str to dict of str to float
        Image name -> method name -> consistency from 0 to 1 (e.g. from
        :func:`coursekit.shift_consistency`).
    title : str
        Keyword-only. Drawn above the bars and repeated in the description.

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
        look = style(m, j)
        bars = ax.bar(xs, vals, width, label=m, color=look["color"], hatch=look["hatch"],
                      edgecolor="white")  # fmt: skip
        for bar, val in zip(bars, vals, strict=True):
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                val + 0.3,
                f"{val:.1f}",
                ha="center",
                va="bottom",
                fontsize=8,
            )
    ax.set_ylim(0, 118)  # from zero: bar lengths compare as the numbers do
    ax.set_yticks(range(0, 101, 20))
    ax.set_xticks(np.arange(len(images)), images)
    ax.set_ylabel("% of cells unchanged")
    ax.set_title(title, fontsize=11)
    ax.legend(fontsize=9, loc="upper center", ncol=len(methods), frameon=False)
    fig.tight_layout()
    said = "; ".join(
        f"{img}: " + ", ".join(f"{m} {100 * scores[img][m]:.1f}%" for m in methods)
        for img in images
    )
    return once(fig, f"Bar chart from 0 to 100%, {title}: {said}.")


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
    said = []
    for i, (name, h) in enumerate(histories.items()):
        epochs = np.arange(1, len(h["loss"]) + 1)
        _line(a, epochs, h["loss"], name, name, i)
        _line(b, epochs, 100 * np.asarray(h["train_accuracy"]), name, name, i)
        said.append(
            f"{name}: {len(epochs)} epochs, loss {h['loss'][0]:.2f} to {h['loss'][-1]:.2f}, "
            f"training accuracy {100 * h['train_accuracy'][0]:.0f}% to "
            f"{100 * h['train_accuracy'][-1]:.0f}%"
        )
    a.set_title("training loss")
    b.set_title("training accuracy (%)")
    for ax in (a, b):
        ax.set_xlabel("epoch")
        ax.legend()
    fig.tight_layout()
    return once(
        fig, "Line charts of training loss and accuracy per epoch: " + "; ".join(said) + "."
    )


def show_shift_accuracy(table):
    """Test accuracy of each model on digits moved by a few pixels.

    With one accuracy per seed, each bar is the mean over seeds, a black
    line spans the lowest to the highest seed, and a dot marks each seed.

    Parameters
    ----------
    table : dict of str to dict of str to float or sequence of float
        Model name -> shift label -> accuracy from 0 to 1, or one accuracy
        per seed (e.g. from ``shift_study``).

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
    wide = len(shifts) > 6
    fig, ax = plt.subplots(figsize=(1.5 + (0.75 if wide else 1.5) * len(shifts), 3.8))
    said = []
    for j, m in enumerate(models):
        runs = [100 * np.atleast_1d(np.asarray(table[m][s], dtype=float)) for s in shifts]
        means = [float(r.mean()) for r in runs]
        xs = np.arange(len(shifts)) + (j - (len(models) - 1) / 2) * width
        look = style(m, j)
        ax.bar(xs, means, width, label=m, color=look["color"], hatch=look["hatch"],
               edgecolor="white")  # fmt: skip
        for x, r in zip(xs, runs, strict=True):
            if r.size > 1:
                ax.vlines(x, r.min(), r.max(), color="black", lw=1.2)
                ax.plot(np.full(r.size, x), r, "o", color="black", ms=2.5)
            top = r.max()
            ax.text(x, top + 1, f"{r.mean():.0f}", ha="center", fontsize=7 if wide else 8)
        said.append(f"{m}: " + ", ".join(
            f"{s} {r.mean():.0f}%" + (f" ({r.min():.0f}-{r.max():.0f})" if r.size > 1 else "")
            for s, r in zip(shifts, runs, strict=True)
        ))  # fmt: skip
    ax.axhline(10, color="#555555", ls=":", lw=1)
    ax.text(len(shifts) - 0.5, 11, "chance", color="#555555", fontsize=8, ha="right")
    ax.set_xticks(np.arange(len(shifts)), shifts, rotation=45 if wide else 0,
                  ha="right" if wide else "center")  # fmt: skip
    ax.set_ylim(0, 112)
    ax.set_ylabel("test accuracy (%)")
    ax.set_xlabel("test digits moved by")
    ax.legend(fontsize=9)
    n = max(np.atleast_1d(np.asarray(table[m][shifts[0]])).size for m in models)
    if n > 1:
        ax.set_title(f"mean of {n} seeds; lines span the lowest to the highest seed", fontsize=10)
    fig.tight_layout()
    runs_said = f" (mean over {n} seeds, lowest-highest in brackets)" if n > 1 else ""
    return once(
        fig, f"Bar chart of test accuracy on moved digits{runs_said}: " + "; ".join(said) + "."
    )
