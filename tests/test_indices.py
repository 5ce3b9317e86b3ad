"""max_pool2d_with_indices and max_unpool2d: PyTorch's index convention and round trips."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coursekit import ANCHOR, max_pool2d_with_indices, max_unpool2d, pool2d
from tests import reference
from tests.test_pooling import _geometry


def test_anchor_indices_point_at_the_maxima():
    out, idx = max_pool2d_with_indices(ANCHOR, 2)
    assert idx.tolist() == [[1, 6], [13, 11]]
    assert idx.dtype == np.int64
    np.testing.assert_array_equal(ANCHOR.reshape(-1)[idx], out)


def test_first_maximum_wins_ties():
    x = np.array([[5, 5], [5, 5]])
    assert max_pool2d_with_indices(x, 2)[1].item() == 0
    y = np.array([[1.0, 7.0], [7.0, 2.0]])
    assert max_pool2d_with_indices(y, 2)[1].item() == 1


def test_nan_index_is_the_last_nan_like_pytorch():
    x = np.array([[np.nan, 1.0], [np.nan, 0.0]])
    out, idx = max_pool2d_with_indices(x, 2)
    assert np.isnan(out.item()) and idx.item() == 2


def test_indices_never_point_into_padding():
    x = -np.ones((3, 3))
    out, idx = max_pool2d_with_indices(x, 2, padding=1)
    assert (idx >= 0).all() and (idx < 9).all()
    np.testing.assert_array_equal(x.reshape(-1)[idx], out)


@settings(max_examples=200, deadline=None)
@given(geo=_geometry(), seed=st.integers(0, 2**32 - 1), lead=st.sampled_from([(), (2,), (2, 2)]))
def test_indices_match_reference(geo, seed, lead):
    H, W, k, s, p, d, ceil_mode = geo
    x = np.random.default_rng(seed).integers(0, 6, lead + (H, W)).astype(np.float32)
    try:
        out, idx = max_pool2d_with_indices(x, k, s, p, d, ceil_mode)
    except ValueError:
        return
    ref_out, ref_idx = reference.pool(x, k, s, p, d, ceil_mode, "max")
    np.testing.assert_array_equal(out, ref_out)
    np.testing.assert_array_equal(idx, ref_idx)


@settings(max_examples=100, deadline=None)
@given(geo=_geometry(), seed=st.integers(0, 2**32 - 1))
def test_unpool_then_pool_round_trip(geo, seed):
    H, W, k, s, p, d, ceil_mode = geo
    x = np.random.default_rng(seed).standard_normal((2, 3, H, W))
    try:
        out, idx = max_pool2d_with_indices(x, k, s, p, d, ceil_mode)
    except ValueError:
        return
    # A window made only of padding (dilation) has no input cell to point at;
    # PyTorch then reports its start guess, which may lie outside the plane.
    assume(np.isfinite(out).all())
    up = max_unpool2d(out, idx, (H, W))
    assert up.shape == x.shape
    # Every kept value is back where it came from; everything else is zero.
    planes, flat = up.reshape(6, -1), x.reshape(6, -1)
    for b in range(6):
        chosen = np.unique(idx.reshape(6, -1)[b])
        np.testing.assert_array_equal(planes[b, chosen], flat[b, chosen])
        others = np.setdiff1d(np.arange(H * W), chosen)
        assert (planes[b, others] == 0).all()


def test_unpool_restores_a_sparse_map():
    out, idx = max_pool2d_with_indices(ANCHOR, 2)
    up = max_unpool2d(out, idx, ANCHOR.shape)
    assert up.sum() == out.sum() and np.count_nonzero(up) == 4
    np.testing.assert_array_equal(pool2d(up, 2), out)
    assert max_unpool2d(out, idx, (1, 1, 4, 4)).shape == (4, 4)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (
            ([[1]], [[4]], (2, 2)),
            ValueError,
            r"`indices` must lie in \[0, H\*W\) = \[0, 4\).*found index 4",
        ),
        (([[1]], [[-1]], (2, 2)), ValueError, "found index -1"),
        (([[1]], [[0.0]], (2, 2)), TypeError, "`indices` must be integers"),
        (([[1, 2]], [[0]], (2, 2)), ValueError, "`indices` must have the shape of `out`"),
        (([[1]], [[0]], (2, 2, 2)), ValueError, "must be an int or a pair"),
        (([[1]], [[0]], (0, 2)), ValueError, "`output_size` must be positive"),
        (([[1]], [[0]], 2.0), TypeError, "`output_size` must be an int or a pair"),
    ],
)
def test_unpool_errors(args, error, match):
    out, idx, size = args
    if size == (2, 2, 2):
        with pytest.raises(error, match=match):
            max_unpool2d(out, idx, [(2, 2)])
        return
    with pytest.raises(error, match=match):
        max_unpool2d(out, idx, size)


def test_with_indices_errors_match_pool2d():
    with pytest.raises(ValueError, match="at most half of `kernel_size`"):
        max_pool2d_with_indices(ANCHOR, 2, padding=2)
    with pytest.raises(TypeError, match="real numeric"):
        max_pool2d_with_indices(np.array([["a"]]), 1)
