"""adaptive_pool2d against its definition, ordinary pooling and PyTorch."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import ANCHOR, global_pool, pool2d
from coursekit.engine.adaptive import adaptive_bounds, adaptive_pool2d


def by_definition(x, oh, ow, mode):
    """Loop over output cells; window i is floor(i*n/out) <= j < ceil((i+1)*n/out)."""
    H, W = x.shape
    out = np.empty((oh, ow))
    reduce = {"avg": np.mean, "max": np.max, "min": np.min}[mode]
    for i in range(oh):
        for j in range(ow):
            r0, r1 = math.floor(i * H / oh), math.ceil((i + 1) * H / oh)
            c0, c1 = math.floor(j * W / ow), math.ceil((j + 1) * W / ow)
            out[i, j] = reduce(x[r0:r1, c0:c1])
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 12),
    st.integers(1, 12),
    st.integers(1, 14),
    st.integers(1, 14),
    st.sampled_from(["avg", "max", "min"]),
    st.integers(0, 2**32 - 1),
)
def test_matches_definition(H, W, oh, ow, mode, seed):
    x = np.random.default_rng(seed).integers(-5, 6, size=(H, W)).astype(float)
    got = adaptive_pool2d(x, (oh, ow), mode=mode)
    np.testing.assert_allclose(got, by_definition(x, oh, ow, mode), rtol=1e-12, atol=1e-12)


@given(st.integers(1, 50), st.integers(1, 50))
def test_bounds_cover_the_axis_without_gaps(n, out):
    starts, ends = adaptive_bounds(n, out)
    assert starts[0] == 0 and ends[-1] == n
    assert np.all(ends > starts)
    assert np.all(starts[1:] <= ends[:-1])  # no gap between neighbours
    if out <= n:
        assert np.all(starts[1:] >= ends[:-1] - 1)  # overlap of at most one cell


def test_divisible_sizes_are_ordinary_pooling():
    x = np.random.default_rng(0).normal(size=(2, 3, 12, 8))
    for mode in ("avg", "max", "min"):
        np.testing.assert_allclose(
            adaptive_pool2d(x, (3, 2), mode=mode), pool2d(x, (4, 4), mode=mode), rtol=1e-12
        )


def test_output_size_one_is_global_pooling():
    x = np.random.default_rng(1).normal(size=(2, 3, 7, 5))
    for mode in ("avg", "max", "min"):
        np.testing.assert_allclose(
            adaptive_pool2d(x, 1, mode=mode)[..., 0, 0], global_pool(x, mode=mode), rtol=1e-12
        )
    assert adaptive_pool2d(ANCHOR, 1)[0, 0] == 10.0


def test_none_keeps_an_axis_and_dtypes():
    x = np.arange(30, dtype=np.int32).reshape(5, 6)
    assert adaptive_pool2d(x, (None, 2), mode="max").shape == (5, 2)
    assert adaptive_pool2d(x, (2, None)).shape == (2, 6)
    assert adaptive_pool2d(x, 2, mode="max").dtype == np.int32
    assert adaptive_pool2d(x, 2).dtype == np.float64
    assert adaptive_pool2d(x.astype(np.float32), 2).dtype == np.float32
    assert adaptive_pool2d(x.astype(np.float16), 2).dtype == np.float16
    np.testing.assert_array_equal(adaptive_pool2d(x, (None, None), mode="max"), x)


def test_any_input_size_gives_the_same_output_shape():
    rng = np.random.default_rng(2)
    shapes = {adaptive_pool2d(rng.normal(size=(4, h, w)), 3).shape for h, w in [(9, 9), (31, 17)]}
    assert shapes == {(4, 3, 3)}


def test_nan_propagates_in_max():
    x = np.zeros((4, 4))
    x[0, 0] = np.nan
    out = adaptive_pool2d(x, 2, mode="max")
    assert np.isnan(out[0, 0]) and not np.isnan(out[1, 1])


def test_bad_inputs():
    with pytest.raises(TypeError, match=r"`output_size` must be an int, a pair of ints, or None"):
        adaptive_pool2d(ANCHOR, 2.5)
    with pytest.raises(TypeError, match=r"None is allowed only inside a pair"):
        adaptive_pool2d(ANCHOR, None)
    with pytest.raises(ValueError, match=r"`output_size` must be an int or a pair .*length 3"):
        adaptive_pool2d(ANCHOR, (1, 2, 3))
    with pytest.raises(TypeError, match=r"`output_size` must hold ints"):
        adaptive_pool2d(ANCHOR, (2, "2"))
    with pytest.raises(ValueError, match=r"`output_size` must be at least 0 .*\(-1, 2\)"):
        adaptive_pool2d(ANCHOR, (-1, 2))
    with pytest.raises(ValueError, match=r"`mode` must be one of"):
        adaptive_pool2d(ANCHOR, 2, mode="median")
    with pytest.raises(ValueError, match=r"`x` must have 2 to 4 dimensions"):
        adaptive_pool2d(np.ones(4), 2)
    with pytest.raises(TypeError, match=r"`n` must be an int; got 4.0"):
        adaptive_bounds(4.0, 2)
    with pytest.raises(ValueError, match=r"`out` must be positive \(at least 1\); got out=0"):
        adaptive_bounds(4, 0)


def test_torch_adaptive_pooling():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(3)
    for H, W, size in [(7, 5, (3, 2)), (10, 10, 4), (5, 9, (None, 4)), (3, 4, (6, 7))]:
        x = rng.normal(size=(2, 3, H, W))
        t = torch.tensor(x)
        np.testing.assert_allclose(
            adaptive_pool2d(x, size), F.adaptive_avg_pool2d(t, size).numpy(), rtol=1e-12
        )
        np.testing.assert_array_equal(
            adaptive_pool2d(x, size, mode="max"), F.adaptive_max_pool2d(t, size).numpy()
        )


@pytest.mark.parametrize("size", [0, (0, 2), (2, 0), (0, None)])
@pytest.mark.parametrize("mode", ["avg", "max", "min"])
def test_an_output_size_of_zero_gives_an_empty_output_as_pytorch_does(size, mode):
    x = np.ones((2, 3, 4, 5), dtype=np.float32)
    got = adaptive_pool2d(x, size, mode=mode)
    oh, ow = (size, size) if isinstance(size, int) else size
    assert got.shape == (2, 3, oh, 5 if ow is None else ow) and got.dtype == np.float32
    torch = pytest.importorskip("torch")
    fn = (
        torch.nn.functional.adaptive_avg_pool2d
        if mode == "avg"
        else (torch.nn.functional.adaptive_max_pool2d)
    )
    assert tuple(fn(torch.from_numpy(x), size).shape) == got.shape
