"""Differential tests: coursekit against PyTorch's CPU pooling, when torch is installed.

`make test` installs the local CPU wheel of torch 2.13 where the machine has one;
elsewhere these tests are skipped and the rest of the suite still runs.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import global_pool, max_pool2d_with_indices, max_unpool2d, output_size, pool2d
from tests.test_pooling import ENGINE_PATHS, _geometry, engine_path

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _torch_pool(x, k, s, p, d, ceil_mode, mode, count_include_pad=True):
    t = torch.from_numpy(np.ascontiguousarray(x))
    if mode == "max":
        out, idx = F.max_pool2d(t, k, s, p, d, ceil_mode=ceil_mode, return_indices=True)
        return out.numpy(), idx.numpy()
    if mode == "min":
        out, idx = F.max_pool2d(-t, k, s, p, d, ceil_mode=ceil_mode, return_indices=True)
        return (-out).numpy(), idx.numpy()
    out = F.avg_pool2d(t, k, s, p, ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    return out.numpy(), None


@settings(max_examples=400, deadline=None)
@given(
    geo=_geometry(),
    mode=st.sampled_from(["max", "avg", "min"]),
    count_include_pad=st.booleans(),
    dtype=st.sampled_from([np.float32, np.float64]),
    nan=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
    path=st.sampled_from(ENGINE_PATHS),
)
def test_agrees_with_pytorch(geo, mode, count_include_pad, dtype, nan, seed, path):
    H, W, k, s, p, d, ceil_mode = geo
    if mode == "avg":
        d = (1, 1)
    rng = np.random.default_rng(seed)
    x = rng.integers(-3, 4, (2, 3, H, W)).astype(dtype)  # ties on purpose
    if nan:
        x[0, 1, rng.integers(H), rng.integers(W)] = np.nan
    try:
        ref, ref_idx = _torch_pool(x, k, s, p, d, ceil_mode, mode, count_include_pad)
    except RuntimeError:
        with pytest.raises(ValueError):
            pool2d(x, k, s, p, mode=mode, dilation=d, ceil_mode=ceil_mode)
        return
    with engine_path(path):
        out = pool2d(
            x,
            k,
            s,
            p,
            mode=mode,
            dilation=d,
            ceil_mode=ceil_mode,
            count_include_pad=count_include_pad,
        )
    assert out.shape == ref.shape and out.dtype == ref.dtype
    np.testing.assert_allclose(out, ref, rtol=1e-6, atol=1e-6, equal_nan=True)
    assert output_size(x.shape[-2:], k, s, p, d, ceil_mode) == out.shape[-2:]
    if mode == "max":
        _, idx = max_pool2d_with_indices(x, k, s, p, d, ceil_mode)
        np.testing.assert_array_equal(idx, ref_idx)


@pytest.mark.parametrize(
    ("kwargs", "shape"),
    [
        ({"kernel_size": 4, "padding": 3}, (6, 6)),
        ({"kernel_size": 5}, (4, 4)),
        ({"kernel_size": 3, "dilation": 3}, (5, 5)),
        ({"kernel_size": 2, "stride": 0}, (4, 4)),
        ({"kernel_size": 2, "padding": -1}, (4, 4)),
    ],
)
def test_rejects_what_pytorch_rejects(kwargs, shape):
    x = np.zeros((1, 1) + shape, dtype=np.float32)
    with pytest.raises((RuntimeError, ValueError)):
        F.max_pool2d(torch.from_numpy(x), **kwargs)
    with pytest.raises(ValueError):
        pool2d(x, **kwargs)


def test_global_average_matches_adaptive_avg_pool():
    x = np.random.default_rng(0).standard_normal((4, 8, 7, 7)).astype(np.float32)
    ref = F.adaptive_avg_pool2d(torch.from_numpy(x), 1).numpy()[..., 0, 0]
    np.testing.assert_allclose(global_pool(x), ref, rtol=1e-5, atol=1e-6)


def test_unpool_matches_pytorch():
    x = np.random.default_rng(1).standard_normal((2, 3, 6, 7)).astype(np.float32)
    out, idx = max_pool2d_with_indices(x, 3, 2, 1)
    ref = F.max_unpool2d(
        torch.from_numpy(out), torch.from_numpy(idx), 3, 2, 1, output_size=(6, 7)
    ).numpy()
    np.testing.assert_array_equal(max_unpool2d(out, idx, (6, 7)), ref)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8])
def test_integer_max_matches_pytorch(dtype):
    x = np.random.default_rng(2).integers(0, 100, (2, 2, 9, 9)).astype(dtype)
    t = torch.from_numpy(x.astype(np.int64))
    ref = F.max_pool2d(t, 3, 2, 1).numpy()
    np.testing.assert_array_equal(pool2d(x, 3, 2, 1), ref)
