"""The lessons' general claims, and the limits they now state, hold beyond the one
example each lesson shows: other sizes, directions, noise levels and images.

A reviewer tested every general statement of lessons 00-20 on other inputs; where a
claim held only for the example, the lesson now says when it holds. These tests keep
both halves true: the claim where the lesson makes it, and the counterexample the
lesson names.
"""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import (
    add_noise,
    encode_decode,
    global_pool,
    head_params,
    iou,
    load_image,
    pool2d,
    pool_repeatedly,
    pool_then_upsample,
    pooled_change,
    pooled_sizes,
    shapes_mask,
    shift_map,
    upsample_nearest,
)


def test_01_each_pool_divides_the_head_by_four_while_sides_are_even():
    heads = [head_params((64, s, s), 10, bias=False) for s in pooled_sizes(224, 3)]
    assert all(a == 4 * b for a, b in zip(heads, heads[1:], strict=False))
    odd = [head_params((64, s, s), 10, bias=False) for s in pooled_sizes(28, 3)]  # 28 14 7 3
    assert odd[0] == 4 * odd[1] == 16 * odd[2] and odd[2] / odd[3] > 5


@pytest.mark.parametrize("dtype", [np.int16, np.int64, np.float32])
def test_04_min_is_minus_max_of_minus_for_signed_data(dtype):
    x = np.random.default_rng(0).integers(0, 200, (6, 8)).astype(dtype)
    np.testing.assert_array_equal(-pool2d(-x, 2), pool2d(x, 2, mode="min"))


def test_04_unsigned_data_wraps_when_negated():
    x = np.array([[0, 10], [20, 30]], dtype=np.uint8)
    assert (-pool2d(-x, 2)).tolist() == [[10]] and pool2d(x, 2, mode="min").tolist() == [[0]]
    signed = x.astype(np.int16)
    assert (-pool2d(-signed, 2)).tolist() == [[0]]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("right, down", [(2, 0), (0, 2), (-2, 0), (0, -2), (4, 2)])
def test_05_a_shift_by_the_stride_moves_the_output_when_nothing_is_dropped(seed, right, down):
    m = np.zeros((8, 8))
    r, c = np.random.default_rng(seed).integers(2, 6, 2)
    m[r, c] = 9.0  # inside, away from the edges: nothing falls off
    moved = pool2d(shift_map(m, right=right, down=down), 2)
    np.testing.assert_array_equal(moved, shift_map(pool2d(m, 2), right=right // 2, down=down // 2))


def test_05_an_odd_map_brings_a_dropped_column_in():
    m = np.array([[0, 0, 0, 0, 9]] * 2)
    assert pool2d(shift_map(m, right=-2), 2).tolist() == [[0, 9]]
    assert shift_map(pool2d(m, 2), right=-1).tolist() == [[0, 0]]


def test_06_gap_is_the_same_at_every_resolution_when_the_window_divides_the_sides():
    camera = load_image("camera").astype(np.float64)
    values = [float(global_pool(pool2d(camera, k, mode="avg"))) for k in (1, 2, 4, 8)]
    assert max(values) - min(values) < 1e-9 * abs(values[0])
    coins = load_image("coins").astype(np.float64)  # 303 x 384: 2x2 drops the last row
    assert abs(float(global_pool(pool2d(coins, 2, mode="avg"))) - float(global_pool(coins))) > 1e-4


def _skip_toy(sigma, seed=0):
    mask = shapes_mask(256)
    coarse = upsample_nearest(pool_repeatedly(mask.astype(float), 2)[-1], 4) >= 0.5
    fine = add_noise(mask.astype(float), sigma, seed=seed) > 0.5
    return iou(mask, fine), iou(mask, coarse), iou(mask, coarse & fine)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_08_the_skip_toy_beats_both_paths_at_the_lessons_noise_only(seed):
    fine, coarse, both = _skip_toy(0.45, seed)
    assert both > max(fine, coarse)
    fine, coarse, both = _skip_toy(0.6, seed)
    assert coarse > both  # much more noise: the coarse mask alone does better


def test_14_the_skip_path_wins_at_moderate_noise_and_loses_at_more():
    mask = shapes_mask(256)

    def scores(sigma):
        img = add_noise(mask.astype(float), sigma, seed=0)
        deep = iou(mask, encode_decode(img, 3, skips=False) > 0.5)
        skips = iou(mask, encode_decode(img, 3, skips=True, mix=0.5) > 0.5)
        return iou(mask, img > 0.5), deep, skips

    pixels, deep, skips = scores(0.3)
    assert skips > max(pixels, deep)
    _, deep, skips = scores(0.5)
    assert deep > skips


@pytest.mark.parametrize(
    "rows, survives",
    [((0, 3), False), ((1, 4), False), ((5, 11), False), ((8, 12), True), ((4, 11), True)],
)
def test_08_average_pooling_erases_up_to_a_block_when_an_edge_splits_it(rows, survives):
    """8-pixel blocks: 3 pixels always vanish; 6 pixels split 3 + 3 by a block edge vanish;
    4 pixels inside one block, or 7 split 4 + 3, survive."""
    bar = np.zeros((64, 64), bool)
    bar[rows[0] : rows[1]] = True
    assert pool_then_upsample(bar, 3, mode="avg").any() == survives


def _breaking_positions(size):
    count = 0
    for r in range(size):
        for c in range(size):
            single = np.zeros((size, size))
            single[r, c] = 9
            count += bool(pooled_change(single, shift_map(single, right=1)).any())
    return count


def test_11_half_of_the_positions_break_invariance_on_an_even_map_only():
    assert _breaking_positions(6) * 2 == 36 and _breaking_positions(8) * 2 == 64
    assert _breaking_positions(5) * 2 < 25 and _breaking_positions(7) * 2 < 49
