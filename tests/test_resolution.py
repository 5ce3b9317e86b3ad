"""Repeated pooling, nearest upsampling, IoU and the synthetic mask."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import ANCHOR, iou, pool2d, pool_repeatedly, shapes_mask, upsample_nearest


def test_pool_repeatedly_is_pool2d_applied_again():
    stages = pool_repeatedly(ANCHOR, 2)
    assert stages[0] is not None and np.array_equal(stages[0], ANCHOR)
    assert np.array_equal(stages[1], pool2d(ANCHOR, 2))
    assert stages[2].tolist() == [[int(ANCHOR.max())]]
    avg = pool_repeatedly(ANCHOR, 2, mode="avg")
    assert float(avg[-1][0, 0]) == ANCHOR.mean()


def test_upsample_nearest_blocks_and_size():
    x = np.arange(6).reshape(2, 3)
    up = upsample_nearest(x, 2)
    assert up.shape == (4, 6)
    assert np.array_equal(up[::2, ::2], x) and np.array_equal(up[1::2, 1::2], x)
    assert upsample_nearest(x, (1, 3)).shape == (2, 9)
    fitted = upsample_nearest(x, 2, size=(5, 5))
    assert fitted.shape == (5, 5) and np.array_equal(fitted[4], fitted[3])


def test_iou():
    a = np.zeros((4, 4), bool)
    a[:2] = True
    b = np.zeros((4, 4), bool)
    b[1:3] = True
    assert iou(a, b) == pytest.approx(4 / 12)
    assert iou(a, a) == 1.0
    assert iou(np.zeros((2, 2)), np.zeros((2, 2))) == 1.0


def test_pooled_mask_loses_detail():
    mask = shapes_mask(256)
    assert mask.dtype == bool and 0 < mask.mean() < 0.5
    restored = upsample_nearest(pool_repeatedly(mask.astype(float), 3)[-1], 8) >= 0.5
    assert restored.sum() > mask.sum()  # max pooling fattens
    assert (restored | ~mask).all()  # and never drops a pixel
    assert iou(mask, restored) < 0.9
    assert iou(mask, upsample_nearest(pool_repeatedly(mask.astype(float), 1)[-1], 2)) > iou(
        mask, restored
    )


def test_errors():
    with pytest.raises(ValueError, match="`times` must be a non-negative int; got times=-1"):
        pool_repeatedly(ANCHOR, -1)
    with pytest.raises(ValueError, match="`scale` must be positive"):
        upsample_nearest(ANCHOR, 0)
    with pytest.raises(ValueError, match=r"`a` and `b` must have the same shape; got \(4, 4\)"):
        iou(np.ones((4, 4)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="`size` must be at least 32; got size=8"):
        shapes_mask(8)
