"""Figures of lessons 17, 19 and 20: adaptive windows, images side by side, the small CNN.

Each function draws one figure, shows it once in a notebook and returns the
matplotlib ``Figure``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import _validation as v
from ..engine.adaptive import adaptive_bounds, adaptive_pool2d
from .display import once
from .gradients import annotated_map

__all__ = [
    "show_adaptive_windows",
    "show_image_row",
    "show_training",
    "show_shift_accuracy",
    "show_filters",
    "show_digits",
]


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
    sh, eh = adaptive_bounds(arr.shape[0], oh)
    sw, ew = adaptive_bounds(arr.shape[1], ow)
    fig, axes = plt.subplots(oh, ow, figsize=(2.6 * ow, 2.8 * oh), squeeze=False)
    for i in range(oh):
        for j in range(ow):
            rect = (int(sh[i]), int(sw[j]), int(eh[i] - sh[i]), int(ew[j] - sw[j]))
            annotated_map(axes[i, j], arr, windows=[rect])
            val = out[i, j]
            axes[i, j].set_title(
                f"rows {sh[i]}:{eh[i]}, cols {sw[j]}:{ew[j]}\n{mode} = {val:.4g}", fontsize=9
            )
    fig.tight_layout()
    return once(fig)


def show_image_row(images, *, cmap="gray", size=3.0):
    """Images side by side at the same size on screen, each with its title.

    Parameters
    ----------
    images : dict of str to (H, W) array_like
        Title -> image.
    cmap : str, default "gray"
        Keyword-only.
    size : float, default 3.0
        Keyword-only. Inches per panel.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(show_image_row({"a": np.zeros((4, 4)), "b": np.ones((2, 2))}).axes)
    2
    """
    if not isinstance(images, dict) or not images:
        raise TypeError("`images` must be a non-empty dict of title -> 2-D image")
    fig, axes = plt.subplots(1, len(images), figsize=(size * len(images), size + 0.5))
    axes = np.atleast_1d(axes)
    for ax, (title, img) in zip(axes, images.items(), strict=True):
        arr = v.feature_map(img, "image", 2, 2)
        ax.imshow(arr, cmap=cmap, interpolation="nearest")
        ax.set_title(f"{title}\n{arr.shape[0]}x{arr.shape[1]}", fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
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


def show_filters(w, *, title="learned 3x3 filters"):
    """The filters of a first convolution layer, one small panel each.

    Parameters
    ----------
    w : (F, 1, k, k) array_like

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(show_filters(np.zeros((4, 1, 3, 3))).axes)
    4
    """
    arr = np.asarray(w, dtype=np.float64)
    if arr.ndim != 4 or arr.shape[1] != 1:
        raise ValueError(f"`w` must be first-layer filters (F, 1, k, k); got shape {arr.shape}")
    fig, axes = plt.subplots(1, arr.shape[0], figsize=(1.3 * arr.shape[0], 1.7))
    axes = np.atleast_1d(axes)
    lim = float(np.abs(arr).max()) or 1.0
    for i, ax in enumerate(axes):
        ax.imshow(arr[i, 0], cmap="RdBu_r", vmin=-lim, vmax=lim)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(str(i), fontsize=9)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return once(fig)


def show_digits(images, labels, *, title=None):
    """A row of digit images with their labels.

    Parameters
    ----------
    images : (N, 1, H, W) or (N, H, W) array_like
    labels : (N,) array_like

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(show_digits(np.zeros((3, 1, 8, 8)), [0, 1, 2]).axes)
    3
    """
    arr = np.asarray(images, dtype=np.float64)
    arr = arr[:, 0] if arr.ndim == 4 else arr
    fig, axes = plt.subplots(1, len(arr), figsize=(1.2 * len(arr), 1.6))
    axes = np.atleast_1d(axes)
    for ax, img, lab in zip(axes, arr, labels, strict=True):
        ax.imshow(img, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
        ax.set_title(str(lab), fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return once(fig)
