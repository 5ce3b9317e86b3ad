"""pool2d, output_size and global_pool: the post's figures, properties, errors."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit import ANCHOR, global_pool, output_size, pool2d, pool2d_backward
from coursekit.engine import passes, pooling
from tests import reference

ENGINE_PATHS = ["small", "blocked", "in_place"]


@contextmanager
def engine_path(path: str):
    """Force one of the engine's three paths for any size of input.

    "small": strided taps on a padded copy; "blocked": the separable passes over
    blocks of planes; "in_place": taps combined straight into the output, the
    path for single planes too large for the blocked path's temporaries.
    """
    old = pooling._SMALL, passes._MEMORY_BUDGET
    pooling._SMALL = 10**9 if path == "small" else 0
    if path == "in_place":
        passes._MEMORY_BUDGET = 0.0
    try:
        yield
    finally:
        pooling._SMALL, passes._MEMORY_BUDGET = old


# ---------------------------------------------------------------- the post's figures


def test_anchor_is_the_posts_map_and_read_only():
    assert ANCHOR.shape == (4, 4)
    assert ANCHOR.dtype.kind == "i"
    assert int(ANCHOR.sum()) == 160
    assert ANCHOR[0].tolist() == [12, 20, 3, 7]
    assert ANCHOR[3].tolist() == [2, 10, 5, 16]
    with pytest.raises(ValueError, match="read-only"):
        ANCHOR[0, 0] = 1


def test_max_pool_of_anchor():
    out = pool2d(ANCHOR, 2)
    assert out.tolist() == [[20, 11], [10, 18]]
    assert out.dtype == ANCHOR.dtype


def test_avg_pool_of_anchor_is_quadrant_sums_over_four():
    out = pool2d(ANCHOR, 2, mode="avg")
    assert out.dtype == np.float64
    sums = np.array([[55, 25], [27, 53]])
    np.testing.assert_array_equal(out, sums / 4)
    assert out.tolist() == [[13.75, 6.25], [6.75, 13.25]]


def test_min_pool_of_anchor():
    assert pool2d(ANCHOR, 2, mode="min").tolist() == [[8, 3], [2, 5]]


def test_global_average_is_ten_not_9_375():
    gap = global_pool(ANCHOR)
    assert gap == 10.0
    assert gap != 9.375
    assert gap == pool2d(ANCHOR, 2, mode="avg").mean()
    assert np.ndim(gap) == 0


def test_exercise_1_figures():
    assert output_size(4, 3, stride=3) == 1
    assert pool2d(ANCHOR, 3, stride=3).tolist() == [[20]]
    assert pool2d(ANCHOR, 3, stride=3, ceil_mode=True).tolist() == [[20, 18], [10, 16]]
    assert pool2d(ANCHOR, 3, stride=3, padding=1).tolist() == [[20, 11], [10, 18]]


def test_translation_inside_a_window_keeps_the_max():
    moved = ANCHOR.copy()
    moved[0, 1], moved[1, 0] = moved[1, 0], moved[0, 1]  # 20 from (0,1) to (1,0)
    np.testing.assert_array_equal(pool2d(moved, 2), pool2d(ANCHOR, 2))
    across = np.roll(ANCHOR, 1, axis=1)
    assert not np.array_equal(pool2d(across, 2), pool2d(ANCHOR, 2))


def test_segmentation_sizes():
    sides = [256]
    for _ in range(3):
        sides.append(output_size(sides[-1], 2, stride=2))
    assert sides[1:] == [128, 64, 32]


# ---------------------------------------------------------------- shapes and dtypes


@pytest.mark.parametrize("shape", [(4, 4), (3, 4, 4), (2, 3, 4, 4)])
def test_leading_axes_are_kept(shape):
    x = np.arange(np.prod(shape)).reshape(shape)
    out = pool2d(x, 2)
    assert out.shape == shape[:-2] + (2, 2)
    np.testing.assert_array_equal(out.reshape(-1, 2, 2)[0], pool2d(x.reshape(-1, 4, 4)[0], 2))


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16])
def test_integer_dtypes(dtype):
    x = np.asarray(ANCHOR, dtype=dtype)
    assert pool2d(x, 2).dtype == dtype
    assert pool2d(x, 2, mode="min").dtype == dtype
    assert pool2d(x, 2, mode="avg").dtype == np.float64
    assert pool2d(x, 2, padding=1).tolist() == pool2d(ANCHOR, 2, padding=1).tolist()


def test_extreme_integers_are_not_padding():
    info = np.iinfo(np.int16)
    x = np.full((3, 3), info.min, dtype=np.int16)
    assert (pool2d(x, 2, padding=1) == info.min).all()
    y = np.full((3, 3), info.max, dtype=np.int16)
    assert (pool2d(y, 2, padding=1, mode="min") == info.max).all()


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_float_dtypes_are_kept(dtype):
    x = np.asarray(ANCHOR, dtype=dtype)
    for mode in ("max", "avg", "min"):
        out = pool2d(x, 2, mode=mode, padding=1)
        assert out.dtype == dtype
    assert global_pool(x).dtype == dtype


def test_bool_maps_pool_as_or_and_and():
    mask = np.array([[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]], dtype=bool)
    assert pool2d(mask, 2).tolist() == [[True, False], [False, True]]
    assert pool2d(mask, 2, mode="min").tolist() == [[False, False], [False, True]]
    assert pool2d(mask, 2, mode="avg").tolist() == [[0.25, 0.0], [0.0, 1.0]]


def test_lists_and_non_contiguous_inputs():
    assert pool2d(ANCHOR.tolist(), 2).tolist() == [[20, 11], [10, 18]]
    big = np.arange(64.0).reshape(8, 8)
    np.testing.assert_array_equal(pool2d(big[::2, ::2], 2), pool2d(big[::2, ::2].copy(), 2))
    np.testing.assert_array_equal(pool2d(big.T, 3, 2, 1), pool2d(big.T.copy(), 3, 2, 1))


def test_input_is_not_modified():
    x = np.arange(36.0).reshape(6, 6)
    before = x.copy()
    for mode in ("max", "avg", "min"):
        pool2d(x, 3, 2, 1, mode=mode)
    np.testing.assert_array_equal(x, before)


# ---------------------------------------------------------------- NaN and infinities


def test_nan_propagates_like_pytorch():
    x = np.arange(16.0).reshape(4, 4)
    x[0, 0] = np.nan
    for mode in ("max", "min", "avg"):
        out = pool2d(x, 2, mode=mode)
        assert np.isnan(out[0, 0])
        assert not np.isnan(out[1:, :]).any() and not np.isnan(out[:, 1:]).any()


def test_infinities():
    x = np.full((2, 2), -np.inf)
    assert pool2d(x, 2, padding=1).tolist() == [[-np.inf, -np.inf], [-np.inf, -np.inf]]
    y = np.array([[np.inf, 1.0], [2.0, 3.0]])
    assert pool2d(y, 2, mode="max").item() == np.inf
    assert pool2d(y, 2, mode="min").item() == 1.0


# ---------------------------------------------------------------- properties


@st.composite
def _geometry(draw):
    """Draw a valid (H, W, k, s, p, d, ceil_mode) for both axes."""
    k = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    s = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    p = (draw(st.integers(0, k[0] // 2)), draw(st.integers(0, k[1] // 2)))
    d = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    ceil_mode = draw(st.booleans())
    hw = []
    for a in range(2):
        low = max(1, d[a] * (k[a] - 1) + 1 - 2 * p[a])
        hw.append(draw(st.integers(low, low + 9)))
    return hw[0], hw[1], k, s, p, d, ceil_mode


_DTYPES = st.sampled_from([np.float64, np.float32, np.int64, np.int32, np.uint8])


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    geo=_geometry(),
    lead=st.sampled_from([(), (2,), (1, 3), (2, 2)]),
    dtype=_DTYPES,
    mode=st.sampled_from(["max", "avg", "min"]),
    count_include_pad=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
    path=st.sampled_from(ENGINE_PATHS),
)
def test_matches_reference_loop(geo, lead, dtype, mode, count_include_pad, seed, path):
    H, W, k, s, p, d, ceil_mode = geo
    if mode == "avg":
        d = (1, 1)  # PyTorch's avg_pool2d has no dilation; checked separately below
        if any(
            d_ * (k_ - 1) + 1 - 2 * p_ > h for d_, k_, p_, h in zip(d, k, p, (H, W), strict=True)
        ):
            return
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 50, size=lead + (H, W)).astype(dtype)  # small values: many ties
    try:
        expected, _ = reference.pool(x, k, s, p, d, ceil_mode, mode, count_include_pad)
    except ValueError:
        return
    if 0 in expected.shape:
        with pytest.raises(ValueError, match="larger than the padded input"):
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
    assert out.shape == expected.shape
    if mode == "avg":
        np.testing.assert_allclose(out, expected, rtol=1e-6)
    else:
        assert out.dtype == x.dtype
        np.testing.assert_array_equal(out, expected)


@settings(max_examples=150, deadline=None)
@given(
    geo=_geometry(),
    seed=st.integers(0, 2**32 - 1),
    path=st.sampled_from(ENGINE_PATHS),
)
def test_min_is_minus_max_of_minus(geo, seed, path):
    H, W, k, s, p, d, ceil_mode = geo
    x = np.random.default_rng(seed).standard_normal((2, H, W))
    try:
        with engine_path(path):
            pos = pool2d(x, k, s, p, mode="min", dilation=d, ceil_mode=ceil_mode)
    except ValueError:
        return
    with engine_path(path):
        neg = -pool2d(-x, k, s, p, mode="max", dilation=d, ceil_mode=ceil_mode)
    np.testing.assert_array_equal(pos, neg)


@settings(max_examples=100, deadline=None)
@given(geo=_geometry(), seed=st.integers(0, 2**32 - 1))
def test_output_size_matches_pool_shape(geo, seed):
    H, W, k, s, p, d, ceil_mode = geo
    x = np.zeros((H, W))
    try:
        out = pool2d(x, k, s, p, dilation=d, ceil_mode=ceil_mode)
    except ValueError:
        with pytest.raises(ValueError):
            output_size((H, W), k, s, p, d, ceil_mode)
        return
    assert output_size((H, W), k, s, p, d, ceil_mode) == out.shape
    assert out.shape[0] == reference.out_len(H, k[0], s[0], p[0], d[0], ceil_mode)


def test_avg_window_of_padding_only_is_nan_without_a_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = pool2d(
            np.ones((2, 2)),
            2,
            stride=1,
            padding=1,
            mode="avg",
            dilation=3,
            count_include_pad=False,
        )
    assert np.isnan(out).all()


def test_avg_with_dilation_averages_the_taps():
    x = np.arange(25.0).reshape(5, 5)
    out = pool2d(x, 2, stride=1, mode="avg", dilation=2)
    np.testing.assert_allclose(out[0, 0], (0 + 2 + 10 + 12) / 4)


def test_large_blocks_match_small():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 70, 60, 60)).astype(np.float32)  # several cache blocks
    for mode in ("max", "avg", "min"):
        fast = pool2d(x, 3, 2, 1, mode=mode)
        slow = np.stack([pool2d(plane, 3, 2, 1, mode=mode) for plane in x.reshape(-1, 60, 60)])
        if mode == "avg":  # one plane alone sums in another order: float32 rounding
            np.testing.assert_allclose(fast, slow.reshape(fast.shape), rtol=1e-6, atol=1e-7)
        else:
            np.testing.assert_array_equal(fast, slow.reshape(fast.shape))


@pytest.mark.parametrize(
    "shape", [(1, 1, 512, 512), (512, 512), (2, 1, 300, 300), (1, 64, 112, 112), (8, 64, 28, 28)]
)
@pytest.mark.parametrize(("k", "s", "p"), [(2, 2, 0), (3, 2, 1), (3, 1, 1)])
def test_peak_memory_stays_within_twice_the_output(shape, k, s, p):
    import tracemalloc

    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    for mode in ("max", "avg"):
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        out = pool2d(x, k, s, p, mode=mode)
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
        assert peak - out.nbytes <= 2 * out.nbytes


def test_global_pool_shapes_and_modes():
    x = np.arange(2 * 3 * 4 * 5, dtype=np.float32).reshape(2, 3, 4, 5)
    assert global_pool(x).shape == (2, 3)
    np.testing.assert_allclose(global_pool(x), x.mean(axis=(-2, -1)), rtol=1e-6)
    np.testing.assert_array_equal(global_pool(x, "max"), x.max(axis=(-2, -1)))
    np.testing.assert_array_equal(global_pool(x, mode="min"), x.min(axis=(-2, -1)))
    assert global_pool(x[0]).shape == (3,)
    assert int(global_pool(ANCHOR, "max")) == 20
    np.testing.assert_allclose(global_pool(x), pool2d(x, (4, 5), mode="avg")[..., 0, 0], rtol=1e-6)


# ---------------------------------------------------------------- output_size


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((4, 2), 2),
        ((4, 3, 3), 1),
        ((5, 2, 2), 2),
        ((112, 3, 2, 1), 56),
        ((56, 2), 28),
        ((28, 3, 1, 1), 28),
        ((7, 7), 1),
    ],
)
def test_output_size(args, expected):
    assert output_size(*args) == expected


def test_output_size_ceil_mode_drops_window_starting_in_right_padding():
    # n=5, k=2, s=2, p=1: ceil(5/2)+1 = 4, but the 4th window would start at 6-1 = 5 = n: dropped
    assert output_size(5, 2, 2, 1, ceil_mode=True) == 3
    assert output_size(6, 2, 2, 1, ceil_mode=True) == 4
    assert output_size(4, 3, 3, ceil_mode=True) == 2
    assert output_size((4, 5), 3, 3, ceil_mode=True) == (2, 2)


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"kernel_size": 0}, ValueError, r"`kernel_size` must be positive.*got kernel_size=0"),
        ({"kernel_size": -2}, ValueError, "kernel_size=-2"),
        ({"kernel_size": 2, "stride": 0}, ValueError, r"`stride` must be positive.*stride=0"),
        ({"kernel_size": 2, "dilation": 0}, ValueError, r"`dilation` must be positive"),
        ({"kernel_size": 2, "padding": -1}, ValueError, r"`padding` must be non-negative"),
        (
            {"kernel_size": 4, "padding": 3},
            ValueError,
            r"`padding` must be at most half of `kernel_size`; got padding=3, kernel_size=4",
        ),
        ({"kernel_size": 5}, ValueError, "larger than the padded input"),
        ({"kernel_size": 3, "dilation": 2}, ValueError, "larger than the padded input"),
        (
            {"kernel_size": (2, 2, 2)},
            ValueError,
            r"`kernel_size` must be an int or a pair.*length 3",
        ),
        ({"kernel_size": ()}, ValueError, "length 0"),
        (
            {"kernel_size": 2.5},
            TypeError,
            r"`kernel_size` must be an int or a pair of ints; got 2.5",
        ),
        ({"kernel_size": "2"}, TypeError, "kernel_size"),
        ({"kernel_size": None}, TypeError, "kernel_size"),
        ({"kernel_size": True}, TypeError, "kernel_size"),
        ({"kernel_size": (2, 2.0)}, TypeError, "must hold integers"),
        ({"kernel_size": 2, "stride": 1.5}, TypeError, "stride"),
        ({"kernel_size": 2, "mode": "mean"}, ValueError, r"`mode` must be one of.*mode='avg'"),
        ({"kernel_size": 2, "mode": "MAX"}, ValueError, r"did you mean mode='max'"),
        ({"kernel_size": 2, "mode": 1}, TypeError, "`mode` must be a string"),
        ({"kernel_size": 2, "ceil_mode": "yes"}, TypeError, "`ceil_mode` must be True or False"),
        ({"kernel_size": 2, "count_include_pad": None}, TypeError, "count_include_pad"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        pool2d(ANCHOR, **kwargs)


@pytest.mark.parametrize(
    ("x", "error", "match"),
    [
        (np.arange(4), ValueError, r"must have 2 to 4 dimensions.*got 1 dimension"),
        (np.float64(3.0), ValueError, "got 0 dimensions"),
        (np.zeros((1, 1, 1, 4, 4)), ValueError, "got 5 dimensions"),
        (np.zeros((0, 4)), ValueError, "empty axis"),
        (np.zeros((2, 0, 4, 4)), ValueError, "empty axis"),
        (np.array([["a", "b"], ["c", "d"]]), TypeError, "strings"),
        (np.array([[1, None], [2, 3]], dtype=object), TypeError, "objects"),
        (np.ones((2, 2), dtype=complex), TypeError, "complex"),
        ([[1, 2], [3]], ValueError, "rectangular"),
        ("abcd", TypeError, "real numeric"),
    ],
)
def test_bad_inputs(x, error, match):
    with pytest.raises(error, match=match):
        pool2d(x, 1)


@pytest.mark.parametrize("fn", [global_pool])
def test_global_pool_errors(fn):
    with pytest.raises(ValueError, match="dimensions"):
        fn(np.arange(3))
    with pytest.raises(ValueError, match="`mode` must be one of"):
        fn(ANCHOR, mode="median")


def test_output_size_errors():
    with pytest.raises(ValueError, match="`n` must be positive"):
        output_size(0, 2)
    with pytest.raises(TypeError, match="`n` must be an int"):
        output_size(4.0, 2)
    with pytest.raises(ValueError, match="larger than the padded input"):
        output_size(3, 4, padding=0)


def test_same_mistake_same_message_everywhere():
    with pytest.raises(ValueError) as a:
        pool2d(ANCHOR, 2, padding=2)
    with pytest.raises(ValueError) as b:
        output_size(4, 2, padding=2)
    assert str(a.value) == str(b.value)


def test_arguments_come_in_pytorchs_order_then_keywords():
    """kernel_size, stride, padding, dilation, ceil_mode by position, as in
    torch.nn.functional.max_pool2d; mode and the average's options by keyword only."""
    x = np.arange(49.0).reshape(7, 7)
    by_name = pool2d(x, 3, stride=2, padding=1, dilation=2, ceil_mode=True)
    np.testing.assert_array_equal(pool2d(x, 3, 2, 1, 2, True), by_name)
    g = np.ones_like(by_name)
    np.testing.assert_array_equal(
        pool2d_backward(x, g, 3, 2, 1, 2, True),
        pool2d_backward(x, g, 3, stride=2, padding=1, dilation=2, ceil_mode=True),
    )
    with pytest.raises(TypeError):
        pool2d(x, 3, 2, 1, 1, False, "avg")
