"""What learners see in the figures and widgets: frames inside the axes, titles that
match the data shown, axes that do not exaggerate, colours a colour-blind reader can
tell apart, text contrast, descriptions, and keyboard access."""

from __future__ import annotations

import itertools
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

import coursekit  # noqa: E402
from coursekit import (  # noqa: E402
    ANCHOR,
    load_image,
    pool2d,
    show_consistency,
    show_head_params,
    show_image_pooling,
    show_image_row,
    show_pooling,
    show_shift_accuracy,
    show_shift_outputs,
)
from coursekit._render import (  # noqa: E402
    METHODS,
    OUTLINE_STYLES,
    OUTLINES,
    PAD_STYLE,
    VIRIDIS,
    contrast,
    map_table,
    text_colour,
)
from coursekit.widgets.pooling import explorer_html  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _frames(ax):
    """Window frames (the map's own thin border excluded)."""
    return [
        p for p in ax.patches
        if isinstance(p, Rectangle) and not p.get_fill() and p.get_linewidth() > 1
    ]  # fmt: skip


def _inside(ax, patch):
    (x0, x1), (y1, y0) = sorted(ax.get_xlim()), ax.get_ylim()
    bx, by = patch.get_x(), patch.get_y()
    return x0 <= bx and bx + patch.get_width() <= x1 and y1 >= by + patch.get_height() and by >= y0


SETTINGS = [
    dict(kernel_size=2),
    dict(kernel_size=3, stride=2),
    dict(kernel_size=3, stride=2, padding=1),
    dict(kernel_size=3, stride=2, ceil_mode=True),
    dict(kernel_size=2, stride=1),
]


@pytest.mark.parametrize("settings", SETTINGS, ids=str)
def test_show_pooling_frames_lie_inside_the_axes_and_inside_their_cells(settings):
    fig = show_pooling(ANCHOR, **settings)
    a, b = fig.axes
    rects = coursekit.window_rects(
        ANCHOR.shape,
        settings["kernel_size"],
        settings.get("stride"),
        settings.get("padding", 0),
        1,
        settings.get("ceil_mode", False),
    )
    frames = _frames(a)
    assert len(frames) == len(rects)
    for frame in frames:
        assert _inside(a, frame), (frame.get_x(), frame.get_y(), a.get_xlim(), a.get_ylim())
    for (r, c, h, w), frame in zip(rects, frames, strict=False):
        # just inside the window's own cells
        assert c - 0.5 < frame.get_x() and frame.get_x() + frame.get_width() < c + w - 0.5
        assert r - 0.5 < frame.get_y() and frame.get_y() + frame.get_height() < r + h - 0.5
    out_frames = _frames(b)
    out = pool2d(ANCHOR, **settings)
    assert len(out_frames) == out.size
    for frame in out_frames:  # each output frame inside its own cell: none covers another
        assert _inside(b, frame)
        assert frame.get_width() < 1 and frame.get_height() < 1


def test_show_pooling_neighbours_differ_in_colour_and_line_style():
    fig = show_pooling(ANCHOR, 2)
    frames = _frames(fig.axes[0])
    for f, g in itertools.pairwise(frames):
        assert f.get_edgecolor() != g.get_edgecolor()
        assert f.get_linestyle() != g.get_linestyle()


def test_titles_name_the_part_shown_when_an_image_is_cropped():
    img = load_image("camera")
    fig = show_image_pooling(img, 4, modes=("max",), crop=(slice(60, 124), slice(140, 204)))
    a, b = fig.axes
    assert a.images[0].get_array().shape == (64, 64)
    assert a.get_title().startswith("input: 64x64 crop")
    assert f"of {img.shape[0]}x{img.shape[1]}" in a.get_title()
    assert b.images[0].get_array().shape == (16, 16)
    assert "16x16 of it" in b.get_title()


def test_show_image_row_to_scale_draws_a_smaller_image_smaller():
    camera = load_image("camera", size=64)
    fig = show_image_row({"camera": camera, "pooled": pool2d(camera, 4)}, to_scale=True)
    big, small = (ax.get_position().width for ax in fig.axes)
    assert small == pytest.approx(big / 4, rel=0.05)


