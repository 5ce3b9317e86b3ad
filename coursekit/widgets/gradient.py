"""A slider explorer for lesson 15: where each pooling sends the gradient.

Drawn as HTML tables (no figure to render), so a redraw is instant. The view
shows the input map, the upstream gradient (1 in every output cell) and the
gradient that reaches each input cell; the gradient array is in a
``<code class="ck-values">`` element for browser tests.
"""

from __future__ import annotations

import html

import numpy as np

from .. import _validation as v
from .._render import map_table
from ..data import ANCHOR
from ..engine.backward import pool2d_backward
from ..engine.geometry import output_size
from .base import ARROW, assemble, error_html, new_uid, pooling_controls, pooling_settings

__all__ = ["gradient_explorer", "gradient_html"]


def gradient_html(x, kernel_size, stride=None, padding=0, *, mode="max", ceil_mode=False):
    """The explorer's view: input, upstream gradient of ones, gradient; or the error.

    Parameters
    ----------
    x, kernel_size, stride, padding, mode, ceil_mode
        The map and the pooling, as for :func:`coursekit.pool2d` (mode and
        ceil_mode keyword-only); the upstream gradient is 1 in every output cell.

    Returns
    -------
    str
        HTML; the gradient array is in ``<code class="ck-values">``, an error
        (impossible settings) in ``<div class="ck-error">``.

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> "[[0.25, 0.25, 0.25, 0.25]," in gradient_html(ANCHOR, 2, mode="avg")
    True
    >>> "ck-error" in gradient_html(ANCHOR, 2, padding=2)
    True
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    try:
        oh, ow = output_size(arr.shape, kernel_size, stride, padding, ceil_mode=ceil_mode)
        ones = np.ones((oh, ow))
        grad = pool2d_backward(
            arr, ones, kernel_size, stride, padding, mode=mode, ceil_mode=ceil_mode
        )
    except ValueError as err:
        return f'<div style="font-family:sans-serif">{map_table(arr)}{error_html(err)}</div>'
    reached = int(np.count_nonzero(grad))
    label = '<div style="font-size:12px;color:#555">{}</div>'
    hi = float(grad.max()) or 1.0

    def block(title, table):
        style = "display:inline-block;vertical-align:middle"
        return f'<div style="{style}">{label.format(title)}{table}</div>'

    values = html.escape(np.array2string(grad, separator=", "))
    return (
        '<div style="font-family:sans-serif">'
        + block("input map", map_table(arr))
        + ARROW
        + block(f"upstream gradient ({oh}x{ow})", map_table(ones, lo=0, hi=1))
        + ARROW
        + block(f"gradient, {mode} pooling", map_table(grad, lo=0, hi=hi, cls="ck-out"))
        + f'<div class="ck-summary">{reached} of {arr.size} cells receive a gradient, '
        f"total {grad.sum():g} of the {ones.size} sent back: "
        f'<code class="ck-values">{values}</code></div></div>'
    )


def gradient_explorer(
    x=None, *, kernel_size=2, stride=2, padding=0, mode="max", ceil_mode=False, max_kernel=4
):
    """Sliders for window, stride and padding; the gradient map follows them.

    Parameters
    ----------
    x : (H, W) array_like, optional
        The map; the anchor map by default. Keep it small (drawn with numbers).
    kernel_size, stride, padding, mode, ceil_mode
        Keyword-only. Starting values, as for :func:`coursekit.pool2d`.
    max_kernel : int, default 4
        Keyword-only. Largest window the slider offers.

    Returns
    -------
    ipywidgets.VBox
        ``.controls`` holds the controls by name (``mode``, ``kernel_size``,
        ``stride``, ``padding``, ``ceil_mode``), ``.view`` the HTML widget with
        the result, ``.redraw()`` redraws.

    Examples
    --------
    >>> box = gradient_explorer()
    >>> box.controls["mode"].value = "avg"
    >>> "0.25" in box.view.value
    True
    """
    import ipywidgets as w

    arr = ANCHOR if x is None else v.feature_map(x, min_ndim=2, max_ndim=2)
    controls = pooling_controls(kernel_size, stride, padding, mode, ceil_mode, max_kernel)
    view = w.HTML()
    view.add_class(new_uid("gradient"))

    def redraw(_=None):
        view.value = gradient_html(arr, **pooling_settings(controls))

    return assemble(controls, view, redraw)
