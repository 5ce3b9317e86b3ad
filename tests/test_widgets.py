"""Widgets: moving a control redraws the view with the engine's new values."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

from coursekit import (
    ANCHOR,
    feature_patch,
    noise_explorer,
    pool2d,
    pooling_explorer,
    shift_explorer,
)
from coursekit._render import map_table
from coursekit.measures.shifting import shift_map
from coursekit.widgets.noise import noise_html
from coursekit.widgets.pooling import explorer_html
from coursekit.widgets.shift import shift_html


def _values(text):
    """The text of the view's <code class="ck-values"> element."""
    found = re.search(r'<code class="ck-values">(.*?)</code>', text, re.S)
    assert found, "the view must carry a ck-values element"
    return html.unescape(found.group(1))


def _as_array(text):
    return np.array(eval(text))  # noqa: S307 - our own np.array2string output


def test_map_table_one_cell_per_value_plus_padding():
    table = map_table(ANCHOR, pad=(1, 1))
    assert table.count("<td") == 6 * 6
    assert table.count(">pad</td>") == 6 * 6 - 16


def test_pooling_explorer_redraws_on_every_control():
    box = pooling_explorer()
    assert set(box.controls) == {"mode", "kernel_size", "stride", "padding", "ceil_mode"}
    assert np.array_equal(_as_array(_values(box.view.value)), pool2d(ANCHOR, 2))
    box.controls["mode"].value = "avg"
    assert np.array_equal(_as_array(_values(box.view.value)), pool2d(ANCHOR, 2, mode="avg"))
    box.controls["kernel_size"].value = 3
    box.controls["stride"].value = 3
    box.controls["ceil_mode"].value = True
    expected = pool2d(ANCHOR, 3, stride=3, mode="avg", ceil_mode=True)
    assert np.allclose(_as_array(_values(box.view.value)), expected)


def test_explorer_shows_the_rule_for_bad_settings():
    text = explorer_html(ANCHOR, 2, 2, 2)
    assert "ck-error" in text and "padding" in text and "ck-values" not in text


def test_shift_explorer_default_shows_local_invariance():
    box = shift_explorer()
    assert set(box.controls) == {"down", "right"}
    box.controls["right"].value = 1
    assert "No change" in box.view.value
    box.controls["right"].value = 2
    assert "changed in 2 of 9" in box.view.value
    spot = np.zeros((6, 6), int)
    spot[2, 2] = 9
    assert np.array_equal(_as_array(_values(box.view.value)), pool2d(shift_map(spot, right=2), 2))


def test_shift_explorer_takes_a_learners_map_and_window():
    mine = np.arange(36).reshape(6, 6)
    box = shift_explorer(mine, kernel_size=3)
    assert box.controls["down"].max == 5 and box.controls["down"].min == -5
    box.controls["down"].value = 1
    expected = pool2d(shift_map(mine, down=1), 3)
    assert np.array_equal(_as_array(_values(box.view.value)), expected)


def test_shift_html_reports_errors():
    assert "ck-error" in shift_html(ANCHOR, kernel_size=5)


def test_noise_explorer_zero_noise_gives_clean_outputs():
    box = noise_explorer(sigma=0.0)
    assert set(box.controls) == {"sigma", "seed"}
    text = _values(box.view.value)
    clean = feature_patch()
    for mode in ("avg", "max"):
        shown = re.search(rf"{mode}=(\[\[.*?\]\])", text).group(1)
        assert np.allclose(_as_array(shown), pool2d(clean, 4, mode=mode))
    box.controls["sigma"].value = 0.5
    noisy = _values(box.view.value)
    assert noisy != text
    box.controls["seed"].value = 1
    assert _values(box.view.value) != noisy


def test_noise_html_rms_errors_order():
    text = noise_html(feature_patch(), 0.5)
    avg, mx = (float(v) for v in re.findall(r"draws: <b>([0-9.]+)</b>", text))
    assert avg < mx


def test_noise_html_rejects_negative_sigma():
    with pytest.raises(ValueError, match="`sigma` must be a number at least 0"):
        noise_html(feature_patch(), -0.1)
