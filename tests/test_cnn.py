"""The NumPy CNN: every layer gradient-checked, the forward pass against torch."""

from __future__ import annotations

import numpy as np
import pytest

from coursekit import load_digits_split, numerical_gradient, rel_error, shift_images
from coursekit.cnn import (
    accuracy,
    adam_step,
    conv2d,
    conv2d_backward,
    init_params,
    network_backward,
    network_forward,
    param_count,
    predict,
    relu,
    relu_backward,
    softmax_cross_entropy,
    train,
)


def conv_loop(x, w, b, s, p):
    """Cross-correlation written out position by position."""
    N, C, H, W = x.shape
    F, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    oh, ow = (H + 2 * p - kh) // s + 1, (W + 2 * p - kw) // s + 1
    out = np.zeros((N, F, oh, ow))
    for n in range(N):
        for f in range(F):
            for i in range(oh):
                for j in range(ow):
                    patch = xp[n, :, i * s : i * s + kh, j * s : j * s + kw]
                    out[n, f, i, j] = (patch * w[f]).sum() + b[f]
    return out


@pytest.mark.parametrize("stride,padding", [(1, 0), (1, 1), (2, 0), (2, 1), (3, 2)])
def test_conv2d_matches_loop(stride, padding):
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(2, 3, 7, 6)), rng.normal(size=(4, 3, 3, 3)), rng.normal(size=4)
    got = conv2d(x, w, b, stride=stride, padding=padding)
    np.testing.assert_allclose(got, conv_loop(x, w, b, stride, padding), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("stride,padding", [(1, 0), (1, 1), (2, 1), (3, 2)])
def test_conv2d_backward_numerically(stride, padding):
    rng = np.random.default_rng(1)
    x, w, b = rng.normal(size=(2, 2, 6, 5)), rng.normal(size=(3, 2, 3, 3)), rng.normal(size=3)
    g = rng.normal(size=conv2d(x, w, b, stride=stride, padding=padding).shape)
    dx, dw, db = conv2d_backward(x, w, g, stride=stride, padding=padding)

    def loss_x(z):
        return float((conv2d(z, w, b, stride=stride, padding=padding) * g).sum())

    def loss_w(z):
        return float((conv2d(x, z, b, stride=stride, padding=padding) * g).sum())

    def loss_b(z):
        return float((conv2d(x, w, z, stride=stride, padding=padding) * g).sum())

    assert rel_error(dx, numerical_gradient(loss_x, x)) < 1e-7
    assert rel_error(dw, numerical_gradient(loss_w, w)) < 1e-7
    assert rel_error(db, numerical_gradient(loss_b, b)) < 1e-7


def test_relu_and_softmax_gradients():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(4, 5))
    x[np.abs(x) < 0.05] = 0.5  # keep away from the kink at 0
    g = rng.normal(size=x.shape)
    num = numerical_gradient(lambda z: float((relu(z) * g).sum()), x)
    assert rel_error(relu_backward(x, g), num) < 1e-8
    labels = np.array([0, 3, 4, 1])
    loss, grad = softmax_cross_entropy(x, labels)
    num = numerical_gradient(lambda z: softmax_cross_entropy(z, labels)[0], x)
    assert rel_error(grad, num) < 1e-7
    assert loss > 0


def test_softmax_is_stable_for_large_scores():
    loss, grad = softmax_cross_entropy(np.array([[1000.0, 0.0]]), [0])
    assert loss == pytest.approx(0.0) and np.isfinite(grad).all()


@pytest.mark.parametrize("head", ["flatten", "gap"])
@pytest.mark.parametrize("filters", [3, (2, 3)])
def test_whole_network_gradient(head, filters):
    rng = np.random.default_rng(3)
    params = init_params(head, filters=filters, image_size=6, classes=4, seed=4)
    for key in params:
        if key.endswith("_b"):
            params[key] = rng.normal(scale=0.1, size=params[key].shape)
    x = rng.normal(size=(3, 1, 6, 6))
    y = np.array([0, 2, 3])
    logits, cache = network_forward(params, x)
    _, grad = softmax_cross_entropy(logits, y)
    grads = network_backward(params, cache, grad)
    assert grads.keys() == params.keys()
    for key in params:

        def loss(z, key=key):
            trial = dict(params)
            trial[key] = z
            return softmax_cross_entropy(network_forward(trial, x)[0], y)[0]

        num = numerical_gradient(loss, params[key])
        assert rel_error(grads[key], num) < 1e-6, key


def test_parameter_counts_of_the_two_heads():
    # conv 8 (80) + conv 16 (8*16*9 + 16 = 1168), pooled maps 16 x 6 x 6
    assert param_count(init_params("flatten")) == 80 + 1168 + 16 * 36 * 10 + 10
    assert param_count(init_params("gap")) == 80 + 1168 + 16 * 10 + 10
    one = init_params("gap", filters=8, image_size=8)
    assert param_count(one) == 80 + 90  # exercise 3's GAP head: 8 -> 10 is 90


def test_adam_moves_against_the_gradient():
    p = {"w": np.array([1.0, -1.0])}
    state = adam_step(p, {"w": np.array([3.0, -0.5])}, None, lr=0.1)
    np.testing.assert_allclose(p["w"], [0.9, -0.9], rtol=1e-6)
    state = adam_step(p, {"w": np.array([3.0, -0.5])}, state, lr=0.1)
    assert state["t"] == 2


def test_training_is_reproducible_and_learns():
    x_tr, x_te, y_tr, y_te = load_digits_split()
    runs = [
        train("gap", x_tr[:200], y_tr[:200], epochs=2, filters=4, progress=False) for _ in range(2)
    ]
    for key in runs[0][0]:
        np.testing.assert_array_equal(runs[0][0][key], runs[1][0][key])
    assert runs[0][1] == runs[1][1]
    params, hist = train("flatten", x_tr, y_tr, epochs=2, filters=4, progress=False)
    assert hist["loss"][1] < hist["loss"][0]
    assert accuracy(params, x_te, y_te) > 0.5  # chance is 0.1
    assert predict(params, x_te).shape == y_te.shape