def test_parameter_bars_are_linear_unless_asked_and_say_the_ratio():
    fig = show_head_params({"flatten": 25_088_000, "gap": 512_000})
    ax = fig.axes[0]
    assert ax.get_xscale() == "linear" and ax.get_xlim()[0] == 0
    assert "(49.0x)" in " ".join(t.get_text() for t in ax.texts)
    log = show_head_params({"a": 10, "b": 100_000}, log=True).axes[0]
    assert log.get_xscale() == "log" and "log" in log.get_xlabel()


def test_consistency_bars_start_at_zero():
    fig = show_consistency({"camera": {"max": 0.76, "avg": 0.8, "blur": 0.9}})
    assert fig.axes[0].get_ylim()[0] == 0


def test_shift_outputs_draw_the_moved_line_over_the_input_line_in_another_style():
    fig = show_shift_outputs([0, 0, 1, 1] * 2, {"max": lambda m: pool2d(m, (1, 2))})
    for ax in fig.axes:
        before, after = ax.lines
        assert before.get_linewidth() > after.get_linewidth()
        assert after.get_linestyle() == "--" and after.get_marker() != before.get_marker()
        assert after.get_zorder() >= before.get_zorder()


def test_shift_accuracy_with_seeds_shows_the_range():
    table = {"gap": {"none": [0.9, 0.92], "2 left": [0.6, 0.88]}}
    fig = show_shift_accuracy(table)
    ax = fig.axes[0]
    assert ax.get_ylim()[0] == 0
    spans = [c for c in ax.collections if c.get_segments()]
    assert any(np.allclose(s[0][:, 1], [60, 88]) for c in spans for s in [c.get_segments()])
    assert "60-88" in fig.alt_text


# -- colour -------------------------------------------------------------------------

_DEUTAN = np.array(  # Machado et al. (2009), deuteranopia, severity 1, on linear RGB
    [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]]
)


def _lab(rgb):
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = lin @ np.array(
        [[0.4124, 0.2126, 0.0193], [0.3576, 0.7152, 0.1192], [0.1805, 0.0722, 0.9505]]
    )
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _deutan_distance(a, b):
    def seen(colour):
        rgb = np.array(matplotlib.colors.to_rgb(colour))
        lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
        lin = np.clip(lin @ _DEUTAN.T, 0, 1)
        srgb = np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055)
        return _lab(srgb)

    return float(np.linalg.norm(seen(a) - seen(b)))


def test_neighbouring_outline_colours_stay_apart_under_deuteranopia():
    n = len(OUTLINES)
    for i in range(n):
        assert _deutan_distance(OUTLINES[i], OUTLINES[(i + 1) % n]) > 20
    # and line styles add a second cue: neighbours never share colour and style
    assert len(OUTLINE_STYLES) not in (0, 1) and n % len(OUTLINE_STYLES) != 0


def test_pooling_methods_differ_under_deuteranopia_and_by_a_second_cue():
    for a, b in itertools.combinations(("max", "avg", "blur"), 2):
        assert _deutan_distance(METHODS[a]["color"], METHODS[b]["color"]) > 20
        assert (METHODS[a]["ls"], METHODS[a]["marker"]) != (METHODS[b]["ls"], METHODS[b]["marker"])


def test_viridis_table_equals_matplotlib():
    rgba = matplotlib.colormaps["viridis"](np.linspace(0, 1, 256))
    want = ["#{:02x}{:02x}{:02x}".format(*(int(255 * c) for c in row[:3])) for row in rgba]
    assert list(VIRIDIS) == want


def test_every_cell_text_reaches_4_5_to_1():
    assert min(contrast(c, text_colour(c)) for c in VIRIDIS) >= 4.5
    assert contrast(*PAD_STYLE) >= 4.5
    html = map_table(np.arange(256).reshape(16, 16), pad=(1, 1))
    for bg, fg in re.findall(r"background:(#[0-9a-f]{6});color:(\w+|#[0-9a-f]{6})", html):
        fg = {"black": "#000000", "white": "#ffffff"}.get(fg, fg)
        assert contrast(bg, fg) >= 4.5, (bg, fg)


@pytest.mark.parametrize("cmap", ["viridis", "magma", "Blues", "gray"])
def test_figure_numbers_reach_4_5_to_1_on_their_cells(cmap):
    from coursekit.figures.heatmap import annotated_map

    fig, ax = plt.subplots()
    x = np.linspace(0, 1, 256).reshape(16, 16)
    annotated_map(ax, x, cmap=cmap)
    colours = matplotlib.colormaps[cmap](x.ravel())
    for text, cell in zip(ax.texts, colours, strict=True):
        assert contrast(cell[:3], matplotlib.colors.to_rgb(text.get_color())) >= 4.5


