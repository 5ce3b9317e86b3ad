"""Parameter counts: the course's numbers follow from the definitions."""

from __future__ import annotations

import pytest

from coursekit import conv_params, dense_params, head_params, pooled_sizes


@pytest.mark.parametrize(("n_in", "n_out"), [(1, 1), (8, 10), (128, 10), (25088, 1000)])
def test_dense_is_weights_plus_biases(n_in, n_out):
    assert dense_params(n_in, n_out) == n_in * n_out + n_out
    assert dense_params(n_in, n_out, bias=False) == n_in * n_out


def test_exercise_3_numbers():
    flat, gap = head_params((8, 4, 4), 10), head_params((8, 4, 4), 10, head="gap")
    assert (flat, gap) == (4 * 4 * 8 * 10 + 10, 8 * 10 + 10)
    assert round(flat / gap, 2) == 14.33
    assert (
        head_params((8, 4, 4), 10, bias=False) / head_params((8, 4, 4), 10, head="gap", bias=False)
        == 16
    )


def test_network_scale_numbers():
    assert head_params((512, 7, 7), 1000, bias=False) == 7 * 7 * 512 * 1000
    assert head_params((512, 7, 7), 1000, head="gap", bias=False) == 512 * 1000


def test_head_shrinks_by_window_area_per_pool():
    sides = pooled_sizes(224, 5)
    counts = [head_params((64, s, s), 10, bias=False) for s in sides]
    assert all(a == 4 * b for a, b in zip(counts, counts[1:], strict=False))


def test_conv_params_do_not_depend_on_map_size():
    assert conv_params(3, 64, 3) == 3 * 64 * 9 + 64
    assert conv_params(3, 64, (3, 5), bias=False) == 3 * 64 * 15


def test_pooled_sizes_follow_output_size():
    assert pooled_sizes(256, 3) == [256, 128, 64, 32]
    assert pooled_sizes(7, 2) == [7, 3, 1]
    assert pooled_sizes(9, 1, kernel_size=3, stride=2) == [9, 4]
    assert pooled_sizes(5, 0) == [5]


def test_errors():
    with pytest.raises(ValueError, match=r"`n_in` must be positive \(at least 1\); got n_in=0"):
        dense_params(0, 10)
    with pytest.raises(TypeError, match="`n_out` must be an int; got 2.5"):
        dense_params(3, 2.5)
    with pytest.raises(TypeError, match="`bias` must be True or False"):
        dense_params(3, 2, bias=1)
    with pytest.raises(ValueError, match=r"`shape` must be a triple \(C, H, W\)"):
        head_params((4, 4), 10)
    with pytest.raises(ValueError, match="`head` must be one of 'flatten', 'gap'; got head='avg'"):
        head_params((8, 4, 4), 10, head="avg")
    with pytest.raises(ValueError, match="`height` must be positive"):
        head_params((8, 0, 4), 10)
    with pytest.raises(ValueError, match="`times` must be a non-negative int"):
        pooled_sizes(8, -1)
    with pytest.raises(ValueError, match="window is larger than the padded input"):
        pooled_sizes(4, 3)
    with pytest.raises(ValueError, match="`kernel_size` must be positive"):
        conv_params(1, 1, 0)
