"""BlurPool: the binomial filter, output shapes, stability, and a torch reference."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest

from coursekit import ANCHOR, output_size, pool2d, shift_consistency
from coursekit.engine.blurpool import blur_filter, blur_pool2d


@pytest.mark.parametrize("size", range(1, 8))
def test_filter_is_a_normalised_binomial(size):
    filt = blur_filter(size)
    row = np.array([comb(size - 1, j) for j in range(size)], float)
    np.testing.assert_allclose(filt, np.outer(row, row) / row.sum() ** 2, rtol=1e-15)
    assert filt.shape == (size, size)
    assert filt.sum() == pytest.approx(1.0)
    np.testing.assert_array_equal(filt, filt.T)
    np.testing.assert_array_equal(filt, filt[::-1, ::-1])


def test_default_filter_is_zhangs_1331():
    np.testing.assert_array_equal(blur_filter() * 64, np.outer([1, 3, 3, 1], [1, 3, 3, 1]))


@pytest.mark.parametrize("n", [2, 3, 4, 5, 8, 9, 31, 64])
def test_shapes_match_max_pooling_on_even_sizes(n):
    x = np.random.default_rng(n).normal(size=(2, 3, n, n + 1))
    out = blur_pool2d(x)
    m_h, m_w = n - 1, n  # after the dense 2x2 max with stride 1
    assert out.shape == (2, 3, (m_h - 1) // 2 + 1, (m_w - 1) // 2 + 1)
    if n % 2 == 0:
        assert out.shape[-2] == output_size(n, 2)


def test_constant_input_stays_constant_and_dtypes():
    for mode in ("max", "avg", "min", None):
        np.testing.assert_allclose(blur_pool2d(np.full((7, 6), 3.0), mode=mode), 3.0)
    assert blur_pool2d(ANCHOR).dtype == np.float64
    assert blur_pool2d(ANCHOR.astype(np.float32)).dtype == np.float32


def test_filter_size_one_is_dense_pooling_then_subsampling():
    x = np.random.default_rng(0).normal(size=(9, 8))
    np.testing.assert_array_equal(blur_pool2d(x, filter_size=1), pool2d(x, 2, 1)[::2, ::2])


def test_matches_reflect_pad_and_strided_convolution_in_torch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    x = np.random.default_rng(1).normal(size=(2, 3, 10, 11))
    for size in (2, 3, 4, 5):
        filt = torch.tensor(blur_filter(size))[None, None].repeat(3, 1, 1, 1)
        dense = F.max_pool2d(torch.tensor(x), 2, 1)
        padded = F.pad(dense, [(size - 1) // 2, size // 2] * 2, mode="reflect")
        want = F.conv2d(padded, filt, stride=2, groups=3).numpy()
        np.testing.assert_allclose(blur_pool2d(x, filter_size=size), want, rtol=1e-12)


def test_blur_is_more_shift_consistent_than_max_on_a_photo():
    from coursekit import load_image

    img = load_image("camera")
    spots = np.random.default_rng(0).integers(0, 512 - 64, size=(32, 2))
    crops = np.stack([img[r : r + 64, c : c + 64] for r, c in spots])
    max_c = shift_consistency(crops, lambda m: pool2d(m, 2))
    blur_c = shift_consistency(crops, lambda m: blur_pool2d(m))
    assert 0 <= max_c < blur_c <= 1


def test_shift_consistency_counts_changed_cells():
    x = np.zeros((4, 8))
    x[:, 1] = 1.0  # a thin line: pooled 2x2 max shifts between windows
    # Moved one column the line changes the pooled row; moved one row nothing changes.
    value = shift_consistency(x, lambda m: pool2d(m, 2, 1), tol=0.0)
    assert 0 < value < 1
    assert shift_consistency(x, lambda m: m * 0, tol=0.0) == 1.0


def test_bad_inputs():
    with pytest.raises(TypeError, match=r"`filter_size` must be an int from 1 to 7; got 4.0"):
        blur_filter(4.0)
    with pytest.raises(ValueError, match=r"`filter_size` must be from 1 to 7; got filter_size=9"):
        blur_pool2d(ANCHOR, filter_size=9)
    with pytest.raises(ValueError, match=r"`stride` must be positive"):
        blur_pool2d(ANCHOR, stride=0)
    with pytest.raises(ValueError, match=r"`mode` must be one of"):
        blur_pool2d(ANCHOR, mode="blur")
    with pytest.raises(TypeError, match=r"`kernel_size` must be an int or a pair of ints"):
        blur_pool2d(ANCHOR, "2", mode=None)
    with pytest.raises(TypeError, match=r"`pool` must be a function of a map"):
        shift_consistency(ANCHOR, "max")
    with pytest.raises(TypeError, match=r"`shift` must be an int"):
        shift_consistency(ANCHOR, np.abs, shift=0.5)
    with pytest.raises(ValueError, match=r"`shift` must be at least 1 and smaller than the image"):
        shift_consistency(ANCHOR, np.abs, shift=4)
    with pytest.raises(ValueError, match=r"`tol` must be non-negative; got tol=-1"):
        shift_consistency(ANCHOR, np.abs, tol=-1)
    with pytest.raises(TypeError, match=r"`tol` must be a number"):
        shift_consistency(ANCHOR, np.abs, tol="5%")
