"""Classes of input a differential fuzz against PyTorch 2.13 found the engine wrong on
(about 76,000 random cases): strided and byte-swapped inputs with signed zeros, adaptive
averages that overflow or underflow, averages of -0.0, and windows longer than the input.

Each class is checked against the plain loops of tests/reference.py, and against
PyTorch when it is installed.
"""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import (
    adaptive_pool2d,
    max_pool2d_with_indices,
    max_unpool2d,
    pool2d,
    pool2d_backward,
)
from tests import reference
from tests.test_hard_inputs import _close, _same


def _torch():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    return torch, torch.nn.functional


def _pair(v):
    return (v, v) if isinstance(v, int) else v


# ------------------------------------------------ signed zeros in strided and swapped input


def _zeros_and_ties(seed: int, shape) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.choice(np.array([0.0, -0.0, 1.0, -1.0]), size=shape)


@pytest.mark.parametrize("mode", ["max", "min"])
@pytest.mark.parametrize("layout", ["fortran", "transposed", "every_other", "reversed"])
@pytest.mark.parametrize("seed", range(6))
def test_signed_zeros_in_any_memory_layout(mode, layout, seed):
    base = _zeros_and_ties(seed, (3, 4, 8, 8))
    x = {
        "fortran": np.asfortranarray(base),
        "transposed": np.ascontiguousarray(base.transpose(0, 1, 3, 2)).transpose(0, 1, 3, 2),
        "every_other": np.repeat(base, 2, axis=-1)[..., ::2],
        "reversed": np.ascontiguousarray(base[..., ::-1])[..., ::-1],
    }[layout]
    assert np.array_equal(x, base) and not x.flags.c_contiguous
    for k, s in [(2, 2), ((1, 2), (1, 2)), (3, 1)]:
        want, _ = reference.pool(base, _pair(k), _pair(s), (0, 0), (1, 1), False, mode)
        _same(pool2d(x, k, s, mode=mode), want)


def test_indices_and_unpool_keep_the_first_zero_of_a_fortran_array():
    x = np.zeros((2, 1, 4))
    x[1, 0, 3] = -0.0
    out, idx = max_pool2d_with_indices(np.asfortranarray(x), (1, 2))
    _same(out, np.zeros((2, 1, 2)))
    assert idx.tolist() == [[[0, 2]], [[0, 2]]]
    _same(max_unpool2d(out, idx, (1, 4)), np.zeros((2, 1, 4)))


@pytest.mark.parametrize("dtype", [">f4", ">f8", ">f2", ">i4"])
@pytest.mark.parametrize("mode", ["max", "min", "avg"])
def test_the_other_byte_order_gives_the_same_numbers(dtype, mode):
    native = np.dtype(dtype).newbyteorder("=")
    base = _zeros_and_ties(7, (2, 6, 6)).astype(native)
    swapped = base.astype(dtype)
    assert not swapped.dtype.isnative
    got = pool2d(swapped, 2, 1, mode=mode)
    assert got.dtype.isnative
    _same(got, pool2d(base, 2, 1, mode=mode))
    _same(pool2d_backward(swapped, np.ones_like(got), 2, 1, mode=mode),
          pool2d_backward(base, np.ones_like(got), 2, 1, mode=mode))  # fmt: skip
    _same(adaptive_pool2d(swapped, 3, mode=mode), adaptive_pool2d(base, 3, mode=mode))


# ------------------------------------------------ adaptive average: sum, then divide


@pytest.mark.parametrize(
    "values, dtype",
    [
        ([3e38, 3e38], np.float32),  # the sum overflows: inf, as PyTorch's sum does
        ([1e308, 1e308], np.float64),
        ([5e-324, 5e-324], np.float64),  # a subnormal: 1e-323 / 2 keeps it
        ([-1.0, -2.0, -0.0, 1.0, 2.0], np.float16),  # a zero sum is +0.0
        ([-0.0, -0.0, -0.0], np.float32),
        ([0.1, 0.2, 0.7], np.float32),  # one rounding, after the sum
    ],
)
def test_adaptive_average_sums_then_divides(values, dtype):
    x = np.array([values], dtype=dtype)
    want = reference.adaptive_plane(x.astype(np.float64), 1, 1, "avg")
    got = adaptive_pool2d(x, 1)
    assert got.dtype == dtype
    if dtype != np.float16:  # the reference sums in float64; float16 sums in float32
        with np.errstate(over="ignore"):
            total = np.sum(np.array(values, dtype=dtype), dtype=dtype)
        want = np.array([[total / dtype(len(values))]])
    _same(got, want.astype(dtype))


