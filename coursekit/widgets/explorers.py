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

from .. import _validation as v
from ..data import ANCHOR
from ..engine.geometry import window_rects
from ..engine.pooling import pool2d

__all__ = [
    "explorer_html",
    "map_table",
    "noise_explorer",
    "noise_html",
    "pooling_explorer",
    "shift_explorer",
    "shift_html",
]

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

    Parameters
    ----------
    x : (H, W) array_like
        The map.
    lo, hi : float, optional
        Keyword-only. Value range of the colour scale; the map's own by default.
    cell_classes : dict of (int, int) -> str, optional
        Keyword-only. CSS classes per cell, in padded coordinates.
    cls : str
        Keyword-only. CSS class of the table.
    pad : (int, int), default (0, 0)
        Keyword-only. Rows and columns of grey "pad" cells drawn around the map.
    size : int, default 34
        Keyword-only. Cell side in pixels.

    Returns
    -------
    str
        ``<table>`` HTML with ``(H + 2 pH) * (W + 2 pW)`` cells.

    Examples
    --------
    >>> map_table([[1, 2]], pad=(1, 0)).count("<td")
    6
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

    Parameters
    ----------
    x : (H, W) array_like
        A small map.
    kernel_size, stride, padding
        As for :func:`coursekit.pool2d`.
    mode : {"max", "avg", "min"}, default "max"
        Keyword-only.
    ceil_mode : bool, default False
        Keyword-only.
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