def test_progress_goes_to_stdout(capsys):
    x = np.zeros((4, 1, 4, 4))
    train("gap", x, [0, 1, 0, 1], epochs=2, filters=2, progress=True)
    out = capsys.readouterr()
    assert out.err == ""
    assert out.out.count("epoch") == 2 and "[####################]" in out.out


def test_digits_and_shifts():
    x_tr, x_te, y_tr, y_te = load_digits_split(border=2)
    assert x_tr.shape[1:] == (1, 12, 12) and len(x_tr) + len(x_te) == 1797
    assert x_tr[..., :2, :].max() == 0  # the border is blank
    moved = shift_images(x_te, 2, -2)
    np.testing.assert_array_equal(moved[..., 2:, :-2], x_te[..., :-2, 2:])
    assert moved.sum() == pytest.approx(x_te.sum())  # nothing fell off the canvas
    assert load_digits_split(border=0)[0].shape[1:] == (1, 8, 8)


def test_conv2d_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    x, w, b = rng.normal(size=(2, 3, 9, 8)), rng.normal(size=(5, 3, 3, 3)), rng.normal(size=5)
    want = torch.nn.functional.conv2d(
        torch.tensor(x), torch.tensor(w), torch.tensor(b), stride=2, padding=1
    )
    np.testing.assert_allclose(conv2d(x, w, b, stride=2, padding=1), want.numpy(), rtol=1e-10)


def test_bad_inputs():
    x, w = np.zeros((1, 2, 5, 5)), np.zeros((3, 1, 3, 3))
    with pytest.raises(ValueError, match=r"`w` must have as many input channels as `x`"):
        conv2d(x, w)
    with pytest.raises(
        ValueError,
        match=r"`x` must be a batch \(N, C, H, W\) with 4 dimensions; got shape \(5, 5\)",
    ):
        conv2d(np.zeros((5, 5)), w)
    with pytest.raises(ValueError, match=r"`b` must hold one bias per filter, shape \(3,\)"):
        conv2d(np.zeros((1, 1, 5, 5)), w, np.zeros(2))
    with pytest.raises(ValueError, match=r"the filter is larger than the padded input"):
        conv2d(np.zeros((1, 1, 2, 2)), w)
    with pytest.raises(ValueError, match=r"`stride` must be positive"):
        conv2d(np.zeros((1, 1, 5, 5)), w, stride=0)
    with pytest.raises(ValueError, match=r"`grad_out` must have the shape of conv2d's output"):
        conv2d_backward(np.zeros((1, 1, 5, 5)), w, np.zeros((1, 3, 2, 2)))
    with pytest.raises(ValueError, match=r"`grad_out` must have the shape of `x`"):
        relu_backward(np.zeros(3), np.zeros(2))
    with pytest.raises(TypeError, match=r"`labels` must be integers"):
        softmax_cross_entropy(np.zeros((2, 3)), [0.0, 1.0])
    with pytest.raises(ValueError, match=r"`labels` must lie in \[0, 3\)"):
        softmax_cross_entropy(np.zeros((2, 3)), [0, 3])
    with pytest.raises(ValueError, match=r"`head` must be one of 'flatten', 'gap'"):
        init_params("dense")
    with pytest.raises(ValueError, match=r"`kernel_size` must be odd"):
        init_params("gap", kernel_size=2)
    with pytest.raises(TypeError, match=r"`filters` must be an int or a pair of ints"):
        init_params("gap", filters=(1, 2, 3))
    with pytest.raises(ValueError, match=r"`filters` must be positive"):
        init_params("gap", filters=0)
    with pytest.raises(ValueError, match=r"`lr` must be positive and finite"):
        adam_step({"w": np.zeros(1)}, {"w": np.zeros(1)}, None, lr=-1)
    with pytest.raises(TypeError, match=r"`y` must hold integer classes"):
        train("gap", np.zeros((2, 1, 4, 4)), [0.5, 1.5], progress=False)
    with pytest.raises(ValueError, match=r"`y` must have one label per image"):
        train("gap", np.zeros((2, 1, 4, 4)), [0], progress=False)
    with pytest.raises(ValueError, match=r"`x` must be square one-channel images"):
        train("gap", np.zeros((2, 1, 4, 6)), [0, 1], progress=False)
    with pytest.raises(TypeError, match=r"`epochs` must be an int"):
        train("gap", np.zeros((2, 1, 4, 4)), [0, 1], epochs=1.5)
    with pytest.raises(TypeError, match=r"`progress` must be True or False"):
        train("gap", np.zeros((2, 1, 4, 4)), [0, 1], progress="yes")
    with pytest.raises(ValueError, match=r"`x` and `y` must have the same length"):
        accuracy(init_params("gap", image_size=4), np.zeros((2, 1, 4, 4)), [0])
    with pytest.raises(ValueError, match=r"`test_size` must be between 0 and 1"):
        load_digits_split(test_size=1.5)
    with pytest.raises(TypeError, match=r"`test_size` must be a float"):
        load_digits_split(test_size=300)
    with pytest.raises(ValueError, match=r"`border` must be a non-negative int"):
        load_digits_split(border=-1)
    with pytest.raises(TypeError, match=r"`right` must be an int number of pixels"):
        shift_images(np.zeros((3, 3)), right=0.5)
    with pytest.raises(ValueError, match=r"`x` must have at least 2 dimensions"):
        shift_images(np.zeros(3), right=1)
