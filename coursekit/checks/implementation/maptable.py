"""The HTML map table of the implementation report (a heatmap of numbers).

To be replaced by the shared renderer in ``coursekit/_render.py`` once it lands:
:func:`map_panel` is the one function to swap.
"""

from __future__ import annotations

import functools
import html

import numpy as np

from .cases import inline
from .diagnosis import fmt_value


@functools.lru_cache(maxsize=1)
def _palette() -> tuple[str, ...]:
    from matplotlib import colormaps

    rgba = colormaps["viridis"](np.linspace(0, 1, 256))
    return tuple("#{:02x}{:02x}{:02x}".format(*(int(255 * c) for c in row[:3])) for row in rgba)


def _table(a: np.ndarray, lo: float, hi: float, pal, pad: int = 0, marked=frozenset()) -> str:
    """An annotated heatmap as an HTML table; grey "pad" cells around it."""
    h, w = a.shape
    span = (hi - lo) or 1.0
    rows = []
    for r in range(-pad, h + pad):
        cells = []
        for c in range(-pad, w + pad):
            style = "width:30px;height:30px;text-align:center;font:12px monospace;padding:0"
            if 0 <= r < h and 0 <= c < w:
                val = float(a[r, c])
                t = 0.5 if np.isnan(val) else min(max((val - lo) / span, 0.0), 1.0)
                fg = "black" if t > 0.55 else "white"
                style += f";background:{pal[int(t * 255)]};color:{fg}"
                text = fmt_value(val)
            else:
                style += ";background:#e4e4e4;color:#999"
                text = "pad"
            if (r, c) in marked:
                style += ";outline:3px solid #e0245e;outline-offset:-3px"
            cells.append(f'<td style="{style}">{text}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table style="border-collapse:separate;border-spacing:2px;display:inline-table">'
        + "".join(rows)
        + "</table>"
    )


def map_panel(title: str, a, lo, hi, pad=0, marked=None) -> str:
    """One labelled figure: a 2-D map, or the planes of a stack, or a note.

    The one function the report calls; it is to become the shared renderer's
    map table (``coursekit/_render.py``) when that lands.
    """
    pal = _palette()
    if a is None:
        body = '<div style="color:#888">(none)</div>'
    else:
        a = np.asarray(a, dtype=float)
        if a.ndim < 2:
            body = f"<code>{html.escape(inline(a))}</code>"
        elif a.shape[-2] * a.shape[-1] > 144:
            body = f'<div style="color:#888">shape {a.shape}: too large to draw</div>'
        else:
            planes = list(np.ndindex(a.shape[:-2]))
            shown = []
            for index in planes[:6]:
                mark = {
                    tuple(m[-2:]) for m in (marked if marked is not None else []) if m[:-2] == index
                }
                label = f"<div><small>[{', '.join(map(str, index))}]</small></div>" if index else ""
                shown.append(
                    f'<div style="display:inline-block;margin:2px 6px">{label}'
                    f"{_table(a[index], lo, hi, pal, pad, frozenset(mark))}</div>"
                )
            more = len(planes) - len(shown)
            body = "".join(shown) + (
                f"<div><small>... and {more} more</small></div>" if more else ""
            )
    return (
        '<figure style="display:inline-block;vertical-align:top;margin:0 18px 6px 0">'
        f'<figcaption style="font:13px sans-serif;margin-bottom:2px">{title}</figcaption>'
        f"{body}</figure>"
    )
