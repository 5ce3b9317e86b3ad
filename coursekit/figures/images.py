"""Photographs, masks and digits: pooled, compared, with gradients laid over them.

Pictures are drawn pixel by pixel in grey (no numbers): every ``show_*`` here
returns its matplotlib ``Figure``, shown once in a notebook by
``coursekit.figures.display.once`` with a description of what it shows.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .. import _validation as v
from ..engine.backward import pool2d_backward
from ..engine.pooling import pool2d
from ..measures.resolution import iou
from .display import once, panel_titles
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
    rs, cs = crop if crop is not None else (slice(None), slice(None))
    part = arr[rs, cs]
    whole = f"{arr.shape[0]}x{arr.shape[1]}"
    if crop is None:
        image_panel(axes[0], arr, f"input {whole}", lo, hi)
    else:
        r0, c0 = rs.indices(arr.shape[0])[0], cs.indices(arr.shape[1])[0]
        where = f"rows {r0}-{r0 + part.shape[0] - 1}, cols {c0}-{c0 + part.shape[1] - 1}"
        image_panel(
            axes[0],
            part,
            f"input: {part.shape[0]}x{part.shape[1]} crop\n({where} of {whole})",
            lo,
            hi,
        )
    said = []
    for ax, m, out in zip(axes[1:], modes, outs, strict=True):
        shown = out
        if crop is not None:
            shown = out[
                slice(r0 // sh, -(-(r0 + part.shape[0]) // sh)),
                slice(c0 // sw, -(-(c0 + part.shape[1]) // sw)),
            ]
        size = f"{shown.shape[0]}x{shown.shape[1]}"
        full = f"{out.shape[0]}x{out.shape[1]}"
        title = (
            f"{m} pool -> {full}"
            if crop is None
            else f"{m} pool -> {full}:\n{size} of it, same region"
        )
        image_panel(ax, shown, title, lo, hi)
        said.append(f"{m}-pooled to {full}" + ("" if crop is None else f", its {size} part shown"))
    fig.tight_layout()
    first = (
        f"A {whole} photograph"
        if crop is None
        else f"A {part.shape[0]}x{part.shape[1]} crop of a {whole} photograph"
    )
    alt = (
        f"{first}, pooled with a {v.pair(kernel_size, 'kernel_size')[0]}-pixel window: "
        + "; ".join(said)
    )
    return once(
        fig, alt + ". Each panel is drawn at the same size, so pooled pixels show as blocks."
    )


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
    sizes = " -> ".join(f"{st.shape[0]}x{st.shape[1]}" for st in stages)
    alt = f"An image {mode}-pooled {times} times, {sizes}, every stage drawn at the same size."
    return once(fig, alt)


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
    return once(
        fig,
        "A segmentation mask, its coarse pooled copy and that copy upsampled back: "
        + panel_titles(fig),
    )


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
    return once(fig, "Masks side by side: " + panel_titles(fig))


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
        overlay[..., :3] = (0.0, 0.447, 0.698)  # Okabe-Ito blue where a gradient arrives
        overlay[..., 3] = 0.6 * grad / (grad.max() or 1.0)
        ax.imshow(overlay, interpolation="nearest")
        ax.set_title(
            f"gradient, {TITLES[m]} (blue)\n{100 * share:.0f}% of pixels get one", fontsize=10
        )
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    alt = f"A {shown.shape[0]}x{shown.shape[1]} image; in blue over it, pixels given a gradient: "
    return once(fig, alt + panel_titles(fig))


def show_image_row(images, *, cmap="gray", size=3.0, to_scale=False):
    """Images side by side, each with its title and size.

    Parameters
    ----------
    images : dict of str to (H, W) array_like
        Title -> image.
    cmap : str, default "gray"
        Keyword-only.
    size : float, default 3.0
        Keyword-only. Inches per panel.
    to_scale : bool, default False
        Keyword-only. Draw each image at its true size against the largest
        (a 128x128 image takes a quarter of the width of a 512x512 one), so
        a shrink shows as a smaller picture; by default every image fills
        its panel, so a shrink shows as coarser pixels.

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
    arrays = {t: v.feature_map(img, "image", 2, 2) for t, img in images.items()}
    widths = [a.shape[1] for a in arrays.values()] if to_scale else [1] * len(arrays)
    tallest = max(a.shape[0] for a in arrays.values())
    fig, axes = plt.subplots(
        1, len(arrays), figsize=(max(size * len(arrays), 2.0 * len(arrays)), size + 0.5),
        gridspec_kw={"width_ratios": widths},
    )  # fmt: skip
    axes = np.atleast_1d(axes)
    for ax, (title, arr) in zip(axes, arrays.items(), strict=True):
        ax.imshow(arr, cmap=cmap, interpolation="nearest")
        if to_scale:  # the same pixels per inch in every panel, images at the top
            ax.set_ylim(tallest - 0.5, -0.5)
            ax.set_anchor("N")
        ax.set_title(f"{title}\n{arr.shape[0]}x{arr.shape[1]}", fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
        if to_scale:
            ax.spines[["left", "right", "bottom", "top"]].set_visible(False)
    fig.tight_layout()
    scale = " drawn to scale" if to_scale else " each filling its panel"
    sizes = "; ".join(f"{t}, {a.shape[0]}x{a.shape[1]}" for t, a in arrays.items())
    return once(fig, f"{len(arrays)} images side by side,{scale}: {sizes}.")


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
    k = arr.shape[2]
    alt = (
        f"{title}: {arr.shape[0]} {k}x{k} filters, red for positive and blue for negative weights."
    )
    return once(fig, alt)


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
    named = ", ".join(str(lab) for lab in labels)
    h, w = arr.shape[1:]
    return once(
        fig, f"{title + ': ' if title else ''}{len(arr)} {h}x{w} digit images, labelled {named}."
    )