def test_adaptive_average_against_pytorch_on_extremes():
    torch, F = _torch()
    rng = np.random.default_rng(3)
    for trial in range(200):
        H, W = rng.integers(1, 9, 2)
        dtype = [np.float32, np.float64][trial % 2]
        big = np.finfo(dtype).max / 2
        tiny = np.finfo(dtype).smallest_subnormal
        # One sign per map: with both, the order of the sum decides what cancels, and
        # PyTorch's order (row by row) is not the engine's (documented in pool2d).
        sign = 1.0 if trial % 4 < 2 else -1.0
        cells = np.array([big, 0.0, 1.0, 3.0, tiny], dtype=dtype) * dtype(sign)
        x = rng.choice(np.append(cells, dtype(-0.0)), (2, H, W))
        oh, ow = rng.integers(1, 6, 2)
        got = adaptive_pool2d(x, (int(oh), int(ow)))
        want = F.adaptive_avg_pool2d(torch.from_numpy(x), (int(oh), int(ow))).numpy()
        np.testing.assert_array_equal(np.isposinf(got), np.isposinf(want))
        np.testing.assert_array_equal(np.isneginf(got), np.isneginf(want))
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
        finite = np.isfinite(want)
        np.testing.assert_allclose(got[finite], want[finite], rtol=1e-6)


# ------------------------------------------------ an average is never -0.0


@pytest.mark.parametrize("shape", [(2, 2), (3, 64, 64), (1, 2, 300, 300)])
@pytest.mark.parametrize("k, s, p", [(2, 1, 0), (2, 2, 0), (3, 1, 1), (3, 2, 1)])
def test_an_average_of_negative_zeros_is_positive_zero(shape, k, s, p):
    x = np.full(shape, -0.0, dtype=np.float32)
    out = pool2d(x, k, s, p, mode="avg")
    assert not np.signbit(out).any()
    assert not np.signbit(adaptive_pool2d(x, 1)).any()


def test_an_average_of_negative_zeros_against_pytorch():
    torch, F = _torch()
    x = np.full((2, 3, 5, 5), -0.0)
    for k, s, p in [(2, 1, 0), (2, 2, 0), (3, 2, 1)]:
        want = F.avg_pool2d(torch.from_numpy(x), k, s, p).numpy()
        _same(pool2d(x, k, s, p, mode="avg"), want)


# ------------------------------------------------ windows longer than the input


HUGE = [
    ((4, 4), 2000, 1, 1000, False),
    ((4, 4), 40000, 1, 20000, False),
    ((3, 5), (9, 3), (2, 1), (4, 1), True),
    ((2, 7), (41, 1), 3, (20, 0), True),
    ((6, 6), 13, 4, 6, True),
]


@pytest.mark.parametrize("hw, k, s, p, ceil", HUGE)
@pytest.mark.parametrize("mode", ["max", "avg", "min"])
def test_a_window_longer_than_the_input_reads_only_its_reach(hw, k, s, p, ceil, mode):
    """pool2d(x, 40000, 1, 20000) on a 4x4 map ran out of memory (a padded copy as
    long as the window); the answer needs only the cells each window reaches."""
    rng = np.random.default_rng(1)
    x = rng.integers(-9, 9, (2,) + hw).astype(np.float64)
    got = pool2d(x, k, s, p, mode=mode, ceil_mode=ceil)
    small = all(v < 100 for v in _pair(k))
    if small:  # the reference loop walks every tap
        want, idx = reference.pool(x, _pair(k), _pair(s), _pair(p), (1, 1), ceil, mode)
        _close(got, want)
        if mode == "max":
            assert np.array_equal(max_pool2d_with_indices(x, k, s, p, ceil_mode=ceil)[1], idx)
    g = rng.normal(size=got.shape)
    grad = pool2d_backward(x, g, k, s, p, mode=mode, ceil_mode=ceil)
    if small:
        want_g = np.stack(
            [
                reference.backward_plane(xp, gp, _pair(k), _pair(s), _pair(p), (1, 1), ceil, mode)
                for xp, gp in zip(x, g, strict=True)
            ]
        )
        _close(grad, want_g)
    else:  # every window holds the whole map
        whole = {"max": x.max(axis=(1, 2)), "min": x.min(axis=(1, 2))}
        if mode in whole:
            assert (got == whole[mode][:, None, None]).all()


