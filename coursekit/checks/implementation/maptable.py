"""The maps of the implementation report: each a labelled panel of HTML map tables.

The tables themselves are the shared renderer's (:func:`coursekit._render.map_table`),
so the report's colours, number format and text contrast are the widgets' own.
"""

from __future__ import annotations

import html

import numpy as np

from ..._render import CHANGED, MUTED, map_table
from .cases import inline


def map_panel(title: str, a, lo, hi, pad=0, marked=None) -> str:
    """One labelled figure: a 2-D map, or the planes of a stack, or a note.

    The one function the report calls; ``marked`` cells (full indices) are
    outlined in the colour the widgets use for a changed cell.
    """
    if a is None:
        body = f'<div style="color:{MUTED}">(none)</div>'
    else:
        a = np.asarray(a, dtype=float)
        if a.ndim < 2:
            body = f"<code>{html.escape(inline(a))}</code>"
        elif a.shape[-2] * a.shape[-1] > 144:
            body = f'<div style="color:{MUTED}">shape {a.shape}: too large to draw</div>'
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
                    f"{_plane(a[index], lo, hi, pad, mark)}</div>"
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


def _plane(a: np.ndarray, lo: float, hi: float, pad: int, marked) -> str:
    outline = f"outline:3px solid {CHANGED};outline-offset:-3px"
    styles = {(r + pad, c + pad): outline for r, c in marked}
    return map_table(a, lo=lo, hi=hi, pad=(pad, pad), size=30, cell_styles=styles)
