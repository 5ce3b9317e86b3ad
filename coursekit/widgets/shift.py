"""The shift explorer: move a map pixel by pixel and see when max pooling notices."""

from __future__ import annotations

import html

import numpy as np

from .. import _validation as v
from .._render import CHANGED, map_table
from ..engine.pooling import pool2d
from ..measures.shifting import pooled_change, shift_map
from .base import ARROW, assemble, error_html, new_uid

__all__ = ["shift_explorer", "shift_html"]


def _grid_classes(shape, kernel_size):
    """CSS classes that draw the window grid (stride = window) on a map table."""
    kh, kw = v.pair(kernel_size, "kernel_size")
    h, w = shape
    classes = {}
    for r in range(h):
        for c in range(w):
            names = []
            if (c + 1) % kw == 0 and c + 1 < w:
                names.append("ckR")
            if (r + 1) % kh == 0 and r + 1 < h:
                names.append("ckB")
            classes[(r, c)] = " ".join(names)
    return classes


def _default_shift_map():
    x = np.zeros((6, 6), dtype=np.int64)
    x[2, 2] = 9
    return x


def shift_html(x, down=0, right=0, *, kernel_size=2, uid="ck-shift"):
    """The shift explorer's view: map and shifted map, each pooled; changes in red.

    Parameters
    ----------
    x : (H, W) array_like
        The map before the shift.
    down, right : int
        The shift in pixels; cells moved in from outside are 0.
    kernel_size : int or (int, int), default 2
        Keyword-only. Max pooling window, stride = window.
    uid : str
        Keyword-only. CSS class that scopes this view's styles.

    Returns
    -------
    str
        HTML; the shifted map's pooled output is in ``<code class="ck-values">``
        and the verdict in ``<div class="ck-verdict">``.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> "changed" in shift_html(ANCHOR, right=1)
    True
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    moved = shift_map(arr, down, right)
    try:
        before = pool2d(arr, kernel_size, mode="max")
        after = pool2d(moved, kernel_size, mode="max")
    except ValueError as err:
        return error_html(err, uid)
    changed = pooled_change(arr, moved, kernel_size)
    lo, hi = float(np.min(arr)), float(np.max(arr))
    grid = _grid_classes(arr.shape, kernel_size)
    out_classes = {(int(r), int(c)): "ckC" for r, c in zip(*np.nonzero(changed), strict=True)}
    n = int(changed.sum())
    if n == 0:
        verdict = "No change: every window kept its maximum (any move stayed inside its window)."
        colour = "#1a7f37"
    else:
        verdict = (
            f"Output changed in {n} of {changed.size} cells: a strong value crossed a window "
            "boundary. Max pooling is invariant only to moves inside a window."
        )
        colour = "#b35900"
    css = (
        f".{uid} td.ckR{{border-right:3px solid #222}}"
        f".{uid} td.ckB{{border-bottom:3px solid #222}}"
        f".{uid} td.ckC{{outline:3px solid {CHANGED};outline-offset:-3px;"
        "box-shadow:inset 0 0 0 5px #fff}"
    )

    def row(label, m, out, classes):
        return (
            f'<div><div style="font-weight:bold">{label}</div>'
            f"{map_table(m, lo=lo, hi=hi, cell_classes=grid)}{ARROW}"
            f"{map_table(out, lo=lo, hi=hi, cell_classes=classes)}</div>"
        )

    values = html.escape(np.array2string(after, separator=", "))
    return (
        f'<style>{css}</style><div class="{uid}" style="font-family:sans-serif">'
        + row("before", arr, before, {})
        + row(f"moved {down} down, {right} right", moved, after, out_classes)
        + f'<div class="ck-verdict" style="color:{colour}">{html.escape(verdict)}</div>'
        f'<div>max pool after the move: <code class="ck-values">{values}</code></div></div>'
    )


def shift_explorer(x=None, *, kernel_size=2):
    """Sliders that move a map pixel by pixel, showing when max pooling notices.

    Parameters
    ----------
    x : (H, W) array_like, optional
        The map to move; by default a 6x6 map of zeros with one strong
        activation (9) at row 2, column 2. Pass your own map to test it, e.g.
        the one you built in exercise 2.
    kernel_size : int or (int, int), default 2
        Keyword-only. Max pooling window, stride = window.

    Returns
    -------
    ipywidgets.VBox
        ``.controls`` holds the ``"down"`` and ``"right"`` sliders, ``.view``
        the HTML widget (see :func:`shift_html`), ``.redraw`` redraws it.
    """
    import ipywidgets as w

    arr = _default_shift_map() if x is None else v.feature_map(x, min_ndim=2, max_ndim=2)
    kh, kw = v.pair(kernel_size, "kernel_size")
    v.at_least((kh, kw), "kernel_size", 1)
    h, wd = arr.shape
    uid = new_uid("shift")
    controls = {
        name: w.IntSlider(
            value=0,
            min=-(n - 1),
            max=n - 1,
            description=name,
            tooltip=f"pixels to move the map {name} (negative: the other way)",
        )  # fmt: skip
        for name, n in (("down", h), ("right", wd))
    }
    view = w.HTML()

    def redraw(_=None):
        view.value = shift_html(
            arr,
            controls["down"].value,
            controls["right"].value,
            kernel_size=(kh, kw),
            uid=uid,
        )

    return assemble(controls, view, redraw, rows=[["down", "right"]])
