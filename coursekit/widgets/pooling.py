"""The pooling explorer: window, stride, padding, mode and ceil mode on a small map.

Moving a control recomputes the pooling and rebuilds an HTML string, well under
a millisecond for the anchor map. Hovering an output cell outlines the window
that made it (pure CSS, no kernel round trip).
"""

from __future__ import annotations

import html

import numpy as np

from .. import _validation as v
from .._render import CHANGED, fmt, map_table
from ..data import ANCHOR
from ..engine.geometry import window_rects
from ..engine.pooling import pool2d
from .base import assemble, error_html, new_uid, pooling_controls, pooling_settings

__all__ = ["explorer_html", "pooling_explorer"]


def explorer_html(x, kernel_size, stride=None, padding=0, *, mode="max", ceil_mode=False, uid="ck"):
    """The explorer's view: input with padding, arrow, output; or the error.

    Hovering an output cell outlines its window on the input. Bad settings
    (padding over half the window, a window bigger than the map) show the
    engine's own error message instead of an output.

    Parameters
    ----------
    x : (H, W) array_like
        A small map (drawn cell by cell with its numbers).
    kernel_size, stride, padding, mode, ceil_mode
        The pooling, as for :func:`coursekit.pool2d`; ``mode`` and
        ``ceil_mode`` are keyword-only.
    uid : str
        Keyword-only. CSS class that scopes the hover styles.

    Returns
    -------
    str
        HTML; the output array is in ``<code class="ck-values">``, an error in
        ``<div class="ck-error">``.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> "[[20, 11]," in explorer_html(ANCHOR, 2)
    True
    >>> "ck-error" in explorer_html(ANCHOR, 2, padding=2)
    True
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    try:
        out = pool2d(arr, kernel_size, stride, padding, mode=mode, ceil_mode=ceil_mode)
        rects = window_rects(arr.shape, kernel_size, stride, padding, 1, ceil_mode)
    except ValueError as err:
        return f'<div class="{uid}">{map_table(arr)}{error_html(err)}</div>'
    p = padding if isinstance(padding, int) else max(padding)
    pad = (p, p)
    # Ceil mode can reach past the right padding: draw those cells too.
    extra_h = max(0, max(r + h for r, _, h, _ in rects) - arr.shape[0] - p)
    extra_w = max(0, max(c + w for _, c, _, w in rects) - arr.shape[1] - p)
    pad = (p + extra_h, p + extra_w) if (extra_h or extra_w) else pad
    in_classes: dict = {}
    for i, (r, c, h, w) in enumerate(rects):
        for rr in range(r, r + h):
            for cc in range(c, c + w):
                key = (rr + pad[0], cc + pad[1])
                in_classes[key] = in_classes.get(key, "") + f" w{i}"
    out_classes = {(i // out.shape[1], i % out.shape[1]): f"o{i}" for i in range(out.size)}
    lo, hi = float(np.nanmin(arr)), float(np.nanmax(arr))
    mark = f"outline:3px solid {CHANGED};outline-offset:-3px;box-shadow:inset 0 0 0 5px #fff"
    css = "".join(
        f".{uid}:has(.o{i}:hover) .w{i},.{uid}:has(.o{i}:focus) .w{i},"
        f".{uid}:has(.o{i}:hover) .o{i},.{uid}:has(.o{i}:focus) .o{i}{{{mark}}}"
        for i in range(out.size)
    )
    labels = {}
    for i, (r, c, h, w) in enumerate(rects[: out.size]):
        oi, oj = divmod(i, out.shape[1])
        labels[(oi, oj)] = (
            f"output row {oi}, column {oj}: {fmt(out[oi, oj])}, the {mode} of the window at "
            f"rows {r} to {r + h - 1}, columns {c} to {c + w - 1}"
        )
    shape = "x".join(map(str, out.shape))
    table_in = map_table(
        arr,
        lo=lo,
        hi=hi,
        cell_classes=in_classes,
        pad=pad,
        caption=f"input map {arr.shape[0]}x{arr.shape[1]}",
    )
    table_out = map_table(
        out, lo=lo, hi=hi, cell_classes=out_classes, cls="ck-out", focusable=True,
        cell_labels=labels, caption=f"{mode} pooling output {shape}",
    )  # fmt: skip
    return (
        f'<style>{css}</style><div class="{uid}" style="font-family:sans-serif">'
        f'{table_in}<span aria-hidden="true" style="font-size:28px;vertical-align:middle;'
        f'margin:0 8px">&rarr;</span>{table_out}'
        f'<div class="ck-summary">{mode} pooling, output {shape}: '
        f'<code class="ck-values">{html.escape(np.array2string(out, separator=", "))}</code>'
        "<br><small>Hover an output cell, or reach it with the Tab key, to see its window."
        "</small></div></div>"
    )


def pooling_explorer(
    x=None, *, kernel_size=2, stride=2, padding=0, mode="max", ceil_mode=False, max_kernel=4
):
    """Sliders for window, stride and padding, a mode menu and a ceil-mode box.

    Parameters
    ----------
    x : (H, W) array_like, optional
        The map to explore; the anchor map by default. Keep it small (it is
        drawn as a table with numbers).
    kernel_size, stride, padding, mode, ceil_mode
        Starting values, as for :func:`coursekit.pool2d`.
    max_kernel : int
        Largest window the slider offers.

    Returns
    -------
    ipywidgets.VBox
        Its ``.controls`` dict holds the controls by name and ``.view`` the
        HTML widget that shows the result.
    """
    import ipywidgets as w

    arr = ANCHOR if x is None else v.feature_map(x, min_ndim=2, max_ndim=2)
    uid = new_uid("explorer")
    controls = pooling_controls(kernel_size, stride, padding, mode, ceil_mode, max_kernel)
    view = w.HTML()

    def redraw(_=None):
        view.value = explorer_html(arr, **pooling_settings(controls), uid=uid)

    return assemble(controls, view, redraw)
