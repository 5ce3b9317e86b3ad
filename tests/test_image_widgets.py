"""The image explorer: PNG frames with the probed window, fast redraws."""

from __future__ import annotations

import html
import io
import re

import numpy as np
import pytest
from PIL import Image

from coursekit import ANCHOR, image_explorer, load_image, pool2d
from coursekit.widgets.image import image_frame, to_png

RED = (255, 59, 48)


def _decode(png):
    return np.asarray(Image.open(io.BytesIO(png)))


def test_to_png_round_trip_and_scale():
    x = np.array([[0.0, 0.5], [1.0, 0.25]])
    grey = _decode(to_png(x, scale=3))
    assert grey.shape == (6, 6)
    assert grey[0, 0] == 0 and grey[3, 0] == 255 and grey[0, 3] == 128
    assert (grey[:3, :3] == grey[0, 0]).all()


def test_to_png_outlines_the_rectangle_in_red():
    rgb = _decode(to_png(np.zeros((64, 64)), rect=(8, 16, 8, 8)))
    red = np.all(rgb == RED, axis=-1)
    rows, cols = np.nonzero(red)
    assert (rows.min(), rows.max(), cols.min(), cols.max()) == (8, 15, 16, 23)
    assert not red[11, 19]  # the inside stays as it was
    clipped = _decode(to_png(np.zeros((8, 8)), rect=(-1, -1, 3, 3)))
    assert np.all(clipped[0, 0] == RED)


def test_image_frame_probe_finds_its_window():
    frame = image_frame(ANCHOR, 2, probe=(2, 3))
    assert frame["cell"] == (1, 1)
    assert np.array_equal(frame["output"], pool2d(ANCHOR, 2))
    assert "output[1, 1] = 18.000" in html.unescape(frame["html"])
    gap = image_frame(np.arange(49.0).reshape(7, 7), 1, stride=3, probe=(1, 1))
    assert gap["cell"] is None and "No window covers" in gap["html"]


def test_image_frame_sizes_and_values():
    img = load_image("camera", size=128)
    frame = image_frame(img, 4, mode="avg", probe=(70, 9), display=128)
    out = pool2d(img, 4, mode="avg")
    assert frame["cell"] == (17, 2)
    assert _decode(frame["input_png"]).shape == (128, 128, 3)
    assert _decode(frame["output_png"]).shape[:2] == (128, 128)
    shown = re.search(r'<code class="ck-values">(.*?)</code>', frame["html"], re.S).group(1)
    assert np.allclose(np.array(eval(html.unescape(shown))), np.round(out[17:21, 2:6], 3))  # noqa: S307


def test_image_frame_bad_settings_show_the_rule():
    frame = image_frame(ANCHOR, 2, padding=2)
    assert frame["output"] is None and "ck-error" in frame["html"] and "padding" in frame["html"]


def test_image_explorer_redraws_on_controls():
    img = load_image("coins", size=96)
    box = image_explorer(img, kernel_size=4)
    assert set(box.controls) == {
        "mode",
        "kernel_size",
        "stride",
        "padding",
        "ceil_mode",
        "probe_row",
        "probe_col",
    }
    images, info = box.view.children
    first = images.children[1].value
    box.controls["mode"].value = "min"
    assert images.children[1].value != first
    box.controls["kernel_size"].value = 8
    box.controls["stride"].value = 8
    assert "96x96 &rarr; 12x12" in info.value
    box.controls["probe_row"].value = 0
    box.controls["probe_col"].value = 95
    assert "output[0, 11]" in info.value


def test_image_explorer_default_is_the_camera():
    box = image_explorer()
    assert box.controls["probe_row"].max == 511


def test_to_png_rejects_bad_scale():
    with pytest.raises(ValueError, match="`scale` must be positive"):
        to_png(ANCHOR, scale=0)
