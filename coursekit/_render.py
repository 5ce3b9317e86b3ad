"""What every view of a map shares: the number format, the palettes, the outline
colours, text contrast and the HTML map table.

Figures (matplotlib), widgets (HTML) and the checks' feedback all write numbers
into cells the same way and colour them from the same scale. Nothing here loads
matplotlib: the viridis scale is stored as 256 colours (``tests/test_render.py``
proves it equals matplotlib's).

Colours for lines and outlines come from Okabe and Ito's palette for colour-blind
readers, and each comes with a second cue (a line style, a marker, a hatch), so
colour is never the only signal. Text on a coloured cell is black or white,
whichever contrasts more with that cell: never below 4.58:1 (WCAG asks 4.5:1).
"""

from __future__ import annotations

import html

import numpy as np

__all__ = [
    "CHANGED",
    "METHODS",
    "OKABE_ITO",
    "OUTLINES",
    "OUTLINE_STYLES",
    "PAD_STYLE",
    "VIRIDIS",
    "contrast",
    "fmt",
    "luminance",
    "map_table",
    "text_colour",
    "viridis",
]

#: Okabe and Ito's eight colours: orange, sky blue, bluish green, yellow, blue,
#: vermillion, reddish purple, black.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")

#: Outline colours for windows, in the order windows are numbered: five of
#: Okabe-Ito's (yellow and black vanish on viridis's ends; reddish purple sits too
#: close to bluish green for a deuteranope), ordered so that consecutive windows
#: differ by over 50 in CIELAB under simulated deuteranopia.
OUTLINES = ("#E69F00", "#56B4E9", "#D55E00", "#0072B2", "#009E73")

#: Line styles for windows, the second cue beside colour (cycled with OUTLINES).
OUTLINE_STYLES = ("-", "--", "-.", ":")

#: Each pooling's colour, line style, marker and bar hatch in charts.
METHODS = {
    "max": {"color": "#D55E00", "ls": "-", "marker": "o", "hatch": ""},
    "avg": {"color": "#0072B2", "ls": "--", "marker": "s", "hatch": "//"},
    "blur": {"color": "#009E73", "ls": "-.", "marker": "^", "hatch": ".."},
    "min": {"color": "#CC79A7", "ls": ":", "marker": "D", "hatch": "xx"},
    "flatten": {"color": "#E69F00", "ls": "-", "marker": "o", "hatch": ""},
    "gap": {"color": "#0072B2", "ls": "--", "marker": "s", "hatch": "//"},
}

#: The outline of a cell that changed (vermillion; drawn solid and thick).
CHANGED = "#D55E00"

#: Padding cells of the HTML tables: background and text (7.0:1).
PAD_STYLE = ("#dddddd", "#404040")

_VIRIDIS_HEX = (
    "44015444025544035745055845065a45085b46095c460b5e460c5f460e61470f62471163471265471466"
    "47156747166947186a48196b481a6c481c6e481d6f481e70482071482172482273482374472575472676"
    "472777472878472a79472b7a472c7b462d7c462f7c46307d46317e45327f45347f453580453681443781"
    "443982433a83433b83433c84423d84423e854240854141864142864043874044873f45873f47883e4888"
    "3e49893d4a893d4b893d4c893c4d8a3c4e8a3b508a3b518a3a528b3a538b39548b39558b38568b38578c"
    "37588c37598c365a8c365b8c355c8c355d8c345e8d345f8d33608d33618d32628d32638d31648d31658d"
    "31668d30678d30688d2f698d2f6a8d2e6b8e2e6c8e2e6d8e2d6e8e2d6f8e2c708e2c718e2c728e2b738e"
    "2b748e2a758e2a768e2a778e29788e29798e287a8e287a8e287b8e277c8e277d8e277e8e267f8e26808e"
    "26818e25828e25838d24848d24858d24868d23878d23888d23898d22898d228a8d228b8d218c8d218d8c"
    "218e8c208f8c20908c20918c1f928c1f938b1f948b1f958b1f968b1e978a1e988a1e998a1e998a1e9a89"
    "1e9b891e9c891e9d881e9e881e9f881ea0871fa1871fa2861fa38620a48520a58521a68521a78422a784"
    "23a88323a98224aa8225ab8126ac8127ad8028ae7f29af7f2ab07e2bb17d2cb17d2eb27c2fb37b30b47a"
    "32b57a33b67935b77836b87738b97639b9763bba753dbb743ebc7340bd7242be7144be7045bf6f47c06e"
    "49c16d4bc26c4dc26b4fc36951c46853c56755c66657c66559c7645bc8625ec96160c96062ca5f64cb5d"
    "67cc5c69cc5b6bcd596dce5870ce5672cf5574d05477d05279d1517cd24f7ed24e81d34c83d34b86d449"
    "88d5478bd5468dd64490d64392d74195d73f97d83e9ad83c9dd93a9fd938a2da37a5da35a7db33aadb32"
    "addc30afdc2eb2dd2cb5dd2bb7dd29bade27bdde26bfdf24c2df22c5df21c7e01fcae01ecde01dcfe11c"
    "d2e11bd4e11ad7e219dae218dce218dfe318e1e318e4e318e7e419e9e419ece41aeee51bf1e51cf3e51e"
    "f6e61ff8e621fae622fde724"
)

