"""Figures: each draws what its name says, from values the engine computed."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from coursekit import (  # noqa: E402
    ANCHOR,
    feature_patch,
    iou,
    load_image,
    pool2d,
    pooled_change,
    pooled_sizes,
    shapes_mask,
    shift_map,
    show_head_params,
    show_image_pooling,
    show_map,
    show_mask_pooling,
    show_noise_error,
    show_pooling,
    show_repeated_pooling,
    show_shift,
    show_windows,
    upsample_nearest,
    window_rects,
)
from coursekit._render import CHANGED  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def _red(patch):
    return patch.get_edgecolor()[:3] == pytest.approx(matplotlib.colors.to_rgb(CHANGED))


def test_window_rects():
    assert window_rects((4, 4), 2) == [(0, 0, 2, 2), (0, 2, 2, 2), (2, 0, 2, 2), (2, 2, 2, 2)]
    assert window_rects((4, 4), 2, padding=1)[0] == (-1, -1, 2, 2)
    assert window_rects((4, 4), 3, stride=3, ceil_mode=True)[-1] == (3, 3, 3, 3)
    assert len(window_rects((5, 7), 3, stride=1)) == 3 * 5


def test_show_map_writes_every_value_and_outlines_windows():
    fig = show_map(ANCHOR, "anchor", windows=window_rects(ANCHOR.shape, 2))
    ax = fig.axes[0]
    assert sorted(_texts(ax), key=int) == sorted(map(str, ANCHOR.ravel()), key=int)
    assert len(ax.patches) == 4 and ax.get_title() == "anchor"


def test_show_pooling_output_panel_holds_pool2d_values():
    fig = show_pooling(ANCHOR, 2, mode="avg")
    inp, out = fig.axes[:2]
    expected = [f"{v:g}" for v in pool2d(ANCHOR, 2, mode="avg").ravel()]
    assert _texts(out) == expected
    assert "output 2x2" in out.get_title()
    assert len(inp.patches) == 4


@pytest.mark.parametrize("mode", ["max", "avg", "min"])
def test_show_windows_titles_give_each_window_and_its_result(mode):
    fig = show_windows(ANCHOR, 2, mode=mode)
    out = pool2d(ANCHOR, 2, mode=mode).ravel()
    titles = [ax.get_title() for ax in fig.axes]
    for (r, c, h, w), title, value in zip(window_rects(ANCHOR.shape, 2), titles, out, strict=True):
        values = ", ".join(str(v) for v in ANCHOR[r : r + h, c : c + w].ravel())
        assert title.startswith(f"{mode}({values})")
        assert title.endswith(f"= {value:g}")


def test_show_image_pooling_titles_give_shapes():
    img = load_image("coins", size=96)
    fig = show_image_pooling(img, 4)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0] == "input 96x96"
    assert titles[1:] == [f"{m} pool -> 24x24" for m in ("max", "avg", "min")]
    crop = show_image_pooling(img, 4, modes=("min",), crop=(slice(0, 40), slice(8, 48)))
    shown = crop.axes[1].images[0].get_array()
    assert shown.shape == (10, 10)
    assert np.array_equal(shown, pool2d(img, 4, mode="min")[0:10, 2:12])


def test_show_repeated_pooling_one_panel_per_stage():
    img = load_image("camera", size=64)
    fig = show_repeated_pooling(img, 3)
    sizes = [int(re.search(r"(\d+)x\d+", ax.get_title()).group(1)) for ax in fig.axes]
    assert sizes == pooled_sizes(64, 3)


@pytest.mark.parametrize("right", [1, 2, 3])
def test_show_shift_outlines_exactly_the_changed_cells(right):
    spot = np.zeros((6, 6), int)
    spot[2, 2] = 9
    fig = show_shift(spot, right=right)
    changed = pooled_change(spot, shift_map(spot, right=right))
    red = [p for p in fig.axes[3].patches if _red(p)]
    assert len(red) == int(changed.sum())
    assert f"{int(changed.sum())} cell" in fig.axes[3].get_title()


def test_show_noise_error_average_below_max():
    fig = show_noise_error(feature_patch(), [0.2, 0.6], 4)
    avg, mx, ref = fig.axes[0].lines
    assert (avg.get_ydata() < mx.get_ydata()).all()
    assert np.allclose(ref.get_ydata(), np.array([0.2, 0.6]) / 4)


def test_show_mask_pooling_reports_the_iou():
    mask = shapes_mask(64)
    fig = show_mask_pooling(mask, 2)
    back = upsample_nearest(pool2d(pool2d(mask.astype(float), 2), 2), 4) >= 0.5
    assert fig.axes[2].get_title() == f"upsampled back: IoU {iou(mask, back):.3f}"


def test_show_head_params_bars_are_the_counts():
    counts = {"flatten": 1290, "GAP": 90}
    fig = show_head_params(counts)
    widths = [p.get_width() for p in fig.axes[0].patches]
    assert widths == [1290, 90]
    assert _texts(fig.axes[0]) == ["1,290 (14.3x)", "90"]
    assert fig.axes[0].get_xscale() == "linear" and fig.axes[0].get_xlim()[0] == 0


def test_errors():
    with pytest.raises(ValueError, match="must have 2 to 2 dimensions"):
        show_map(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="`counts` must be a non-empty dict"):
        show_head_params({})
    with pytest.raises(ValueError, match="`mode` must be one of"):
        show_windows(ANCHOR, 2, mode="mean")


def test_adaptive_windows_of_an_empty_output_are_refused_with_the_rule():
    from coursekit import ANCHOR, show_adaptive_windows

    with pytest.raises(
        ValueError, match=r"`output_size` must be at least 1 to draw its windows; got output_size=0"
    ):
        show_adaptive_windows(ANCHOR, 0)
