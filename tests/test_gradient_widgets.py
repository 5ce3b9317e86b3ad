"""The gradient explorer: its view follows the controls, with the engine's numbers."""

from __future__ import annotations

import ast
import re
import time

import numpy as np

from coursekit import ANCHOR, output_size, pool2d_backward
from coursekit.widgets.gradient import gradient_explorer, gradient_html


def _values(view_html: str) -> np.ndarray:
    text = re.search(r'<code class="ck-values">(.*?)</code>', view_html, re.S).group(1)
    return np.array(
        ast.literal_eval(text.replace("\n", "").replace(".,", ".0,").replace(".]", ".0]"))
    )


def test_view_shows_the_engines_gradient_for_every_setting():
    box = gradient_explorer()
    for mode in ("max", "avg", "min"):
        for k, s, p, ceil in [(2, 2, 0, False), (3, 2, 1, False), (3, 2, 0, True), (3, 1, 1, True)]:
            c = box.controls
            c["mode"].value, c["kernel_size"].value, c["stride"].value = mode, k, s
            c["padding"].value, c["ceil_mode"].value = p, ceil
            ones = np.ones(output_size((4, 4), k, s, p, ceil_mode=ceil))
            want = pool2d_backward(ANCHOR, ones, k, s, p, mode=mode, ceil_mode=ceil)
            np.testing.assert_allclose(_values(box.view.value), want)


def test_impossible_settings_show_the_rule():
    text = gradient_html(ANCHOR, 2, 2, 2)
    assert "ck-error" in text and "at most half of `kernel_size`" in text
    assert "ck-values" not in text


def test_summary_counts_the_cells_reached():
    assert "4 of 16 cells receive a gradient" in gradient_html(ANCHOR, 2)
    assert "16 of 16 cells receive a gradient" in gradient_html(ANCHOR, 2, mode="avg")


def test_summary_shows_what_padded_cells_keep():
    """Average pooling with padding hands shares to padded cells: 4 of the 9 reach the map."""
    assert "total 4 of the 9 sent back" in gradient_html(ANCHOR, 2, padding=1, mode="avg")
    assert "total 9 of the 9 sent back" in gradient_html(ANCHOR, 2, padding=1, mode="max")


def test_redraw_is_instant():
    box = gradient_explorer()
    start = time.perf_counter()
    for k in (1, 2, 3, 4, 2):
        box.controls["kernel_size"].value = k
    assert (time.perf_counter() - start) / 5 < 0.05
