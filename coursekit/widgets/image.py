"""A pooling explorer over a real photograph, fast enough to drag a slider.

The images are drawn as PNG bytes straight from NumPy (Pillow encodes them)
into ``ipywidgets.Image`` widgets: no matplotlib figure is rebuilt, so one
redraw of a 512x512 photograph takes a few milliseconds. A probe (two sliders
in input pixels) picks the window under it; that window is outlined on the
input and its output cell on the output, and its values are listed.
"""

from __future__ import annotations

import base64
import html
import io

import numpy as np

from .. import _validation as v
from ..data import load_image
from ..engine.geometry import plan
from ..engine.pooling import pool2d
from .base import assemble, error_html, pooling_controls, pooling_settings

__all__ = ["image_explorer", "image_frame", "png_html", "to_png"]

_RED = np.array([255, 59, 48], dtype=np.uint8)


def _grey8(x, lo, hi):
    span = (hi - lo) or 1.0
    t = (np.asarray(x, dtype=np.float64) - lo) / span
    return (np.clip(t, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def to_png(x, *, lo=None, hi=None, scale=1, rect=None):
    """Encode a 2-D map as PNG bytes, grey-scale, optionally with a red frame.

    Parameters
    ----------
    x : (H, W) array_like
        Values mapped linearly from ``[lo, hi]`` to black..white.
    lo, hi : float, optional
        Keyword-only. Value range; the map's min and max by default.
    scale : int, default 1
        Keyword-only. Each cell becomes a ``scale x scale`` block (nearest
        neighbour), so small pooled maps stay crisp on screen.
    rect : (int, int, int, int), optional
        Keyword-only. ``(row, col, height, width)`` in cells of ``x`` to
        outline in red; parts outside the map are clipped.

    Returns
    -------
    bytes
        A PNG of ``(H * scale, W * scale)`` pixels, RGB when ``rect`` is given.

    Examples
    --------
    >>> png = to_png([[0.0, 1.0]], scale=2)
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    from PIL import Image

    arr = v.feature_map(x, min_ndim=2, max_ndim=2)
    lo = float(np.nanmin(arr)) if lo is None else float(lo)
    hi = float(np.nanmax(arr)) if hi is None else float(hi)
    s = v.pair(scale, "scale")[0]
    v.at_least((s, s), "scale", 1)
    g = _grey8(arr, lo, hi)
    if s > 1:
        g = np.repeat(np.repeat(g, s, axis=0), s, axis=1)
    if rect is None:
        img = Image.fromarray(g, mode="L")
    else:
        rgb = np.repeat(g[..., None], 3, axis=2)
        r, c, h, w = (int(t) * s for t in rect)
        hh, ww = g.shape
        t = max(2, min(hh, ww) // 128)
        r0, r1 = max(r, 0), min(r + h, hh)
        c0, c1 = max(c, 0), min(c + w, ww)
        if r0 < r1 and c0 < c1:
            # four bands of thickness t just inside the window's edges
            rgb[r0 : min(r0 + t, r1), c0:c1] = _RED
            rgb[max(r1 - t, r0) : r1, c0:c1] = _RED
            rgb[r0:r1, c0 : min(c0 + t, c1)] = _RED
            rgb[r0:r1, max(c1 - t, c0) : c1] = _RED
        img = Image.fromarray(rgb, mode="RGB")
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def png_html(png: bytes, alt: str) -> str:
    """An ``<img>`` of PNG bytes with its alt text, filling its box, pixels kept sharp.

    >>> png_html(b"PNG", "a map")[:53]
    '<img src="data:image/png;base64,UE5H" alt="a map" sty'
    """
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        'style="width:100%;height:100%;image-rendering:pixelated">'
    )


def _probe_index(starts, extent, p):
    """Index of the last window starting at or before ``p`` that covers it, or None."""
    i = int(np.searchsorted(starts, p, side="right")) - 1
    if i < 0 or p >= starts[i] + extent:
        return None
    return i


def image_frame(
    img,
    kernel_size,
    stride=None,
    padding=0,
    *,
    mode="max",
    ceil_mode=False,
    probe=(0, 0),
    display=512,
):
    """Everything the image explorer shows for one setting of its controls.

    Parameters
    ----------
    img : (H, W) array_like
        Grey-scale image.
    kernel_size, stride, padding, mode, ceil_mode
        The pooling, as for :func:`coursekit.pool2d` (the last two keyword-only).
    probe : (int, int), default (0, 0)
        Keyword-only. A pixel ``(row, col)`` of the input; the window that
        covers it (the last one starting at or before it) is highlighted.
    display : int, default 512
        Keyword-only. The output is blown up by whole pixels to about this
        many pixels across.

    Returns
    -------
    dict
        ``"input_png"`` and ``"output_png"`` (bytes), ``"input_alt"`` and
        ``"output_alt"`` (what each picture shows, in words), ``"html"`` (str, the
        summary with ``<code class="ck-values">``), ``"output"`` (the pooled
        ``(OH, OW)`` ndarray, or None when the settings are invalid) and
        ``"cell"`` (the probed output cell ``(i, j)`` or None).

    Examples
    --------
    >>> from coursekit import ANCHOR
    >>> frame = image_frame(ANCHOR, 2, probe=(3, 3))
    >>> frame["cell"], int(frame["output"][frame["cell"]])
    ((1, 1), 18)
    """
    arr = v.feature_map(img, "img", 2, 2)
    lo, hi = float(np.nanmin(arr)), float(np.nanmax(arr))
    pr, pc = (int(t) for t in v.pair(probe, "probe"))
    try:
        out = pool2d(arr, kernel_size, stride, padding, mode=mode, ceil_mode=ceil_mode)
        ah, aw = plan(arr.shape, kernel_size, stride, padding, 1, ceil_mode)
    except ValueError as err:
        blank = np.full((1, 1), lo)
        return {
            "input_png": to_png(arr, lo=lo, hi=hi),
            "output_png": to_png(blank, lo=lo, hi=hi),
            "input_alt": f"the {arr.shape[0]}x{arr.shape[1]} image",
            "output_alt": "no output: the settings are impossible (see the message)",
            "html": error_html(err),
            "output": None,
            "cell": None,
        }
    i, j = _probe_index(ah.starts, ah.k, pr), _probe_index(aw.starts, aw.k, pc)
    cell = None if i is None or j is None else (i, j)
    scale = max(1, display // max(out.shape))
    size = f"{arr.shape[0]}x{arr.shape[1]}"
    pooled = f"the {mode}-pooled {out.shape[0]}x{out.shape[1]} output"
    if cell is None:
        rect_in = rect_out = None
        alts = (f"the {size} image; no window covers the probe pixel", pooled)
        probe_text = "No window covers the probe pixel (the stride skips it)."
        values = np.array2string(np.round(out[:4, :4], 3), separator=", ")
    else:
        r0, c0 = int(ah.starts[i]), int(aw.starts[j])
        rect_in, rect_out = (r0, c0, ah.k, aw.k), (i, j, 1, 1)
        win = arr[max(r0, 0) : r0 + ah.k, max(c0, 0) : c0 + aw.k]
        alts = (
            f"the {size} image, the window at rows {r0} to {r0 + ah.k - 1}, columns {c0} to "
            f"{c0 + aw.k - 1} framed in red",
            f"{pooled}, cell ({i}, {j}) framed in red",
        )
        probe_text = (
            f"Window at rows {r0}..{r0 + ah.k - 1}, columns {c0}..{c0 + aw.k - 1} "
            f"({win.size} pixels inside the image, from {win.min():.3f} to {win.max():.3f}) "
            f"gives output[{i}, {j}] = {out[i, j]:.3f}."
        )
        values = np.array2string(np.round(out[i : i + 4, j : j + 4], 3), separator=", ")
    factor = arr.size / out.size
    summary = (
        f'<div class="ck-summary" style="font-family:sans-serif">'
        f"{mode} pooling: {arr.shape[0]}x{arr.shape[1]} &rarr; {out.shape[0]}x{out.shape[1]} "
        f"({factor:.1f}x fewer values).<br>{html.escape(probe_text)}<br>"
        f"output from the probed cell on (up to 4x4): "
        f'<code class="ck-values">{html.escape(values)}</code></div>'
    )
    return {
        "input_png": to_png(arr, lo=lo, hi=hi, rect=rect_in),
        "output_png": to_png(out, lo=lo, hi=hi, scale=scale, rect=rect_out),
        "input_alt": alts[0],
        "output_alt": alts[1],
        "html": summary,
        "output": out,
        "cell": cell,
    }


def image_explorer(
    img=None,
    *,
    kernel_size=4,
    stride=None,
    padding=0,
    mode="max",
    ceil_mode=False,
    max_kernel=16,
    width=320,
):
    """Pool a photograph with sliders: mode, window, stride, padding, ceil mode, probe.

    Parameters
    ----------
    img : (H, W) array_like, optional
        Grey-scale image; ``load_image("camera")`` (512x512) by default.
    kernel_size, stride, padding, mode, ceil_mode
        Keyword-only. Starting values, as for :func:`coursekit.pool2d`
        (``stride=None`` starts the stride slider at ``kernel_size``).
    max_kernel : int, default 16
        Keyword-only. Largest window the slider offers.
    width : int, default 320
        Keyword-only. On-screen width of each image in pixels.

    Returns
    -------
    ipywidgets.VBox
        ``.controls`` holds the controls by name (``mode``, ``kernel_size``,
        ``stride``, ``padding``, ``ceil_mode``, ``probe_row``, ``probe_col``);
        ``.view`` is the VBox of the two images and the summary HTML (with
        ``<code class="ck-values">``); ``.redraw`` redraws.
    """
    import ipywidgets as w

    arr = load_image("camera") if img is None else v.feature_map(img, "img", 2, 2)
    h, wd = arr.shape
    controls = pooling_controls(kernel_size, stride, padding, mode, ceil_mode, max_kernel)
    for name, n, what in (("probe_row", h, "row"), ("probe_col", wd, "column")):
        controls[name] = w.IntSlider(
            value=n // 2, min=0, max=n - 1, description=name.replace("_", " "),
            tooltip=f"input {what} whose window is outlined",
        )  # fmt: skip
    layout = w.Layout(width=f"{width}px", height=f"{width * h // wd}px")
    # HTML rather than ipywidgets.Image, whose <img> can carry no alt text
    in_img, out_img, info = w.HTML(layout=layout), w.HTML(layout=layout), w.HTML()
    # visible overflow: a scrolling box with nothing focusable in it is out of a keyboard's reach
    pictures = w.HBox([in_img, out_img], layout=w.Layout(overflow="visible"))
    view = w.VBox([pictures, info])

    def redraw(_=None):
        frame = image_frame(
            arr,
            **pooling_settings(controls),
            probe=(controls["probe_row"].value, controls["probe_col"].value),
            display=max(h, wd),
        )
        in_img.value = png_html(frame["input_png"], frame["input_alt"])
        out_img.value = png_html(frame["output_png"], frame["output_alt"])
        info.value = frame["html"]

    return assemble(controls, view, redraw, extra_rows=[["probe_row", "probe_col"]])