#: Secondary text (notes, "not yet") on white: 7:1 contrast.
MUTED = "#595959"

#: matplotlib's viridis at 256 evenly spaced points, as ``"#rrggbb"`` strings.
VIRIDIS = tuple("#" + _VIRIDIS_HEX[i : i + 6] for i in range(0, len(_VIRIDIS_HEX), 6))


def fmt(value, places: int = 2) -> str:
    """A number as learners read it in a cell: whole numbers bare, others to ``places``.

    Examples
    --------
    >>> [fmt(v) for v in (20, 13.75, 2.0, 1 / 3, float("nan"), float("-inf"))]
    ['20', '13.75', '2', '0.33', 'nan', '-inf']
    >>> fmt(1 / 3, places=3), fmt(True), fmt("pad")
    ('0.333', 'True', 'pad')
    """
    if isinstance(value, (bool, np.bool_, str)):
        return str(value)
    value = float(value)
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == round(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.{places}f}".rstrip("0").rstrip(".")


def viridis(t: float) -> str:
    """The viridis colour at ``t`` in [0, 1] (clipped; NaN is the middle)."""
    t = 0.5 if np.isnan(t) else min(max(float(t), 0.0), 1.0)
    return VIRIDIS[int(t * 255)]


def luminance(colour) -> float:
    """WCAG relative luminance of ``"#rrggbb"`` or an RGB triple in [0, 1]."""
    if isinstance(colour, str):
        colour = {"black": "#000000", "white": "#ffffff"}.get(colour, colour)
        colour = tuple(int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour[:3]]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21.

    >>> round(contrast("#000000", "#ffffff"), 1)
    21.0
    """
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_colour(background) -> str:
    """Black or white, whichever contrasts more with ``background`` (always over 4.5:1).

    >>> text_colour("#440154"), text_colour("#fde725")
    ('white', 'black')
    """
    light = luminance(background)
    return "black" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "white"


def map_table(
    x,
    *,
    lo=None,
    hi=None,
    cell_classes=None,
    cls="",
    pad=(0, 0),
    size=34,
    focusable=False,
    cell_labels=None,
    caption="",
    cell_styles=None,
):
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
    focusable : bool, default False
        Keyword-only. Cells take the keyboard focus (``tabindex="0"``), each
        read out by its label.
    cell_labels : dict of (int, int) -> str, optional
        Keyword-only. What a screen reader says for a focusable cell (padded
        coordinates); its number by default.
    caption : str
        Keyword-only. The table's accessible name (``aria-label``).
    cell_styles : dict of (int, int) -> str, optional
        Keyword-only. Extra inline CSS per cell (padded coordinates), e.g. an
        outline that marks a cell in HTML shown without a stylesheet.

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
                bg = viridis(t)
                fg = text_colour(bg)
                text = fmt(val)
            else:
                (bg, fg), text = PAD_STYLE, "pad"
            extra = ""
            if focusable:
                label = html.escape((cell_labels or {}).get((r + ph, c + pw), text), quote=True)
                extra = f' tabindex="0" aria-label="{label}"'
            more = (cell_styles or {}).get((r + ph, c + pw), "")
            cells.append(
                f'<td class="{classes}"{extra} style="background:{bg};color:{fg};width:{size}px;'
                f"height:{size}px;text-align:center;font:13px monospace;padding:0"
                f'{";" + more if more else ""}">{text}</td>'
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    named = f' aria-label="{html.escape(caption, quote=True)}"' if caption else ""
    return (
        f'<table class="{cls}"{named} style="border-collapse:separate;border-spacing:2px;'
        f'display:inline-table;margin:4px">' + "".join(rows) + "</table>"
    )