@pytest.mark.parametrize("hw, k, s, p, ceil", HUGE)
def test_a_window_longer_than_the_input_against_pytorch(hw, k, s, p, ceil):
    torch, F = _torch()
    rng = np.random.default_rng(2)
    x = rng.normal(size=(1, 2) + hw)
    t = torch.from_numpy(x)
    out, idx = max_pool2d_with_indices(x, k, s, p, ceil_mode=ceil)
    t_out, t_idx = F.max_pool2d(t, k, s, p, ceil_mode=ceil, return_indices=True)
    _same(out, t_out.numpy())
    assert np.array_equal(idx, t_idx.numpy())
    for cip in (True, False):
        want = F.avg_pool2d(t, k, s, p, ceil_mode=ceil, count_include_pad=cip).numpy()
        _close(pool2d(x, k, s, p, mode="avg", ceil_mode=ceil, count_include_pad=cip), want)
        tx = t.clone().requires_grad_(True)
        g = rng.normal(size=want.shape)
        F.avg_pool2d(tx, k, s, p, ceil_mode=ceil, count_include_pad=cip).backward(
            torch.from_numpy(g)
        )
        got = pool2d_backward(x, g, k, s, p, mode="avg", ceil_mode=ceil, count_include_pad=cip)
        _close(got, tx.grad.numpy())


# ------------------------------------------------ PyTorch's divisor_override


@pytest.mark.parametrize("divisor", [1, 3, -2, 7])
@pytest.mark.parametrize("k, s, p", [(2, 2, 0), (3, 1, 1), ((3, 2), (2, 1), (1, 1))])
@pytest.mark.parametrize("planes", [1, 300])
def test_divisor_override_divides_each_windows_sum(divisor, k, s, p, planes):
    from numpy.lib.stride_tricks import sliding_window_view

    rng = np.random.default_rng(planes)
    x = rng.integers(-4, 5, (planes, 6, 7)).astype(np.float64)
    (kh, kw), (sh, sw), (ph, pw) = _pair(k), _pair(s), _pair(p)
    padded = np.pad(x, ((0, 0), (ph, ph), (pw, pw)))
    sums = sliding_window_view(padded, (kh, kw), axis=(1, 2))[:, ::sh, ::sw].sum(axis=(-2, -1))
    got = pool2d(x, k, s, p, mode="avg", divisor_override=divisor)
    _same(got, sums / divisor + 0.0)
    g = rng.normal(size=got.shape)
    ones = pool2d_backward(x, g, k, s, p, mode="avg", divisor_override=1)
    _close(pool2d_backward(x, g, k, s, p, mode="avg", divisor_override=divisor), ones / divisor)


