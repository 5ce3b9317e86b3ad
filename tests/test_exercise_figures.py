"""The numbers behind the exercises' figures, and the figures' panels."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from coursekit import (
    ANCHOR,
    global_gradients,
    global_spread,
    pool2d,
    show_coverage,
    show_global_gradients,
    show_global_spread,
    show_masks,
    uncovered,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_3x3_stride_3_misses_the_last_row_and_column():
    missed = uncovered(ANCHOR.shape, 3, stride=3)
    expected = np.zeros((4, 4), bool)
    expected[3, :] = expected[:, 3] = True
    assert np.array_equal(missed, expected)
    assert ANCHOR[missed].max() == 18


@pytest.mark.parametrize("options", [{"ceil_mode": True}, {"padding": 1}])
def test_ceil_mode_and_padding_cover_every_cell(options):
    padding, ceil_mode = options.get("padding", 0), options.get("ceil_mode", False)
    assert not uncovered((4, 4), 3, 3, padding, ceil_mode=ceil_mode).any()


def test_2x2_covers_all_and_odd_sizes_drop_the_last_row():
    assert not uncovered((4, 4), 2).any()
    assert uncovered((5, 4), 2).sum() == 4


def test_coverage_titles_show_the_outputs_and_counts():
    fig = show_coverage(ANCHOR, 3, 3)
    titles = [ax.get_title() for ax in fig.axes]
    assert f"output {pool2d(ANCHOR, 3, 3).tolist()}, never seen: 7" in titles[0]
    assert f"{pool2d(ANCHOR, 3, 3, ceil_mode=True).tolist()}, never seen: 0" in titles[1]
    assert f"{pool2d(ANCHOR, 3, 3, 1).tolist()}, never seen: 0" in titles[2]
    hatched = [p for p in fig.axes[0].patches if p.get_hatch() == "//"]
    assert len(hatched) == 7


def test_spread_of_global_average_follows_sigma_over_root_hw():
    sigmas = [0.0, 0.5, 1.0, 2.0]
    spread = global_spread(np.zeros((7, 7)), sigmas, trials=4000)
    np.testing.assert_allclose(spread["avg"], np.array(sigmas) / 7, rtol=0.05)
    assert spread["avg"][0] == 0.0 == spread["max"][0]
    assert np.all(spread["max"][1:] > 2.5 * spread["avg"][1:])


def test_spread_does_not_depend_on_a_constant_map_for_the_average():
    a = global_spread(np.zeros((4, 4)), [1.0], trials=500)["avg"]
    b = global_spread(np.full((4, 4), 5.0), [1.0], trials=500)["avg"]
    np.testing.assert_allclose(a, b)


@pytest.mark.parametrize("bad", [1, 0, "many", 2.5])
def test_trials_must_be_at_least_two(bad):
    with pytest.raises(ValueError, match=r"`trials` must be an int of at least 2; got trials="):
        global_spread(np.zeros((3, 3)), [1.0], trials=bad)


def test_sigmas_must_be_non_negative():
    with pytest.raises(ValueError, match=r"`sigmas` must hold numbers at least 0; got -1"):
        global_spread(np.zeros((3, 3)), [1.0, -1])


def test_gradients_of_global_pooling():
    x = np.random.default_rng(0).normal(size=(7, 7))
    g = global_gradients(x)
    np.testing.assert_allclose(g["avg"], np.full((7, 7), 1 / 49))
    assert np.count_nonzero(g["max"]) == 1
    assert g["max"][np.unravel_index(np.argmax(x), x.shape)] == 1.0


def test_figures_have_their_panels():
    assert len(show_global_gradients(np.eye(7)).axes) == 2
    title = show_global_gradients(np.eye(7)).axes[1].get_title()
    assert "1 of 49 cells" in title
    assert len(show_global_spread(np.zeros((7, 7)), [0.0, 1.0], trials=20).axes[0].lines) == 3


def test_masks_panel_titles_carry_iou():
    m = np.zeros((8, 8), bool)
    m[:4] = True
    half = np.zeros((8, 8), bool)
    half[:2] = True
    fig = show_masks({"truth": m, "half": half, "image": m * 0.5}, m)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["truth\nIoU 1.000", "half\nIoU 0.500", "image"]
    with pytest.raises(ValueError, match=r"`masks` must be a non-empty dict"):
        show_masks([m])