def _pooling_controls(*, kernel_size, stride, padding, mode, ceil_mode, max_kernel):
    """The five controls every pooling explorer shares, by name."""
    import ipywidgets as w

    return {
        "mode": w.Dropdown(options=["max", "avg", "min"], value=mode, description="mode"),
        "kernel_size": w.IntSlider(value=kernel_size, min=1, max=max_kernel, description="window"),
        "stride": w.IntSlider(
            value=kernel_size if stride is None else stride,
            min=1,
            max=max_kernel,
            description="stride",
        ),
        "padding": w.IntSlider(value=padding, min=0, max=max_kernel // 2, description="padding"),
        "ceil_mode": w.Checkbox(value=ceil_mode, description="ceil mode"),
    }


def _pooling_settings(controls) -> dict:
    """The pooling controls' values as keyword arguments for the engine."""
    return {
        "kernel_size": controls["kernel_size"].value,
        "stride": controls["stride"].value,
        "padding": controls["padding"].value,
        "mode": controls["mode"].value,
        "ceil_mode": controls["ceil_mode"].value,
    }


def _assemble(controls, view, redraw, extra_rows=()):
    """Wire every control to ``redraw``, draw once, and lay the explorer out.

    The pooling controls come first (mode and ceil mode, then the three
    sliders), then ``extra_rows`` (lists of control names), then the view.
    The box carries ``.controls``, ``.view`` and ``.redraw``.
    """
    import ipywidgets as w

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    rows = [["mode", "ceil_mode"], ["kernel_size", "stride", "padding"], *extra_rows]
    box = w.VBox([w.HBox([controls[name] for name in row]) for row in rows] + [view])
    box.controls, box.view, box.redraw = controls, view, redraw
    return box


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
    controls = _pooling_controls(
        kernel_size=kernel_size,
        stride=stride,
        padding=padding,
        mode=mode,
        ceil_mode=ceil_mode,
        max_kernel=max_kernel,
    )
    view = w.HTML()

    def redraw(_=None):
        view.value = explorer_html(arr, **_pooling_settings(controls), uid=uid)

    return _assemble(controls, view, redraw)


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
    from ..measures.shifting import pooled_change, shift_map

    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    moved = shift_map(arr, down, right)
    try:
        before = pool2d(arr, kernel_size, mode="max")
        after = pool2d(moved, kernel_size, mode="max")
    except ValueError as err:
        return f'<div class="{uid} ck-error" style="color:#b00020">{html.escape(str(err))}</div>'
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
        f".{uid} td.ckC{{outline:3px solid #ff3b30;outline-offset:-3px}}"
    )
    arrow = '<span style="font-size:24px;vertical-align:middle;margin:0 8px">&rarr;</span>'

    def row(label, m, out, classes):
        return (
            f'<div><div style="font-weight:bold">{label}</div>'
            f"{map_table(m, lo=lo, hi=hi, cell_classes=grid)}{arrow}"
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
    uid = f"ck-shift-{next(_ids)}"
    controls = {
        "down": w.IntSlider(value=0, min=-(h - 1), max=h - 1, description="down"),
        "right": w.IntSlider(value=0, min=-(wd - 1), max=wd - 1, description="right"),
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

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    box = w.VBox([w.HBox([controls["down"], controls["right"]]), view])
    box.controls, box.view, box.redraw = controls, view, redraw
    return box


def noise_html(x, sigma, *, seed=0, kernel_size=4, trials=200, uid="ck-noise"):
    """The noise explorer's view: a noisy map, its average and max pools, their errors.

    Parameters
    ----------
    x : (H, W) array_like
        The clean map.
    sigma : float
        Noise standard deviation, at least 0.
    seed : int, default 0
        Keyword-only. Which noise draw to show.
    kernel_size : int or (int, int), default 4
        Keyword-only. Window, stride = window.
    trials : int, default 200
        Keyword-only. Draws behind the RMS errors.
    uid : str
        Keyword-only.

    Returns
    -------
    str
        HTML; ``<code class="ck-values">`` holds the average and max pooled
        outputs of the shown draw.

    Examples
    --------
    >>> from coursekit import feature_patch
    >>> "avg=" in noise_html(feature_patch(), 0.2)
    True
    """
    from ..measures.noise import add_noise, noise_error

    arr = v.feature_map(x, min_ndim=2, max_ndim=2).astype(np.float64)
    noisy = add_noise(arr, sigma, seed=seed)
    parts = []
    shown = {}
    lo, hi = float(min(arr.min(), noisy.min())), float(max(arr.max(), noisy.max()))
    for mode in ("avg", "max"):
        clean = pool2d(arr, kernel_size, mode=mode)
        out = np.round(pool2d(noisy, kernel_size, mode=mode), 2)
        shown[mode] = out
        err = noise_error(arr, sigma, kernel_size, mode=mode, trials=trials, seed=seed + 1)
        parts.append(
            f'<div style="display:inline-block;margin-right:16px;vertical-align:top">'
            f"<b>{mode} pool</b><br>clean {map_table(clean, lo=lo, hi=hi)}"
            f" noisy {map_table(out, lo=lo, hi=hi)}<br>"
            f"RMS change over {trials} draws: <b>{err:.3f}</b></div>"
        )
    values = " ".join(
        f"{m}={np.array2string(o, separator=', ')}".replace("\n", "") for m, o in shown.items()
    )
    return (
        f'<div class="{uid}" style="font-family:sans-serif">'
        f"<div><b>noisy map</b> (sigma={sigma:.2f}, draw {seed})</div>"
        f"{map_table(np.round(noisy, 2), lo=lo, hi=hi, size=30)}<br>"
        + "".join(parts)
        + f'<div>pooled (rounded): <code class="ck-values">{html.escape(values)}</code></div></div>'
    )


def noise_explorer(x=None, *, kernel_size=4, sigma=0.3):
    """A noise slider: watch average pooling hold steady while max pooling drifts.

    Parameters
    ----------
    x : (H, W) array_like, optional
        The clean map; by default an 8x8 map with a feature (1.0) on its
        top-left 4x4 block and 0 elsewhere.
    kernel_size : int or (int, int), default 4
        Keyword-only. Window, stride = window.
    sigma : float, default 0.3
        Keyword-only. Starting noise level.

    Returns
    -------
    ipywidgets.VBox
        ``.controls`` holds ``"sigma"`` and ``"seed"``, ``.view`` the HTML
        widget (see :func:`noise_html`).
    """
    import ipywidgets as w

    from ..data import feature_patch

    arr = feature_patch() if x is None else v.feature_map(x, min_ndim=2, max_ndim=2)
    uid = f"ck-noise-{next(_ids)}"
    controls = {
        "sigma": w.FloatSlider(value=sigma, min=0.0, max=1.0, step=0.05, description="noise"),
        "seed": w.IntSlider(value=0, min=0, max=20, description="draw"),
    }
    view = w.HTML()

    def redraw(_=None):
        view.value = noise_html(
            arr,
            controls["sigma"].value,
            seed=controls["seed"].value,
            kernel_size=kernel_size,
            uid=uid,
        )

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    box = w.VBox([w.HBox([controls["sigma"], controls["seed"]]), view])
    box.controls, box.view, box.redraw = controls, view, redraw
    return box