# -- descriptions and keyboard --------------------------------------------------------


def _every_figure():
    from coursekit import feature_patch, shapes_mask

    img = load_image("camera", size=32)
    yield coursekit.show_map(ANCHOR, "anchor")
    yield show_pooling(ANCHOR, 2)
    yield coursekit.show_windows(ANCHOR, 2)
    yield coursekit.show_coverage(ANCHOR, 3, 3)
    yield coursekit.show_adaptive_windows(ANCHOR, 3)
    yield coursekit.show_shift(ANCHOR, right=1)
    yield coursekit.show_gradients(ANCHOR, np.ones((2, 2)), 2)
    yield coursekit.show_global_gradients(np.eye(3))
    yield show_image_pooling(img, 4)
    yield coursekit.show_repeated_pooling(img, 2)
    yield coursekit.show_mask_pooling(shapes_mask(32), 2)
    yield coursekit.show_masks({"m": np.eye(4, dtype=bool)}, np.eye(4, dtype=bool))
    yield coursekit.show_image_gradients(img, 2)
    yield show_image_row({"a": img})
    yield coursekit.show_filters(np.zeros((2, 1, 3, 3)))
    yield coursekit.show_digits(np.zeros((2, 8, 8)), [0, 1])
    yield coursekit.show_noise_error(feature_patch(), [0.1, 0.5], trials=10)
    yield coursekit.show_global_spread(np.zeros((3, 3)), [0.5], trials=10)
    yield show_head_params({"a": 1, "b": 2})
    yield show_shift_outputs([0, 1] * 4, {"max": lambda m: pool2d(m, (1, 2))})
    yield show_consistency({"camera": {"max": 0.9}})
    yield coursekit.show_training({"gap": {"loss": [2.0, 1.0], "train_accuracy": [0.3, 0.6]}})
    yield show_shift_accuracy({"gap": {"none": 0.9}})


def test_every_figure_carries_a_description_of_its_data():
    shown = {name for name in coursekit.__all__ if name.startswith("show_")}
    count = 0
    for fig in _every_figure():  # one figure open at a time
        assert len(fig.alt_text) > 20 and "\n" not in fig.alt_text
        plt.close(fig)
        count += 1
    assert count == len(shown)


def test_show_pooling_description_gives_the_output_values():
    alt = show_pooling(ANCHOR, 2).alt_text
    assert "[[20, 11], [10, 18]]" in alt and "4 2x2 windows" in alt


def test_pooling_explorer_output_cells_are_reachable_by_keyboard():
    page = explorer_html(ANCHOR, 2)
    cells = re.findall(r'<td class="o(\d+)" tabindex="0" aria-label="([^"]+)"', page)
    assert [int(i) for i, _ in cells] == [0, 1, 2, 3]
    assert "output row 0, column 0: 20, the max of the window at rows 0 to 1" in cells[0][1]
    for i in range(4):
        assert f":has(.o{i}:focus) .w{i}" in page
    assert 'aria-label="input map 4x4"' in page


def test_pooling_controls_say_what_they_set():
    box = coursekit.pooling_explorer()
    for control in box.controls.values():
        assert control.description and control.tooltip


def test_image_explorer_pictures_carry_alt_text():
    box = coursekit.image_explorer(load_image("camera", size=64), kernel_size=4)
    images, _ = box.view.children
    first, second = (child.value for child in images.children)
    assert first.startswith("<img") and second.startswith("<img")
    assert 'alt="the 64x64 image, the window at rows 32 to 35, columns 32 to 35 framed' in first
    assert 'alt="the max-pooled 16x16 output, cell (8, 8) framed in red"' in second


def test_a_figure_output_in_a_notebook_is_an_img_with_its_alt():
    from coursekit.figures.display import _img_html

    assert _img_html(b"PNG", 'a "map"') == (
        '<img src="data:image/png;base64,UE5H" alt="a &quot;map&quot;">'
    )
    assert _img_html("UE5H", "x") == '<img src="data:image/png;base64,UE5H" alt="x">'
