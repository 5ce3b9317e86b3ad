"""Photographs, masks and digits: pooled, compared, with gradients laid over them.

Each ``show_*`` function draws one figure and returns the matplotlib ``Figure``
(shown once in a notebook, see ``coursekit.figures.display``).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import _validation as v
from ..engine.backward import pool2d_backward
from ..engine.pooling import pool2d
from ..measures.resolution import iou
from .display import once
from .heatmap import TITLES, image_panel

__all__ = [
    "show_digits",
    "show_filters",
    "show_image_gradients",
    "show_image_pooling",
    "show_image_row",
    "show_mask_pooling",
    "show_masks",
    "show_repeated_pooling",
]


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
        image_panel(axes[0], arr[rs, cs], f"input {arr.shape[0]}x{arr.shape[1]} (crop)", lo, hi)
    else:
        image_panel(axes[0], arr, f"input {arr.shape[0]}x{arr.shape[1]}", lo, hi)
    for ax, m, out in zip(axes[1:], modes, outs, strict=True):
        shown = out
        if crop is not None:
            rs, cs = crop
            shown = out[
                slice((rs.start or 0) // sh, -(-(rs.stop or arr.shape[0]) // sh)),
                slice((cs.start or 0) // sw, -(-(cs.stop or arr.shape[1]) // sw)),
            ]
        image_panel(ax, shown, f"{m} pool -> {out.shape[0]}x{out.shape[1]}", lo, hi)
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
        image_panel(ax, st, f"{label}: {st.shape[0]}x{st.shape[1]}", lo, hi)
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
    image_panel(axes[0], arr, f"mask {arr.shape[0]}x{arr.shape[1]}")
    image_panel(axes[1], coarse, f"after {times} {mode} pools: {coarse.shape[0]}x{coarse.shape[1]}")
    image_panel(axes[2], back, f"upsampled back: IoU {score:.3f}")
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
            f"gradient, {TITLES[m]} (red)\n{100 * share:.0f}% of pixels get one", fontsize=10
        )
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
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
