"""Interactive explorers built with ipywidgets.

A redraw must feel instant, so the small maps are drawn as HTML tables (no
figure to render): moving a slider recomputes the pooling and rebuilds a
string, well under a millisecond for the anchor map. Hovering an output cell
outlines the window that made it (pure CSS, no kernel round trip).
"""

from __future__ import annotations

import html
import itertools

import numpy as np

from . import _validation as v
from .data import ANCHOR
from .plotting import window_rects
from .pooling import pool2d

__all__ = ["pooling_explorer", "explorer_html", "map_table"]

_ids = itertools.count()
_PALETTE = None


def _palette():
    global _PALETTE
    if _PALETTE is None:
        from matplotlib import colormaps

        rgba = colormaps["viridis"](np.linspace(0, 1, 256))
        _PALETTE = [
            "#{:02x}{:02x}{:02x}".format(*tuple(int(255 * c) for c in row[:3])) for row in rgba
        ]
    return _PALETTE


def _fmt(val) -> str:
    if isinstance(val, (float, np.floating)):
        if np.isnan(val):
            return "nan"
        return f"{val:.2f}".rstrip("0").rstrip(".") if val != int(val) else str(int(val))
    return str(val)


def map_table(x, *, lo=None, hi=None, cell_classes=None, cls="", pad=(0, 0), size=34):
    """An HTML table of a 2-D map, coloured like the heatmaps, numbers in cells.

    ``pad`` rows/columns of grey padding cells are drawn around the map;
    ``cell_classes`` maps (row, col) in padded coordinates to CSS class names.
    """
    x = np.asarray(x)
    pal = _palette()
    lo = float(np.nanmin(x)) if lo is None else lo
    hi = float(np.nanmax(x)) if hi is None else hi
    span = (hi - lo) or 1.0
    ph, pw = pad
    H, W = x.shape
    rows = []
    for r in range(-ph, H + ph):
        cells = []
        for c in range(-pw, W + pw):
            classes = (cell_classes or {}).get((r + ph, c + pw), "")
            if 0 <= r < H and 0 <= c < W:
                val = x[r, c]
                t = 0.5 if np.isnan(val) else (float(val) - lo) / span
                t = min(max(t, 0.0), 1.0)
                bg = pal[int(t * 255)]
                fg = "black" if t > 0.55 else "white"
                text = _fmt(val)
            else:
                bg, fg, text = "#dddddd", "#888888", "pad"
            cells.append(
                f'<td class="{classes}" style="background:{bg};color:{fg};width:{size}px;'
                f'height:{size}px;text-align:center;font:13px monospace;padding:0">{text}</td>'
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="{cls}" style="border-collapse:separate;border-spacing:2px;'
        f'display:inline-table;margin:4px">' + "".join(rows) + "</table>"
    )


def explorer_html(x, kernel_size, stride=None, padding=0, *, mode="max", ceil_mode=False, uid="ck"):
    """The explorer's view: input with padding, arrow, output; or the error.

    Hovering an output cell outlines its window on the input. Bad settings
    (padding over half the window, a window bigger than the map) show the
    engine's own error message instead of an output.
    """
    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    try:
        out = pool2d(arr, kernel_size, stride, padding, mode=mode, ceil_mode=ceil_mode)
        rects = window_rects(arr.shape, kernel_size, stride, padding, 1, ceil_mode)
    except ValueError as err:
        return (
            f'<div class="{uid}">{map_table(arr)}<div class="ck-error" style="color:#b00020;'
            f'font-family:sans-serif;max-width:560px">{html.escape(str(err))}</div></div>'
        )
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
    css = "".join(
        f".{uid}:has(.o{i}:hover) .w{i}{{outline:3px solid #ff3b30;outline-offset:-3px}}"
        f".{uid}:has(.o{i}:hover) .o{i}{{outline:3px solid #ff3b30;outline-offset:-3px}}"
        for i in range(out.size)
    )
    shape = "x".join(map(str, out.shape))
    return (
        f'<style>{css}</style><div class="{uid}" style="font-family:sans-serif">'
        f"{map_table(arr, lo=lo, hi=hi, cell_classes=in_classes, pad=pad)}"
        '<span style="font-size:28px;vertical-align:middle;margin:0 8px">&rarr;</span>'
        f"{map_table(out, lo=lo, hi=hi, cell_classes=out_classes, cls='ck-out')}"
        f'<div class="ck-summary">{mode} pooling, output {shape}: '
        f'<code class="ck-values">{html.escape(np.array2string(out, separator=", "))}</code>'
        "<br><small>Hover an output cell to see its window.</small></div></div>"
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
    uid = f"ck-explorer-{next(_ids)}"
    controls = {
        "mode": w.Dropdown(options=["max", "avg", "min"], value=mode, description="mode"),
        "kernel_size": w.IntSlider(value=kernel_size, min=1, max=max_kernel, description="window"),
        "stride": w.IntSlider(value=stride, min=1, max=max_kernel, description="stride"),
        "padding": w.IntSlider(value=padding, min=0, max=max_kernel // 2, description="padding"),
        "ceil_mode": w.Checkbox(value=ceil_mode, description="ceil mode"),
    }
    view = w.HTML()

    def redraw(_=None):
        view.value = explorer_html(
            arr,
            controls["kernel_size"].value,
            controls["stride"].value,
            controls["padding"].value,
            mode=controls["mode"].value,
            ceil_mode=controls["ceil_mode"].value,
            uid=uid,
        )

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    box = w.VBox(
        [
            w.HBox([controls["mode"], controls["ceil_mode"]]),
            w.HBox([controls["kernel_size"], controls["stride"], controls["padding"]]),
            view,
        ]
    )
    box.controls, box.view, box.redraw = controls, view, redraw
    return box
