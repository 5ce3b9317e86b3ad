"""Noise helpers: reproducible, and the average's spread shrinks like sigma/sqrt(n)."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import add_noise, feature_patch, noise_error


def test_feature_patch():
    x = feature_patch(6, 3, level=2.0)
    assert x.shape == (6, 6) and x[:3, :3].sum() == 18.0 and x.sum() == 18.0


def test_add_noise_is_reproducible_and_scaled():
    x = np.zeros((50, 50))
    a, b = add_noise(x, 0.5, seed=3), add_noise(x, 0.5, seed=3)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, add_noise(x, 0.5, seed=4))
    assert a.std() == pytest.approx(0.5, rel=0.05)
    assert np.array_equal(add_noise(x, 0), x)


def test_average_spread_follows_sigma_over_sqrt_n():
    x = feature_patch()
    err = noise_error(x, 0.4, 4, mode="avg", trials=3000)
    assert err == pytest.approx(0.4 / 4, rel=0.05)
    glob = noise_error(x, 0.4, mode="avg", trials=3000)
    assert glob == pytest.approx(0.4 / 8, rel=0.05)


def test_max_moves_more_than_average():
    x = feature_patch()
    for sigma in (0.1, 0.5):
        assert noise_error(x, sigma, 4, mode="max") > 3 * noise_error(x, sigma, 4, mode="avg")
    assert noise_error(x, 0.0, 4, mode="max") == 0.0


def test_errors():
    with pytest.raises(ValueError, match="`sigma` must be a number at least 0; got sigma=-1"):
        add_noise(np.zeros((2, 2)), -1)
    with pytest.raises(ValueError, match="`trials` must be a positive int; got trials=0"):
        noise_error(np.zeros((2, 2)), 0.1, trials=0)
    with pytest.raises(ValueError, match="`patch` must be at most `size`; got patch=5, size=4"):
        feature_patch(4, 5)
    with pytest.raises(ValueError, match="`mode` must be one of"):
        noise_error(np.zeros((2, 2)), 0.1, mode="mean")