def test_divisor_override_against_pytorch():
    torch, F = _torch()
    rng = np.random.default_rng(5)
    for trial in range(300):
        H, W = (int(n) for n in rng.integers(1, 9, 2))
        k = int(rng.integers(1, 5))
        s, p = int(rng.integers(1, 4)), int(rng.integers(0, k // 2 + 1))
        ceil, cip = bool(trial % 2), bool(trial % 3)
        divisor = [-3, -1, 1, 2, 7][trial % 5]
        x = rng.choice(np.array([0.0, -0.0, 1.5, -2.0, 0.25]), (2, 3, H, W))
        tx = torch.from_numpy(x).requires_grad_(True)
        try:
            want = F.avg_pool2d(
                tx, k, s, p, ceil_mode=ceil, count_include_pad=cip, divisor_override=divisor
            )
        except RuntimeError:
            continue
        kw = dict(mode="avg", ceil_mode=ceil, count_include_pad=cip, divisor_override=divisor)
        _same(pool2d(x, k, s, p, **kw), want.detach().numpy())
        g = rng.normal(size=tuple(want.shape))
        want.backward(torch.from_numpy(g))
        _close(pool2d_backward(x, g, k, s, p, **kw), tx.grad.numpy())


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (
            dict(mode="avg", divisor_override=0),
            ValueError,
            "must not be zero; got divisor_override=0",
        ),
        (dict(mode="avg", divisor_override=2.0), TypeError, r"must be an int \(or None\); got 2.0"),
        (dict(mode="avg", divisor_override=True), TypeError, "must be an int"),
        (dict(mode="max", divisor_override=2), ValueError, "average pooling only; got divisor"),
        (dict(mode="avg", divisor_override=2**64), ValueError, "fit in a 64-bit int"),
    ],
)
def test_divisor_override_rules(kwargs, error, match):
    x = np.ones((4, 4))
    with pytest.raises(error, match=match):
        pool2d(x, 2, **kwargs)
    with pytest.raises(error, match=match):
        pool2d_backward(x, np.ones((2, 2)), 2, **kwargs)


# ------------------------------------------------ the sign of zero where rounding makes one


def test_the_sign_of_rounded_zeros_follows_pytorch():
    """float16 averages and float32 gradients that round to zero from below are +0.0
    in PyTorch (it adds into a +0.0); an adaptive mean that does is -0.0 there."""
    _same(pool2d(np.array([[-6e-8, 0.0]], np.float16), (1, 2), mode="avg"), [[0.0]])
    grad = pool2d_backward(
        np.zeros((1, 2), np.float32), np.array([[-1e-45]], np.float32), (1, 2), mode="avg"
    )
    _same(grad, [[0.0, 0.0]])
    _same(adaptive_pool2d(np.array([[[-5e-324, 0.0]]]), 1), [[[-0.0]]])
    _same(adaptive_pool2d(np.full((2, 2), -0.0), 1), [[0.0]])
    big = 2**40
    _same(pool2d(np.full((2, 2), 2.0**40), 2, mode="avg", divisor_override=big), [[4.0]])


def test_the_sign_of_rounded_zeros_against_pytorch():
    torch, F = _torch()
    rng = np.random.default_rng(11)
    for trial in range(200):
        dtype = [np.float16, np.float32, np.float64][trial % 3]
        tiny = np.finfo(dtype).smallest_subnormal
        x = rng.choice(np.array([-tiny, tiny, 0.0, -0.0], dtype=dtype), (1, 2, 3, 4))
        t = torch.from_numpy(x)
        _same(pool2d(x, 2, 1, mode="avg"), F.avg_pool2d(t, 2, 1).numpy())
        # PyTorch's adaptive kernel rounds twice, so a mean one subnormal step away
        # may differ in value: compare the sign wherever both are zero.
        got, want = adaptive_pool2d(x, (2, 1)), F.adaptive_avg_pool2d(t, (2, 1)).numpy()
        both = (got == 0) & (want == 0)
        assert np.array_equal(np.signbit(got[both]), np.signbit(want[both]))
        if dtype != np.float16:
            g = rng.choice(np.array([-tiny, tiny, -0.0], dtype=dtype), (1, 2, 2, 3))
            tx = t.clone().requires_grad_(True)
            F.avg_pool2d(tx, 2, 1).backward(torch.from_numpy(g))
            # Terms that PyTorch rounds to zero one by one may add up to a subnormal
            # in coursekit's float64 sum: compare the sign wherever both are zero.
            got, want = pool2d_backward(x, g, 2, 1, mode="avg"), tx.grad.numpy()
            both = (got == 0) & (want == 0)
            assert np.array_equal(np.signbit(got[both]), np.signbit(want[both]))
