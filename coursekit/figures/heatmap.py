"""The pieces every figure of a map is drawn from: one annotated heatmap, window
outlines, a grey-scale image panel.

A figure module draws with these and ``coursekit._render`` (number format,
outline colours), so a map looks the same in every lesson.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from .._render import OUTLINE_STYLES, OUTLINES, fmt, text_colour

__all__ = ["TITLES", "annotated_map", "describe", "image_panel", "outline"]

#: How a figure names each pooling in a title.
TITLES = {"max": "max pool", "avg": "average pool", "min": "min pool"}


def annotated_map(
    ax,
    x,
    title=None,
    *,
    cmap="viridis",
    vmin=None,
    vmax=None,
    annotate=True,
    windows=(),
    ticks=False,
    places=2,
    fontsize=None,
):
    """Draw ``x`` as a heatmap with its numbers in the cells, into ``ax``.

    Parameters
    ----------
    ax : matplotlib Axes
    x : (H, W) array_like
    title : str, optional
    cmap : str, default "viridis"
        Keyword-only.
    vmin, vmax : float, optional
        Keyword-only. Colour scale; the map's own range by default.
    annotate : bool, default True
        Keyword-only. Write each value in its cell (maps up to 400 cells), in
        black or white, whichever contrasts more with the cell's colour.
    windows : sequence of (row, col, height, width)
        Keyword-only. Rectangles to outline, in the outline colours.
    ticks : bool, default False
        Keyword-only. Number the rows and columns (maps up to 16 across).
    places : int, default 2
        Keyword-only. Decimal places of non-whole numbers.
    fontsize : float, optional
        Keyword-only. Size of the numbers; by the map's size by default.

    Returns
    -------
    matplotlib.image.AxesImage
    """
    import matplotlib as mpl

    x = np.asarray(x)
    shown = x.astype(np.float64)
    lo = float(np.nanmin(shown)) if vmin is None else float(vmin)
    hi = float(np.nanmax(shown)) if vmax is None else float(vmax)
    img = ax.imshow(shown, cmap=cmap, vmin=lo, vmax=hi)
    if annotate and x.size <= 400:
        colours = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
        span = (hi - lo) or 1.0
        size = fontsize or (11 if x.size <= 36 else 9 if x.size <= 144 else 8)
        for (r, c), val in np.ndenumerate(x):
            t = 0.5 if np.isnan(shown[r, c]) else (shown[r, c] - lo) / span
            rgb = colours(min(max(t, 0.0), 1.0))[:3]
            ax.text(
                c, r, fmt(val, places), ha="center", va="center", fontsize=size,
                color=text_colour(rgb),
            )  # fmt: skip
    for i, rect in enumerate(windows):
        outline(ax, rect, i)
    ax.set_xticks(range(x.shape[1]) if ticks and x.shape[1] <= 16 else [])
    ax.set_yticks(range(x.shape[0]) if ticks and x.shape[0] <= 16 else [])
    if title:
        ax.set_title(title, fontsize=10)
    return img


def outline(ax, rect, i=0, *, lw=3.0, inset=0.0, colour=None, style=None):
    """Frame cells ``(row, col, height, width)`` of a heatmap; window ``i``'s colour and line.

    Window ``i`` gets ``OUTLINES[i]`` and ``OUTLINE_STYLES[i]`` (cycled), so
    neighbours differ in colour *and* line style. ``inset`` moves the frame
    inside the cells' edges (in cells), so frames of neighbouring windows do
    not cover each other.
    """
    r, c, h, w = rect
    colour = colour or OUTLINES[i % len(OUTLINES)]
    style = style or OUTLINE_STYLES[i % len(OUTLINE_STYLES)]
    patch = Rectangle(
        (c - 0.5 + inset, r - 0.5 + inset), w - 2 * inset, h - 2 * inset, fill=False, lw=lw,
        edgecolor=colour, ls=style, capstyle="butt", joinstyle="miter",
    )  # fmt: skip
    ax.add_patch(patch)
    return patch


def image_panel(ax, img, title, vmin=0.0, vmax=1.0, *, cmap="gray"):
    """A grey-scale image without ticks, pixels drawn as blocks."""
    ax.imshow(img, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


def describe(x, name="map") -> str:
    """A map in words for a figure's description: its values when small, else its range.

    >>> describe([[1, 2], [3, 4.5]])
    'a 2x2 map [[1, 2], [3, 4.5]]'
    >>> describe(np.zeros((20, 30)), "image")
    'a 20x30 image, values from 0 to 0'
    """
    arr = np.asarray(x)
    h, w = arr.shape[:2]
    if arr.size <= 36:
        rows = ", ".join("[" + ", ".join(fmt(v) for v in row) + "]" for row in arr)
        return f"a {h}x{w} {name} [{rows}]"
    lo, hi = np.nanmin(arr.astype(float)), np.nanmax(arr.astype(float))
    return f"a {h}x{w} {name}, values from {fmt(lo)} to {fmt(hi)}"
