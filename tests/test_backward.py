"""pool2d_backward: numerical gradients, a plain-loop reference, PyTorch autograd."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from coursekit import ANCHOR, numerical_gradient, pool2d, rel_error
from coursekit.engine.backward import pool2d_backward

# ---------------------------------------------------------------- reference


def _axis_windows(n, k, s, p, d, ceil_mode):
    """Output length and the taps of each window along one axis, by the formula."""
    eff = d * (k - 1) + 1
    num = n + 2 * p - eff
    out = (math.ceil(num / s) if ceil_mode else num // s) + 1
    if ceil_mode and (out - 1) * s >= n + p:
        out -= 1
    return out, [[o * s - p + d * j for j in range(k)] for o in range(out)]


def loop_backward(x, g, k, s, p, d, ceil_mode, mode, cip):
    """One window at a time, one tap at a time: the rules written out plainly."""
    H, W = x.shape
    OH, th = _axis_windows(H, k[0], s[0], p[0], d[0], ceil_mode)
    OW, tw = _axis_windows(W, k[1], s[1], p[1], d[1], ceil_mode)
    grad = np.zeros((H, W))
    for i in range(OH):
        for j in range(OW):
            cells = [(r, c) for r in th[i] for c in tw[j]]
            inside = [(r, c) for r, c in cells if 0 <= r < H and 0 <= c < W]
            if mode == "avg":
                if cip:
                    count = sum(-p[0] <= r < H + p[0] and -p[1] <= c < W + p[1] for r, c in cells)
                else:
                    count = len(inside)
                for r, c in inside:  # no cell inside: nothing to pass on
                    grad[r, c] += g[i, j] / count
                continue
            best = None
            for r, c in inside:  # row-major: rows outer, columns inner
                val = x[r, c]
                if best is None:
                    best = (r, c)
                    continue
                cur = x[best]
                if np.isnan(val):
                    best = (r, c)  # a NaN always wins, so the last NaN stays
                elif np.isnan(cur):
                    continue
                elif (mode == "max" and val > cur) or (mode == "min" and val < cur):
                    best = (r, c)
            if best is not None:
                grad[best] += g[i, j]
    return grad


@st.composite
def cases(draw):
    k = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    s = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    p = (draw(st.integers(0, k[0] // 2)), draw(st.integers(0, k[1] // 2)))
    d = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    ceil_mode = draw(st.booleans())
    H, W = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    out_h, _ = _axis_windows(H, k[0], s[0], p[0], d[0], ceil_mode)
    out_w, _ = _axis_windows(W, k[1], s[1], p[1], d[1], ceil_mode)
    assume(out_h >= 1 and out_w >= 1)
    # Small integers: ties are frequent, so "first maximum" is really tested.
    x = np.array(draw(st.lists(st.integers(-3, 3), min_size=H * W, max_size=H * W)), float)
    x = x.reshape(H, W)
    return x, k, s, p, d, ceil_mode


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(cases(), st.sampled_from(["max", "avg", "min"]), st.booleans(), st.integers(0, 2**32 - 1))
def test_matches_plain_loop_reference(case, mode, cip, seed):
    x, k, s, p, d, ceil_mode = case
    with np.errstate(invalid="ignore"):  # a window of padding only: 0/0 in pool2d
        out = pool2d(x, k, s, p, mode=mode, dilation=d, ceil_mode=ceil_mode, count_include_pad=cip)
    g = np.random.default_rng(seed).normal(size=out.shape)
    got = pool2d_backward(
        x, g, k, s, p, mode=mode, dilation=d, ceil_mode=ceil_mode, count_include_pad=cip
    )
    want = loop_backward(x, g, k, s, p, d, ceil_mode, mode, cip)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["max", "min"]))
def test_nan_goes_to_the_last_nan_like_the_reference(seed, mode):
    rng = np.random.default_rng(seed)
    x = rng.integers(-2, 3, size=(5, 6)).astype(float)
    x[rng.random(x.shape) < 0.3] = np.nan
    g = rng.normal(size=pool2d(x, 2, 1).shape)
    got = pool2d_backward(x, g, 2, 1, mode=mode)
    want = loop_backward(x, g, (2, 2), (1, 1), (0, 0), (1, 1), False, mode, True)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


# ------------------------------------------------------ numerical gradient

GEOMETRIES = [
    dict(kernel_size=2),
    dict(kernel_size=3, stride=2),
    dict(kernel_size=3, stride=2, padding=1),
    dict(kernel_size=(2, 3), stride=(1, 2), padding=(1, 1)),
    dict(kernel_size=3, stride=2, ceil_mode=True),
    dict(kernel_size=2, stride=1, dilation=2),
    dict(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
]


@pytest.mark.parametrize("mode", ["max", "avg", "min"])
@pytest.mark.parametrize("kw", GEOMETRIES)
def test_central_difference_gradient(mode, kw):
    rng = np.random.default_rng(1)
    # A permutation scaled apart: no ties, and a step h never reorders values.
    x = rng.permutation(2 * 7 * 7).reshape(2, 7, 7) * 0.1
    g = rng.normal(size=pool2d(x, mode=mode, **kw).shape)

    def loss(z):
        return float((pool2d(z, mode=mode, **kw) * g).sum())

    num = numerical_gradient(loss, x, h=1e-5)
    ana = pool2d_backward(x, g, mode=mode, **kw)
    assert rel_error(num, ana) < 1e-6
    assert np.abs(ana).sum() > 0  # the check compares something


def test_anchor_gradients_by_hand():
    ones = np.ones((2, 2))
    mx = pool2d_backward(ANCHOR, ones, 2)
    assert mx.sum() == 4 and sorted(ANCHOR[mx == 1]) == [10, 11, 18, 20]
    avg = pool2d_backward(ANCHOR, ones, 2, mode="avg")
    np.testing.assert_array_equal(avg, np.full((4, 4), 0.25))
    mn = pool2d_backward(ANCHOR, ones, 2, mode="min")
    assert sorted(ANCHOR[mn == 1]) == [2, 3, 5, 8]


def test_shapes_and_dtypes_follow_x():
    x = np.arange(2 * 3 * 6 * 6, dtype=np.float32).reshape(2, 3, 6, 6)
    g = np.ones((2, 3, 3, 3), dtype=np.float32)
    for mode in ("max", "avg", "min"):
        res = pool2d_backward(x, g, 2, mode=mode)
        assert res.shape == x.shape and res.dtype == np.float32
        # The gradient is conserved: every output cell hands on all of it.
        assert res.sum() == pytest.approx(g.sum())
    assert pool2d_backward(ANCHOR, np.ones((2, 2)), 2).dtype == np.float64
    bools = np.eye(4, dtype=bool)
    assert pool2d_backward(bools, np.ones((2, 2)), 2).dtype == np.float64


def test_overlapping_windows_add_up():
    x = np.zeros((5, 5))
    x[2, 2] = 1.0  # the centre is the maximum of all four 3x3 / stride 2 windows
    res = pool2d_backward(x, np.ones((2, 2)), 3, stride=2)
    assert res[2, 2] == 4 and res.sum() == 4


def test_window_of_padding_only_passes_nothing():
    x = np.arange(9.0).reshape(3, 3)
    res = pool2d_backward(x, np.ones((1, 1)), 2, stride=1, padding=1, dilation=4)
    np.testing.assert_array_equal(res, np.zeros((3, 3)))


# ------------------------------------------------------------ bad inputs


def test_grad_out_shape_must_match():
    with pytest.raises(ValueError, match=r"`grad_out` must have the shape of the pooled output"):
        pool2d_backward(ANCHOR, np.ones((3, 3)), 2)
    with pytest.raises(ValueError, match=r"expected \(2, 2\)"):
        pool2d_backward(ANCHOR, np.ones((1, 2, 2)), 2)


def test_bad_arguments_get_the_shared_messages():
    with pytest.raises(TypeError, match=r"`grad_out` must be a real numeric array"):
        pool2d_backward(ANCHOR, [["a", "b"], ["c", "d"]], 2)
    with pytest.raises(ValueError, match=r"`mode` must be one of .*use mode='avg'"):
        pool2d_backward(ANCHOR, np.ones((2, 2)), 2, mode="mean")
    with pytest.raises(ValueError, match=r"`padding` must be at most half of `kernel_size`"):
        pool2d_backward(ANCHOR, np.ones((2, 2)), 2, padding=2)
    with pytest.raises(TypeError, match=r"`count_include_pad` must be True or False"):
        pool2d_backward(ANCHOR, np.ones((2, 2)), 2, mode="avg", count_include_pad=1)
    with pytest.raises(TypeError, match=r"`x` must be a real numeric array"):
        pool2d_backward(np.ones((4, 4), complex), np.ones((2, 2)), 2)


def test_numerical_gradient_and_rel_error_messages():
    with pytest.raises(TypeError, match=r"`f` must be a function of x"):
        numerical_gradient(3, np.ones(2))
    with pytest.raises(TypeError, match=r"`h` must be a real number"):
        numerical_gradient(np.sum, np.ones(2), h="small")
    with pytest.raises(ValueError, match=r"`h` must be positive and finite.*got h=0"):
        numerical_gradient(np.sum, np.ones(2), h=0)
    with pytest.raises(ValueError, match=r"`x` must not be empty"):
        numerical_gradient(np.sum, np.ones(0))
    with pytest.raises(TypeError, match=r"`x` must be an array of real numbers"):
        numerical_gradient(np.sum, ["a", "b"])
    with pytest.raises(TypeError, match=r"`a` and `b` must be arrays of real numbers"):
        rel_error("x", [1.0])
    with pytest.raises(ValueError, match=r"`a` and `b` must have the same shape"):
        rel_error(np.ones(2), np.ones(3))


def test_numerical_gradient_leaves_x_alone_and_is_accurate():
    x = np.array([[0.5, -1.0], [2.0, 3.0]])
    before = x.copy()
    grad = numerical_gradient(lambda z: float((np.sin(z)).sum()), x)
    np.testing.assert_array_equal(x, before)
    assert rel_error(grad, np.cos(x)) < 1e-8
    assert rel_error(grad, np.cos(x) + 1e-3) > 1e-6  # and it can tell a wrong one


# --------------------------------------------------------- PyTorch autograd


def _torch_grad(torch, x, g, mode, kw):
    F = torch.nn.functional
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    kw = dict(kw)
    if mode == "max":
        kw.pop("count_include_pad", None)
        out = F.max_pool2d(t, **kw)
    else:
        kw.pop("dilation", None)
        out = F.avg_pool2d(t, **kw)
    out.backward(torch.tensor(g, dtype=torch.float64))
    return out.detach().numpy(), t.grad.numpy()


@st.composite
def torch_cases(draw, mode):
    k = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    s = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    p = draw(st.integers(0, k[0] // 2)), draw(st.integers(0, k[1] // 2))
    d = (draw(st.integers(1, 3)), draw(st.integers(1, 3))) if mode == "max" else (1, 1)
    kw = dict(kernel_size=k, stride=s, padding=p, dilation=d, ceil_mode=draw(st.booleans()))
    if mode == "avg":
        kw["count_include_pad"] = draw(st.booleans())
    H, W = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    for n, i in ((H, 0), (W, 1)):
        out, taps = _axis_windows(n, k[i], s[i], p[i], d[i], kw["ceil_mode"])
        assume(out >= 1)
        # PyTorch routes a window of padding only to a cell outside it: left out.
        assume(all(any(0 <= t < n for t in window) for window in taps))
    return (H, W), kw


def test_torch_autograd_max_and_avg():
    torch = pytest.importorskip("torch")

    @settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
    @given(st.data(), st.sampled_from(["max", "avg"]), st.integers(0, 2**32 - 1))
    def run(data, mode, seed):
        (H, W), kw = data.draw(torch_cases(mode))
        rng = np.random.default_rng(seed)
        x = rng.integers(-3, 4, size=(2, 1, H, W)).astype(np.float64)  # ties included
        ours = pool2d(
            x, mode=mode, **{k: v for k, v in kw.items() if k != "stride"}, stride=kw["stride"]
        )
        g = rng.normal(size=ours.shape)
        t_out, t_grad = _torch_grad(torch, x, g, mode, kw)
        np.testing.assert_allclose(ours, t_out, rtol=1e-12, atol=1e-12)
        got = pool2d_backward(x, g, mode=mode, **kw)
        np.testing.assert_allclose(got, t_grad, rtol=1e-10, atol=1e-12)

    run()


@pytest.mark.parametrize(
    "kw",
    [
        dict(kernel_size=3, stride=2, padding=1, ceil_mode=True),
        dict(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
        dict(kernel_size=(2, 3), stride=(2, 1), padding=(1, 0), ceil_mode=True),
    ],
)
def test_torch_avg_ceil_mode_divisor(kw):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(3).normal(size=(1, 2, 6, 7))
    g = np.random.default_rng(4).normal(size=pool2d(x, mode="avg", **kw).shape)
    _, t_grad = _torch_grad(torch, x, g, "avg", kw)
    np.testing.assert_allclose(pool2d_backward(x, g, mode="avg", **kw), t_grad, rtol=1e-12)


def test_torch_max_with_nan_routes_to_the_last_nan():
    torch = pytest.importorskip("torch")
    x = np.array([[[[1.0, np.nan], [np.nan, 0.0]]]])
    g = np.ones((1, 1, 1, 1))
    _, t_grad = _torch_grad(torch, x, g, "max", dict(kernel_size=2))
    np.testing.assert_array_equal(pool2d_backward(x, g, 2), t_grad)
