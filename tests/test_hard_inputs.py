"""The engine on hard inputs (issue #14): NaN and infinities anywhere, argument
checks that never depend on what ran before, huge integers, PyTorch tensors,
an empty batch, and ties between signed zeros.

Every class is checked against the plain loops of tests/reference.py, and
against PyTorch 2.13 when it is installed.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit import (
    adaptive_bounds,
    adaptive_pool2d,
    blur_pool2d,
    global_pool,
    max_pool2d_with_indices,
    max_unpool2d,
    output_size,
    pool2d,
    pool2d_backward,
)
from coursekit.engine import geometry, passes, pooling, zeros
from coursekit.engine.blurpool import _binomial
from tests import reference
from tests.test_pooling import ENGINE_PATHS, _geometry, engine_path

SPECIAL = [np.nan, np.inf, -np.inf, 0.0, -0.0]


def _sprinkle(x, rng, count, values=SPECIAL):
    """Put ``count`` values drawn from ``values`` at random cells of ``x``."""
    flat = x.reshape(-1)
    for _ in range(count):
        flat[rng.integers(flat.size)] = values[rng.integers(len(values))]
    return x


def _same(got, want):
    """Equal values, NaN where NaN, and the same sign of every zero."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(want))


def _close(got, want):
    """Equal up to rounding; NaN and infinities exactly where they are wanted."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_array_equal(np.isposinf(got), np.isposinf(want))
    np.testing.assert_array_equal(np.isneginf(got), np.isneginf(want))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def _torch():
    torch = pytest.importorskip("torch")
    return torch, torch.nn.functional


# ---------------------------------------------------------------- NaN and infinities


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    geo=_geometry(),
    mode=st.sampled_from(["max", "avg", "min"]),
    cip=st.booleans(),
    dtype=st.sampled_from([np.float32, np.float64]),
    count=st.integers(0, 4),
    seed=st.integers(0, 2**32 - 1),
    path=st.sampled_from(ENGINE_PATHS),
)
def test_pool2d_non_finite_matches_reference(geo, mode, cip, dtype, count, seed, path):
    H, W, k, s, p, d, ceil_mode = geo
    if mode == "avg":
        d = (1, 1)  # as PyTorch's avg_pool2d: a dilated window may read only padding
    rng = np.random.default_rng(seed)
    x = _sprinkle(rng.integers(-2, 3, (2, H, W)).astype(dtype), rng, count)
    with engine_path(path):
        got = pool2d(x, k, s, p, mode=mode, dilation=d, ceil_mode=ceil_mode, count_include_pad=cip)
    with np.errstate(invalid="ignore"):
        want, _ = reference.pool(x, k, s, p, d, ceil_mode, mode, cip)
    if mode == "avg":
        _close(got, want)
    else:
        _same(got, want)


@pytest.mark.parametrize("mode", ["avg", "max", "min"])
def test_adaptive_non_finite_stays_in_its_windows(mode):
    rng = np.random.default_rng(3)
    for H, W, oh, ow in [(5, 7, 3, 2), (8, 8, 3, 5), (4, 4, 1, 1), (6, 5, 6, 5), (3, 4, 7, 9)]:
        x = _sprinkle(rng.integers(-2, 3, (2, 3, H, W)).astype(np.float32), rng, 3)
        got = adaptive_pool2d(x, (oh, ow), mode)
        want = np.stack([reference.adaptive_plane(pl, oh, ow, mode) for pl in x.reshape(-1, H, W)])
        (_close if mode == "avg" else _same)(got, want.reshape(got.shape))


def test_adaptive_average_keeps_one_infinity_in_its_window():
    x = np.zeros((6, 6))
    x[0, 0] = np.inf
    got = adaptive_pool2d(x, 3)
    assert np.isposinf(got[0, 0])
    assert (got.reshape(-1)[1:] == 0).all()  # before: every cell was NaN (0 * inf)
    x[5, 5] = np.nan
    got = adaptive_pool2d(x, 3)
    assert np.isnan(got[2, 2]) and np.isposinf(got[0, 0])
    assert np.isfinite(got).sum() == 7


@pytest.mark.parametrize("mode", ["avg", "max", "min"])
@pytest.mark.parametrize("cip", [True, False])
def test_backward_non_finite_gradient_matches_reference(mode, cip):
    rng = np.random.default_rng(5)
    for k, s, p, d, ceil_mode in [
        ((2, 2), (2, 2), (0, 0), (1, 1), False),
        ((3, 3), (1, 1), (1, 1), (1, 1), False),
        ((3, 2), (2, 3), (1, 0), (1, 1), True),
        ((2, 3), (1, 2), (1, 1), (2, 1), True),
    ]:
        x = _sprinkle(rng.integers(-2, 3, (2, 7, 6)).astype(float), rng, 2)
        OH = reference.out_len(7, k[0], s[0], p[0], d[0], ceil_mode)
        OW = reference.out_len(6, k[1], s[1], p[1], d[1], ceil_mode)
        g = _sprinkle(rng.integers(-2, 3, (2, OH, OW)).astype(float), rng, 3)
        kw = dict(mode=mode, dilation=d, ceil_mode=ceil_mode, count_include_pad=cip)
        got = pool2d_backward(x, g, k, s, p, **kw)
        want = [
            reference.backward_plane(x[i], g[i], k, s, p, d, ceil_mode, mode, cip) for i in range(2)
        ]
        _close(got, np.stack(want))


def test_average_backward_keeps_one_infinity_in_its_window():
    g = np.zeros((3, 3))
    g[1, 1] = -np.inf
    got = pool2d_backward(np.zeros((6, 6)), g, 2, mode="avg")
    assert np.isneginf(got[2:4, 2:4]).all()
    assert np.isfinite(got).sum() == 32  # before: every cell was NaN (0 * inf)


@pytest.mark.parametrize("mode", ["max", "avg", "min", None])
def test_blur_pool_non_finite_matches_reference(mode):
    rng = np.random.default_rng(7)
    for size, stride in [(4, (2, 2)), (3, (2, 1)), (1, (2, 2)), (5, (3, 2))]:
        x = _sprinkle(rng.integers(-2, 3, (2, 9, 8)).astype(float), rng, 3)
        got = blur_pool2d(x, 2, stride, mode=mode, filter_size=size)
        dense = (
            x if mode is None else reference.pool(x, (2, 2), (1, 1), (0, 0), (1, 1), False, mode)[0]
        )
        row = _binomial(size)
        want = np.stack([reference.blur_plane(pl, row, stride) for pl in dense])
        _close(got, want)


@pytest.mark.parametrize("mode", ["avg", "max", "min"])
def test_global_pool_non_finite_matches_reference(mode):
    rng = np.random.default_rng(11)
    x = _sprinkle(rng.integers(-2, 3, (3, 4, 5, 6)).astype(np.float32), rng, 6)
    got = global_pool(x, mode)
    want, _ = reference.pool(x, (5, 6), (5, 6), (0, 0), (1, 1), False, mode)
    (_close if mode == "avg" else _same)(got, want[..., 0, 0])


def test_non_finite_against_pytorch():
    torch, F = _torch()
    rng = np.random.default_rng(13)
    for _ in range(40):
        H, W = rng.integers(3, 10, 2)
        x = _sprinkle(rng.integers(-2, 3, (2, 3, H, W)).astype(np.float32), rng, 4)
        t = torch.from_numpy(x)
        oh, ow = (int(v) for v in rng.integers(1, 8, 2))
        _close(adaptive_pool2d(x, (oh, ow)), F.adaptive_avg_pool2d(t, (oh, ow)).numpy())
        _same(adaptive_pool2d(x, (oh, ow), "max"), F.adaptive_max_pool2d(t, (oh, ow)).numpy())
        _close(global_pool(x), F.adaptive_avg_pool2d(t, 1).numpy()[..., 0, 0])
        _same(global_pool(x, "max"), F.adaptive_max_pool2d(t, 1).numpy()[..., 0, 0])
        for k, s, p in [(2, 2, 0), (3, 2, 1), (3, 1, 1)]:
            out, idx = max_pool2d_with_indices(x, k, s, p)
            t_out, t_idx = F.max_pool2d(t, k, s, p, return_indices=True)
            _same(out, t_out.numpy())
            np.testing.assert_array_equal(idx, t_idx.numpy())
            _close(pool2d(x, k, s, p, mode="avg"), F.avg_pool2d(t, k, s, p).numpy())
            tx = torch.from_numpy(x.astype(np.float64)).requires_grad_()
            y = F.avg_pool2d(tx, k, s, p)
            g = _sprinkle(rng.integers(-2, 3, y.shape).astype(np.float64), rng, 2)
            y.backward(torch.from_numpy(g))
            _close(pool2d_backward(x.astype(np.float64), g, k, s, p, mode="avg"), tx.grad.numpy())
            tx.grad = None
            y = F.max_pool2d(tx, k, s, p)
            y.backward(torch.from_numpy(g))
            _close(pool2d_backward(x.astype(np.float64), g, k, s, p), tx.grad.numpy())


# ---------------------------------------------------------------- checks never depend on history

X = np.arange(36.0).reshape(6, 6)
WRONG = [2.0, True, np.float64(2.0), np.True_, "2", (2, 2.0), (True, 2), [2.0, 2]]


def _calls():
    """(name, call, valid value) for every public function and argument: ``call(a)``
    passes ``a`` as that argument and valid values for all the others."""
    g = np.ones((3, 3))
    out, idx = max_pool2d_with_indices(X, 2)
    yield "pool2d kernel_size", lambda a: pool2d(X, a), 2
    for mode in ("max", "avg", "min"):
        yield f"pool2d {mode} stride", lambda a, m=mode: pool2d(X, 2, a, mode=m), 2
        yield f"pool2d {mode} padding", lambda a, m=mode: pool2d(X, 2, 2, a, mode=m), 1
        yield f"pool2d {mode} dilation", lambda a, m=mode: pool2d(X, 2, 2, dilation=a, mode=m), 2
        yield f"pool2d {mode} ceil_mode", lambda a, m=mode: pool2d(X, 4, ceil_mode=a, mode=m), True
    yield "output_size n", lambda a: output_size(a, 2), 2
    yield "output_size kernel_size", lambda a: output_size(6, a), 2
    yield "output_size stride", lambda a: output_size(6, 2, a), 2
    yield "with_indices kernel_size", lambda a: max_pool2d_with_indices(X, a), 2
    yield "with_indices dilation", lambda a: max_pool2d_with_indices(X, 2, dilation=a), 2
    yield "with_indices ceil_mode", lambda a: max_pool2d_with_indices(X, 4, ceil_mode=a), True
    yield "unpool output_size", lambda a: max_unpool2d(out, idx, a), 6
    yield "backward avg stride", lambda a: pool2d_backward(X, g, 2, a, mode="avg"), 2
    yield "backward max kernel_size", lambda a: pool2d_backward(X, g, a), 2
    yield "adaptive output_size", lambda a: adaptive_pool2d(X, a), 2
    yield "adaptive_bounds out", lambda a: adaptive_bounds(6, a), 2
    yield "blur_pool2d kernel_size", lambda a: blur_pool2d(X, a), 2
    yield "blur_pool2d stride", lambda a: blur_pool2d(X, 2, a), 2


def _outcome(call, arg):
    try:
        call(arg)
    except (TypeError, ValueError) as err:
        return type(err), str(err)
    return None, None


@pytest.mark.parametrize("name_call", list(_calls()), ids=lambda nc: nc[0])
def test_wrong_types_give_the_same_error_after_a_valid_call(name_call):
    name, call, valid = name_call
    for arg in WRONG:
        if name.endswith("ceil_mode") and isinstance(arg, (bool, np.bool_)):
            continue
        geometry._plan_cached.cache_clear()
        geometry._PLAIN.clear()
        fresh = _outcome(call, arg)
        call(valid)  # a valid call of the same shape, which fills every cache
        again = _outcome(call, arg)
        assert again == fresh, (arg, fresh, again)
        assert fresh[0] is TypeError, (arg, fresh)


@pytest.mark.parametrize("arg", [2.0, 1, np.float64(1.0), np.int64(1), "yes"])
def test_ceil_mode_must_be_a_flag_after_a_valid_call(arg):
    pool2d(X, 4, 4, ceil_mode=True)
    with pytest.raises(TypeError, match=r"`ceil_mode` must be True or False; got"):
        pool2d(X, 4, 4, ceil_mode=arg)


def test_two_point_zero_after_two_is_refused():
    pool2d(X, 1)
    with pytest.raises(
        TypeError, match=r"`kernel_size` must be an int or a pair of ints; got True"
    ):
        pool2d(X, True)  # True == 1 and hash(True) == hash(1): a cache must not confuse them
    pool2d(X, 2)
    with pytest.raises(TypeError, match=r"`kernel_size` must be an int or a pair of ints; got 2.0"):
        pool2d(X, 2.0)
    with pytest.raises(TypeError, match=r"`stride` must be an int or a pair of ints; got True"):
        pool2d(X, 2, True)


# ---------------------------------------------------------------- huge integers

HUGE = 10**30


@pytest.mark.parametrize("mode", ["max", "avg", "min"])
@pytest.mark.parametrize("name", ["kernel_size", "stride", "dilation", "padding"])
@pytest.mark.parametrize("value", [HUGE, 2**31, (2, HUGE)])
def test_huge_integers_give_value_error(mode, name, value):
    kw = {"kernel_size": 2, name: value}
    with pytest.raises(
        ValueError, match=rf"`{name}` must be at most 2\*\*31 - 1 = 2147483647.*got {name}="
    ):
        pool2d(X, mode=mode, **kw)
    with pytest.raises(ValueError, match=rf"`{name}` must be at most 2\*\*31 - 1"):
        pool2d_backward(X, np.ones((3, 3)), mode=mode, **kw)


def test_huge_integers_elsewhere():
    with pytest.raises(
        ValueError, match=r"`output_size` must be at most 2\*\*31 - 1.*got output_size=10+"
    ):
        adaptive_pool2d(X, HUGE)
    with pytest.raises(ValueError, match=r"`output_size` must be at most 2\*\*31 - 1"):
        adaptive_pool2d(X, (2, HUGE))
    with pytest.raises(ValueError, match=r"`out` must be at most 2\*\*31 - 1"):
        adaptive_bounds(6, HUGE)
    with pytest.raises(ValueError, match=r"`n` must be at most 2\*\*31 - 1"):
        output_size(HUGE, 2)
    with pytest.raises(ValueError, match=r"`stride` must be at most"):
        blur_pool2d(X, 2, HUGE)
    with pytest.raises(ValueError, match=r"`kernel_size` must be positive.*got kernel_size=-10+"):
        pool2d(X, -HUGE)


def test_largest_stride_is_accepted_like_pytorch():
    got = pool2d(X, 2, 2**31 - 1, mode="avg")
    want, _ = reference.pool(X, (2, 2), (2**31 - 1,) * 2, (0, 0), (1, 1), False, "avg")
    np.testing.assert_array_equal(got, want)


def test_huge_integers_are_refused_by_pytorch_too():
    torch, F = _torch()
    with pytest.raises((RuntimeError, ValueError, OverflowError)):
        F.avg_pool2d(torch.zeros(1, 1, 6, 6), 2, HUGE)
    with pytest.raises((RuntimeError, ValueError, OverflowError)):
        F.max_pool2d(torch.zeros(1, 1, 6, 6), 2, 2**31)
    assert F.avg_pool2d(torch.zeros(1, 1, 6, 6), 2, 2**31 - 1).shape[-2:] == (1, 1)


# ---------------------------------------------------------------- PyTorch tensors


def test_tensor_that_requires_grad_is_read_detached():
    torch, F = _torch()
    x = np.random.default_rng(0).standard_normal((2, 3, 7, 6)).astype(np.float32)
    t = torch.from_numpy(x.copy()).requires_grad_()
    for mode in ("max", "avg", "min"):
        want, _ = reference.pool(x, (3, 3), (2, 2), (1, 1), (1, 1), False, mode)
        _close(pool2d(t, 3, 2, 1, mode=mode), want)
    _close(pool2d(t, 3, 2, 1, mode="avg"), F.avg_pool2d(t, 3, 2, 1).detach().numpy())
    _same(global_pool(t, "max"), x.max(axis=(-2, -1)))
    _close(adaptive_pool2d(t, 3), F.adaptive_avg_pool2d(t, 3).detach().numpy())
    out, idx = max_pool2d_with_indices(t, 2)
    t_out, t_idx = F.max_pool2d(t, 2, return_indices=True)
    np.testing.assert_array_equal(idx, t_idx.numpy())
    np.testing.assert_array_equal(
        max_unpool2d(t_out, t_idx, (7, 6)), max_unpool2d(out, idx, (7, 6))
    )
    g = torch.ones_like(t_out, requires_grad=True)
    assert pool2d_backward(t, g, 2).shape == x.shape
    assert blur_pool2d(t).shape == blur_pool2d(x).shape
    assert not t.grad  # nothing was written to the tensor or its gradient


def test_tensors_numpy_cannot_read_get_a_type_error_with_the_conversion():
    torch, _ = _torch()
    with pytest.raises(
        TypeError, match=r"tensor on device meta.*x\.detach\(\)\.cpu\(\)\.numpy\(\)"
    ):
        pool2d(torch.zeros(1, 1, 4, 4, device="meta"), 2)
    with pytest.raises(
        TypeError, match=r"dtype torch\.bfloat16.*x\.detach\(\)\.float\(\)\.numpy\(\)"
    ):
        pool2d(torch.zeros(1, 1, 4, 4, dtype=torch.bfloat16), 2)
    with pytest.raises(TypeError, match=r"`grad_out` must be a tensor NumPy can read"):
        pool2d_backward(np.zeros((4, 4)), torch.zeros(2, 2, dtype=torch.bfloat16), 2)


# ---------------------------------------------------------------- an empty batch


@pytest.mark.parametrize("mode", ["max", "avg", "min"])
def test_empty_batch_gives_an_empty_output(mode):
    x = np.zeros((0, 3, 7, 6), dtype=np.float32)
    OH, OW = (reference.out_len(n, 3, 2, 1, 1, True) for n in (7, 6))
    out = pool2d(x, 3, 2, 1, mode=mode, ceil_mode=True)
    assert out.shape == (0, 3, OH, OW) and out.dtype == np.float32
    assert global_pool(x, mode).shape == (0, 3)
    assert adaptive_pool2d(x, (2, 5), mode).shape == (0, 3, 2, 5)
    assert (
        pool2d_backward(x, np.zeros((0, 3, OH, OW)), 3, 2, 1, mode=mode, ceil_mode=True).shape
        == x.shape
    )
    assert blur_pool2d(x, mode=mode).shape[:2] == (0, 3)
    out, idx = max_pool2d_with_indices(x, 2)
    assert out.shape == idx.shape == (0, 3, 3, 3) and idx.dtype == np.int64
    assert max_unpool2d(out, idx, (7, 6)).shape == x.shape
    assert pool2d(np.zeros((0, 1, 4, 4), dtype=int), 2, mode="avg").dtype == np.float64


@pytest.mark.parametrize("shape", [(2, 0, 4, 4), (0, 4, 4), (2, 4, 0), (0, 4)])
def test_only_the_batch_axis_may_be_empty(shape):
    with pytest.raises(ValueError, match=r"must not have an empty axis.*only N, the batch axis"):
        pool2d(np.zeros(shape), 2)


def test_empty_batch_against_pytorch():
    torch, F = _torch()
    x = np.zeros((0, 3, 7, 6), dtype=np.float32)
    t = torch.from_numpy(x)
    assert pool2d(x, 3, 2, 1).shape == tuple(F.max_pool2d(t, 3, 2, 1).shape)
    assert pool2d(x, 3, 2, 1, mode="avg").shape == tuple(F.avg_pool2d(t, 3, 2, 1).shape)
    assert adaptive_pool2d(x, (2, 5)).shape == tuple(F.adaptive_avg_pool2d(t, (2, 5)).shape)
    assert max_pool2d_with_indices(x, 2)[1].shape == tuple(
        F.max_pool2d(t, 2, return_indices=True)[1].shape
    )


# ---------------------------------------------------------------- ties and signed zeros


@pytest.mark.parametrize("path", ENGINE_PATHS)
def test_signed_zero_ties_keep_the_first_extreme(path):
    x = np.array([[0.0, -0.0], [-0.0, -0.0]], dtype=np.float32)
    y = np.array([[-5.0, 0.0], [-0.0, -5.0]])  # row-major first zero: +0.0 (column-wise: -0.0)
    with engine_path(path):
        assert not np.signbit(pool2d(x, 2)).any()
        assert np.signbit(pool2d(-x, 2, mode="min")).all()
        assert not np.signbit(pool2d(y, 2)).any()
        assert np.signbit(pool2d(-y, 2, mode="min")).all()
    assert not np.signbit(global_pool(x, "max"))
    assert not np.signbit(adaptive_pool2d(y, 1, "max")).any()
    assert max_pool2d_with_indices(y, 2)[1].tolist() == [[1]]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    geo=_geometry(),
    mode=st.sampled_from(["max", "min"]),
    seed=st.integers(0, 2**32 - 1),
    path=st.sampled_from(ENGINE_PATHS),
)
def test_signed_zeros_and_indices_match_reference(geo, mode, seed, path):
    H, W, k, s, p, d, ceil_mode = geo
    rng = np.random.default_rng(seed)
    x = rng.choice(
        np.array([0.0, -0.0, -1.0, 1.0, np.nan, -np.inf]),
        size=(2, H, W),
        p=[0.35, 0.35, 0.1, 0.1, 0.05, 0.05],
    )
    want, want_idx = reference.pool(x, k, s, p, d, ceil_mode, mode)
    with engine_path(path):
        _same(pool2d(x, k, s, p, mode=mode, dilation=d, ceil_mode=ceil_mode), want)
        if mode == "max":
            out, idx = max_pool2d_with_indices(x, k, s, p, dilation=d, ceil_mode=ceil_mode)
            _same(out, want)
            np.testing.assert_array_equal(idx, want_idx)
    ga, _ = reference.pool(x, (H, W), (H, W), (0, 0), (1, 1), False, mode)
    _same(global_pool(x, mode), ga[..., 0, 0])
    oh, ow = int(rng.integers(1, H + 2)), int(rng.integers(1, W + 2))
    want_ada = np.stack([reference.adaptive_plane(pl, oh, ow, mode) for pl in x])
    _same(adaptive_pool2d(x, (oh, ow), mode), want_ada)


def test_signed_zeros_and_ties_against_pytorch():
    torch, F = _torch()
    rng = np.random.default_rng(17)
    values = np.array([0.0, -0.0, -1.0, 1.0, np.nan, -np.inf, np.inf], dtype=np.float32)
    for _ in range(30):
        H, W = (int(v) for v in rng.integers(3, 9, 2))
        x = rng.choice(values, size=(2, 2, H, W), p=[0.3, 0.3, 0.1, 0.1, 0.1, 0.05, 0.05])
        t = torch.from_numpy(x)
        for k, s, p, d in [(2, 2, 0, 1), (3, 1, 1, 1), (3, 2, 1, 2)]:
            out, idx = max_pool2d_with_indices(x, k, s, p, dilation=d)
            t_out, t_idx = F.max_pool2d(t, k, s, p, d, return_indices=True)
            _same(out, t_out.numpy())
            np.testing.assert_array_equal(idx, t_idx.numpy())
            _same(
                pool2d(x, k, s, p, mode="min", dilation=d), (-F.max_pool2d(-t, k, s, p, d)).numpy()
            )
        _same(adaptive_pool2d(x, 3, "max"), F.adaptive_max_pool2d(t, 3).numpy())


# ---------------------------------------------------------------- the fewest-passes average path


@pytest.mark.parametrize(
    "shape, k, s, p, d, ceil_mode",
    [
        ((3, 4, 12, 12), 3, 2, 1, 1, False),  # W2's geometry: stride 2, W == 2 * OW
        ((3, 4, 10, 10), 2, 2, 0, 1, False),  # W3's
        ((3, 4, 9, 9), 3, 1, 1, 1, False),  # W4's: stride 1, OW == W
        ((2, 3, 9, 10), (3, 5), (1, 2), (1, 2), 1, False),
        ((2, 3, 8, 10), (5, 3), (2, 2), (2, 1), 1, True),
        ((2, 3, 11, 8), (2, 5), (3, 1), (1, 2), (1, 1), False),
        ((2, 3, 9, 12), 3, (1, 2), 1, (2, 1), False),  # a dilated column window
        ((2, 3, 7, 8), 1, (1, 2), 0, 1, False),
        ((2, 3, 7, 7), (2, 1), (1, 1), (1, 0), 1, True),
        ((2, 3, 1, 2), (2, 3), (1, 2), (1, 1), 1, False),  # OH = 2 > H = 1
    ],
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("cip", [True, False])
def test_fewest_passes_average_matches_reference(shape, k, s, p, d, ceil_mode, dtype, cip):
    rng = np.random.default_rng(19)
    x = _sprinkle(rng.standard_normal(shape).astype(dtype), rng, 5)
    pair = [v if isinstance(v, tuple) else (v, v) for v in (k, s, p, d)]
    with np.errstate(invalid="ignore"):
        want, _ = reference.pool(x, *pair, ceil_mode, "avg", cip)
    for budget in (1.5, 0.05):  # many blocks of one plane, and the default
        old = pooling._SMALL, passes._MEMORY_BUDGET
        pooling._SMALL, passes._MEMORY_BUDGET = 0, budget
        try:
            got = pool2d(
                x, k, s, p, mode="avg", dilation=d, ceil_mode=ceil_mode, count_include_pad=cip
            )
        finally:
            pooling._SMALL, passes._MEMORY_BUDGET = old
        assert got.dtype == dtype
        _close(got, want)


def test_fewest_passes_average_is_taken_for_the_benchmark_layouts():
    from coursekit.engine.geometry import plan

    for shape, k, s, p in [((4, 12, 12), 3, 2, 1), ((4, 10, 10), 2, 2, 0), ((4, 9, 9), 3, 1, 1)]:
        x3 = np.ones(shape, dtype=np.float32)
        ah, aw = plan(shape[1:], k, s, p)
        assert passes.average_flat(x3, ah, aw, 1) is not None
    ah, aw = plan((9, 9), 3, 1, 0)  # OW = 7 != W: the general path
    assert passes.average_flat(np.ones((4, 9, 9), np.float32), ah, aw, 1) is None


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_zero_detection_by_bits(dtype):
    tiny = np.finfo(dtype).smallest_subnormal
    a = np.array([1.0, -2.0, np.nan, -np.nan, np.inf, -np.inf, tiny, -tiny], dtype=dtype)
    assert not zeros._has_zero(a) and not zeros._has_negative_zero(a)
    for zero in (0.0, -0.0):
        b = a.copy()
        b[3] = zero
        assert zeros._has_zero(b)
        assert zeros._has_negative_zero(b) == np.signbit(zero)
