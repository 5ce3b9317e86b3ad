"""Exercise 5's segmentation pieces: blocky masks after pooling, and a skip path that helps."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import shapes_mask
from coursekit.measures.noise import add_noise
from coursekit.measures.resolution import iou
from coursekit.measures.segmentation import encode_decode, pool_then_upsample


@pytest.fixture(scope="module")
def mask():
    return shapes_mask(256)


def _block_constant(m, block):
    h, w = m.shape
    blocks = m.reshape(h // block, block, w // block, block)
    return bool(np.all(blocks == blocks[:, :1, :, :1]))


def test_max_pooling_grows_the_mask_to_8_pixel_blocks(mask):
    back = pool_then_upsample(mask, 3)
    assert back.shape == mask.shape and back.dtype == bool
    assert _block_constant(back, 8) and not _block_constant(mask, 8)
    assert np.all(back[mask]), "max pooling never drops a pixel that was inside"
    assert back.sum() > mask.sum()
    assert iou(mask, back) < 0.9


def test_average_pooling_loses_structures_thinner_than_half_a_block():
    m = np.zeros((64, 64), bool)
    m[8:10, :] = True  # 2 px bar, a quarter of an 8-px block
    m[32:48, :] = True  # 16 px bar, two whole blocks
    back = pool_then_upsample(m, 3, mode="avg")
    assert not back[8:10].any()
    assert back[32:48].all()
    assert iou(m, back) == pytest.approx(16 / 18)


def test_zero_pools_give_the_mask_back(mask):
    assert np.array_equal(pool_then_upsample(mask, 0), mask)


def test_block_is_two_to_the_number_of_pools(mask):
    for times in (1, 2, 3, 4):
        back = pool_then_upsample(mask, times)
        assert _block_constant(back, 2**times)
        if times < 4:
            assert not _block_constant(back, 2 ** (times + 1))


def test_without_skips_the_decoder_only_upsamples_the_deepest_level():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 16))
    coarse = x.reshape(2, 8, 2, 8).mean(axis=(1, 3))
    expected = np.kron(coarse, np.ones((8, 8)))
    np.testing.assert_allclose(encode_decode(x, 3, skips=False), expected)
    np.testing.assert_allclose(encode_decode(x, 3, mix=1.0), expected)


def test_mix_zero_is_the_skip_alone_and_returns_the_input():
    x = np.arange(64.0).reshape(8, 8)
    np.testing.assert_allclose(encode_decode(x, 3, mix=0.0), x)


def test_skip_path_beats_both_the_deep_path_and_the_pixels_alone(mask):
    noisy = add_noise(mask.astype(float), 0.3, seed=0)
    per_pixel = iou(mask, noisy > 0.5)
    deep = iou(mask, encode_decode(noisy, 3, skips=False) > 0.5)
    both = iou(mask, encode_decode(noisy, 3) > 0.5)
    assert both > max(per_pixel, deep) + 0.1


def test_skip_restores_a_thin_bar_the_deep_path_loses():
    m = np.zeros((32, 32))
    m[4:6, :] = 1.0
    assert not (encode_decode(m, 3, skips=False) > 0.5).any()
    assert np.array_equal(encode_decode(m, 3) > 0.5, m > 0.5)


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_times_must_be_a_non_negative_int(bad):
    with pytest.raises(ValueError, match=r"`times` must be a non-negative int .*got times="):
        pool_then_upsample(np.zeros((8, 8)), bad)
    with pytest.raises(ValueError, match=r"`times` must be a non-negative int"):
        encode_decode(np.zeros((8, 8)), bad)


def test_sides_must_divide_by_the_block():
    with pytest.raises(
        ValueError, match=r"divisible by 2\*\*times = 8 .*shape \(12, 16\).*x\[:8, :16\]"
    ):
        pool_then_upsample(np.zeros((12, 16)), 3)
    with pytest.raises(ValueError, match=r"divisible by 2\*\*times = 4"):
        encode_decode(np.zeros((8, 6)), 2)


@pytest.mark.parametrize("bad", [-0.1, 1.5, True, "half"])
def test_mix_must_lie_between_zero_and_one(bad):
    with pytest.raises(ValueError, match=r"`mix` must be a number from 0 .* to 1 .*got mix="):
        encode_decode(np.zeros((8, 8)), 3, mix=bad)


def test_bad_maps_get_the_engine_messages():
    with pytest.raises(ValueError, match=r"`mask` must have 2 to 2 dimensions"):
        pool_then_upsample(np.zeros(8), 1)
    with pytest.raises(TypeError, match=r"`x` must be a real numeric array"):
        encode_decode([["a", "b"], ["c", "d"]], 1)
    with pytest.raises(TypeError, match=r"`threshold` must be a real number"):
        pool_then_upsample(np.zeros((8, 8)), 1, threshold="0.5")
    with pytest.raises(TypeError, match=r"`skips` must be True or False"):
        encode_decode(np.zeros((8, 8)), 1, skips=1)
